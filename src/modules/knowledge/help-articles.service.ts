import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { newId } from '../../kernel/ids.js';
import type { Database, Executor } from '../../storage/database.js';
import { localizeArticle, type ArticleLanguage, type LocalizedArticle } from './article.js';
import { keepRelevant, toArticleMatchExpression } from './article-query.js';
import {
  findArticleBySlug, incrementArticleCounter, indexTextsWithoutSearchDocument, listArticles, listArticleSummaries, listSeededSlugs, markSeeded, saveArticle,
  searchArticles, type ArticleSummary,
} from './articles.repository.js';
import { DEFAULT_ARTICLES } from './default-articles.js';
import { findVisit, insertVisit, markVisitConverted, recordArticleEvent, type FormVisit } from './visits.repository.js';

/** What the contact form shows and the suggestions endpoint returns: enough to decide whether to read it. */
export type ArticleSuggestion = Omit<ArticleSummary, 'id'> & { url: string };

export const MAX_SUGGESTIONS = 3;
/** A form opened again within this time (after reading an article, or a reload) continues its visit. */
export const VISIT_REUSE_MS = 60 * 60 * 1000;
/** 128 random bits, base64url: unguessable, so nobody can add events to someone else's visit. */
export const VISIT_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function isVisitId(value: unknown): value is string {
  return typeof value === 'string' && VISIT_ID_PATTERN.test(value);
}

export interface HelpArticleService {
  /** Every published article in the reader's language (English where untranslated), in list order. */
  listPublished(locale: ArticleLanguage): Promise<LocalizedArticle[]>;
  /** Published articles matching what a reader typed, best first. */
  search(text: string, locale: ArticleLanguage, limit: number): Promise<LocalizedArticle[]>;
  /**
   * A published article for its page; counts the view (unless `count` is false), and the click
   * when it was followed from a form visit.
   */
  read(slug: string, locale: ArticleLanguage, fromVisit: string | undefined, options?: { count: boolean }): Promise<LocalizedArticle | null>;
  /**
   * Up to 3 articles for what is typed in a topic's form: matches within the topic first, then
   * any other; the topic's first articles when nothing matches. Recorded as shown to the visit.
   */
  suggest(input: { text: string; topic: string | undefined; locale: ArticleLanguage; visitId: string | undefined }): Promise<ArticleSuggestion[]>;
  /** A contact form being shown: continues a recent unsent visit or starts one, with its suggestions. */
  openForm(input: { topic: string; locale: ArticleLanguage; visitId: string | undefined; description: string }): Promise<{ visitId: string; suggestions: ArticleSuggestion[] }>;
  /** "Did this answer your question?"; returns the visit it belongs to (if any), or null for an unknown article. */
  answer(input: { slug: string; helpful: boolean; visitId: string | undefined }): Promise<{ article: LocalizedArticle; visit: FormVisit | null } | null>;
  /** The form of this visit was sent: the visit is no longer a candidate for deflection. */
  markConverted(visitId: string | undefined): Promise<void>;
  /**
   * Idempotent: adds the default articles never added before; never touches existing or deleted
   * ones. Also indexes texts that have no search document yet (PostgreSQL: texts older than its index).
   */
  seedDefaults(now: Date): Promise<number>;
}

