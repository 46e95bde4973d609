import type { FieldErrors } from '../../kernel/errors.js';
import { findUnsafeLinks } from './article-markup.js';

/** The languages articles are written in: the help hub's. English is required and the fallback. */
export const ARTICLE_LANGUAGES = ['en', 'es', 'ro'] as const;
export type ArticleLanguage = (typeof ARTICLE_LANGUAGES)[number];

export function isArticleLanguage(value: unknown): value is ArticleLanguage {
  return typeof value === 'string' && (ARTICLE_LANGUAGES as readonly string[]).includes(value);
}

/** One language of an article; `body` is article markup (article-markup.ts), never HTML. */
export type ArticleText = { title: string; summary: string; body: string };
export type ArticleTexts = { en: ArticleText } & Partial<Record<Exclude<ArticleLanguage, 'en'>, ArticleText>>;

export type Article = {
  id: string;
  slug: string;
  texts: ArticleTexts;
  /** Topic slugs the article answers questions of; it is listed and suggested under them. */
  topics: string[];
  published: boolean;
  position: number;
  counters: { views: number; helpfulYes: number; helpfulNo: number };
  createdAt: Date;
  updatedAt: Date;
  updatedBy: { id: string; name: string } | null;
};

/** An article in the reader's language, or in English (`language: 'en'`) when it has no translation. */
export type LocalizedArticle = ArticleText & { slug: string; language: ArticleLanguage; topics: string[] };

export function localizeArticle(article: Pick<Article, 'slug' | 'texts' | 'topics'>, locale: ArticleLanguage): LocalizedArticle {
  const own = article.texts[locale];
  const [language, text] = own ? [locale, own] : (['en', article.texts.en] as const);
  return { slug: article.slug, language, topics: article.topics, ...text };
}

export const LIMITS = { slug: 80, title: 200, summary: 500, body: 20_000, topics: 20 } as const;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Paths under /api/v1/admin/articles/ that are not slugs. */
const RESERVED_SLUGS = new Set(['stats', 'new']);

/** Text as stored: trimmed, line endings normalised. */
export function normalizeText(text: ArticleText): ArticleText {
  return { title: text.title.trim(), summary: text.summary.trim(), body: text.body.replace(/\r\n?/g, '\n').trim() };
}

/**
 * What is wrong with an article about to be saved, per field (`texts.es.body`), or nothing.
 * Topic slugs are checked against the topics that exist by the caller.
 */
export function checkArticle(input: { slug: string; texts: Partial<Record<string, ArticleText>>; topics: string[] }): FieldErrors {
  const fields: FieldErrors = {};
  if (!SLUG_PATTERN.test(input.slug) || input.slug.length > LIMITS.slug) {
    fields.slug = 'Use lower-case letters, digits and single hyphens, like where-is-my-package.';
  } else if (RESERVED_SLUGS.has(input.slug)) fields.slug = `"${input.slug}" is reserved; choose another slug.`;
  if (!input.texts.en) fields['texts.en'] = 'English text is required: it is shown when a translation is missing.';
  for (const [language, text] of Object.entries(input.texts)) {
    if (!text) continue;
    const at = (field: string) => `texts.${language}.${field}`;
    if (!isArticleLanguage(language)) fields[`texts.${language}`] = `Articles are written in ${ARTICLE_LANGUAGES.join(', ')}.`;
    if (text.title === '') fields[at('title')] = 'Enter a title.';
    else if (text.title.length > LIMITS.title) fields[at('title')] = `Titles are at most ${LIMITS.title} characters.`;
    if (text.summary === '') fields[at('summary')] = 'Enter a one-sentence summary.';
    else if (text.summary.length > LIMITS.summary) fields[at('summary')] = `Summaries are at most ${LIMITS.summary} characters.`;
    if (text.body === '') fields[at('body')] = 'Write the article.';
    else if (text.body.length > LIMITS.body) fields[at('body')] = `Articles are at most ${LIMITS.body} characters.`;
    const unsafe = findUnsafeLinks(text.body);
    if (unsafe.length > 0) fields[at('body')] = `Links may go to https:, http:, mailto:, tel: or a path on this site; not ${unsafe.join(', ')}.`;
  }
  if (input.topics.length > LIMITS.topics) fields.topics = `At most ${LIMITS.topics} topics.`;
  return fields;
}