export function createHelpArticleService(deps: { db: Kysely<Database>; clock: Clock }): HelpArticleService {
  const { db, clock } = deps;
  const visitOf = async (executor: Executor, visitId: string | undefined) => (isVisitId(visitId) ? findVisit(executor, visitId) : null);
  const toSuggestion = (article: ArticleSummary, visitId: string | undefined): ArticleSuggestion => ({
    slug: article.slug, title: article.title, summary: article.summary, language: article.language,
    url: `/help/${encodeURIComponent(article.slug)}${visitId ? `?from=${encodeURIComponent(visitId)}` : ''}`,
  });

  async function findSuggestions(text: string, topic: string | undefined, locale: ArticleLanguage): Promise<ArticleSummary[]> {
    const expression = toArticleMatchExpression(text, locale, { prefixLast: true });
    let ids: string[] = [];
    if (expression) {
      const inTopic = topic ? await searchArticles(db, { expression, language: locale, topic, limit: MAX_SUGGESTIONS }) : [];
      const anywhere = inTopic.length < MAX_SUGGESTIONS ? await searchArticles(db, { expression, language: locale, limit: MAX_SUGGESTIONS * 2 }) : [];
      ids = [...new Set(keepRelevant([...inTopic, ...anywhere]).map((match) => match.articleId))].slice(0, MAX_SUGGESTIONS);
    }
    if (ids.length > 0) return sortBy(await listArticleSummaries(db, { language: locale, ids }), ids);
    return topic ? listArticleSummaries(db, { language: locale, topic, limit: MAX_SUGGESTIONS }) : [];
  }

  async function recordShown(executor: Executor, visit: FormVisit | null, articleIds: string[]): Promise<void> {
    if (!visit || visit.convertedAt) return;
    const at = clock.now();
    for (const articleId of articleIds) await recordArticleEvent(executor, { articleId, visitId: visit.id, kind: 'shown', at });
  }

  return {
    async listPublished(locale) {
      return (await listArticles(db, { publishedOnly: true })).map((article) => localizeArticle(article, locale));
    },
    async search(text, locale, limit) {
      const expression = toArticleMatchExpression(text, locale);
      if (!expression) return [];
      const ids = keepRelevant(await searchArticles(db, { expression, language: locale, limit })).map((match) => match.articleId);
      return sortBy(await listArticles(db, { publishedOnly: true, ids }), ids).map((article) => localizeArticle(article, locale));
    },
    async read(slug, locale, fromVisit, options = { count: true }) {
      const article = await findArticleBySlug(db, slug, { publishedOnly: true });
      if (!article) return null;
      if (options.count) await db.transaction().execute(async (trx) => {
        await incrementArticleCounter(trx, article.id, 'view_count');
        const visit = await visitOf(trx, fromVisit);
        if (visit && !visit.convertedAt) await recordArticleEvent(trx, { articleId: article.id, visitId: visit.id, kind: 'clicked', at: clock.now() });
      });
      return localizeArticle(article, locale);
    },
    async suggest({ text, topic, locale, visitId }) {
      const found = await findSuggestions(text, topic, locale);
      const visit = await visitOf(db, visitId);
      if (visit && found.length > 0) await db.transaction().execute((trx) => recordShown(trx, visit, found.map((f) => f.id)));
      return found.map((f) => toSuggestion(f, visit?.id));
    },
    async openForm({ topic, locale, visitId, description }) {
      const now = clock.now();
      const current = await visitOf(db, visitId);
      const reusable = current && !current.convertedAt && now.getTime() - current.startedAt.getTime() < VISIT_REUSE_MS;
      const visit: FormVisit = reusable ? current : { id: randomBytes(16).toString('base64url'), topicSlug: topic, locale, startedAt: now, convertedAt: null };
      const found = await findSuggestions(description, topic, locale);
      await db.transaction().execute(async (trx) => {
        if (!reusable) await insertVisit(trx, visit);
        await recordShown(trx, visit, found.map((f) => f.id));
      });
      return { visitId: visit.id, suggestions: found.map((f) => toSuggestion(f, visit.id)) };
    },
    async answer({ slug, helpful, visitId }) {
      const article = await findArticleBySlug(db, slug, { publishedOnly: true });
      if (!article) return null;
      const visit = await db.transaction().execute(async (trx) => {
        const found = await visitOf(trx, visitId);
        const kind = helpful ? 'helpful_yes' : 'helpful_no';
        const isNew = await recordArticleEvent(trx, { articleId: article.id, visitId: found?.id ?? null, kind, at: clock.now() });
        if (isNew) await incrementArticleCounter(trx, article.id, kind);
        return found;
      });
      return { article: localizeArticle(article, 'en'), visit };
    },
    async markConverted(visitId) {
      if (isVisitId(visitId)) await markVisitConverted(db, visitId, clock.now());
    },
    seedDefaults(now) {
      return db.transaction().execute(async (trx) => {
        const seeded = await listSeededSlugs(trx);
        let added = 0;
        for (const [position, article] of DEFAULT_ARTICLES.entries()) {
          if (seeded.has(article.slug)) continue;
          // An article an admin already created under this slug stays as it is.
          if (!(await findArticleBySlug(trx, article.slug))) {
            await saveArticle(trx, { id: newId(now.getTime()), ...article, published: true, position, createdAt: now, updatedAt: now, updatedById: null });
            added += 1;
          }
          await markSeeded(trx, article.slug, now);
        }
        await indexTextsWithoutSearchDocument(trx);
        return added;
      });
    },
  };
}

function sortBy<T extends { id: string }>(items: T[], ids: string[]): T[] {
  const rank = new Map(ids.map((id, index) => [id, index]));
  return [...items].sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
}
