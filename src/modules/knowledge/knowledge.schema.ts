import { Type } from 'typebox';
import { LIMITS } from './article.js';
import { MAX_QUERY_LENGTH } from './article-query.js';

const Slug = Type.String({ minLength: 1, maxLength: LIMITS.slug, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', description: 'lower-case words joined by hyphens; the article is at /help/<slug>' });
const TopicSlug = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' });

const Text = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: LIMITS.title }),
    summary: Type.String({ minLength: 1, maxLength: LIMITS.summary, description: 'one or two sentences, shown in suggestions and lists' }),
    body: Type.String({
      minLength: 1, maxLength: LIMITS.body,
      description: 'article markup: blank lines between paragraphs, "## " subheadings, "- " or "1. " list lines, **bold**, [text](https://… | /path | mailto:… | tel:…)',
    }),
  },
  { additionalProperties: false },
);

export const ArticleSlugParams = Type.Object({ slug: Slug });

export const CreateArticleBody = Type.Object(
  {
    slug: Slug,
    texts: Type.Object({ en: Text, es: Type.Optional(Text), ro: Type.Optional(Text) }, { additionalProperties: false }),
    topics: Type.Optional(Type.Array(TopicSlug, { maxItems: LIMITS.topics })),
    published: Type.Optional(Type.Boolean({ description: 'default false: a draft until published' })),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'order in lists, smaller first; default after the last' })),
  },
  { additionalProperties: false },
);

const TextOrRemove = Type.Union([Text, Type.Null()], { description: 'null removes the translation' });

export const UpdateArticleBody = Type.Object(
  {
    texts: Type.Optional(Type.Object({ en: Type.Optional(Text), es: Type.Optional(TextOrRemove), ro: Type.Optional(TextOrRemove) }, { additionalProperties: false, minProperties: 1 })),
    topics: Type.Optional(Type.Array(TopicSlug, { maxItems: LIMITS.topics })),
    published: Type.Optional(Type.Boolean()),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

const StoredText = Type.Object({ title: Type.String(), summary: Type.String(), body: Type.String() });

const ArticleSchema = Type.Object({
  slug: Type.String(),
  url: Type.String({ description: 'the public page' }),
  texts: Type.Object({ en: StoredText, es: Type.Optional(StoredText), ro: Type.Optional(StoredText) }),
  topics: Type.Array(Type.String()),
  published: Type.Boolean(),
  position: Type.Integer(),
  counters: Type.Object({ views: Type.Integer(), helpfulYes: Type.Integer(), helpfulNo: Type.Integer() }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
});

export const ArticleResponse = Type.Object({ article: ArticleSchema });
export const ArticleListResponse = Type.Object({ articles: Type.Array(ArticleSchema) });

const dateOrTime = (description: string) =>
  Type.String({ maxLength: 40, pattern: '^\\d{4}-\\d{2}-\\d{2}(?:T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,3})?)?Z)?$', description });

export const StatsQuery = Type.Object(
  {
    from: Type.Optional(dateOrTime('start, inclusive: a date (UTC midnight) or a UTC time; default 30 days before `to`')),
    to: Type.Optional(dateOrTime('end, exclusive: a date counts in full; default now')),
  },
  { additionalProperties: false },
);

const count = (description?: string) => Type.Integer({ minimum: 0, ...(description ? { description } : {}) });
const Count = count();

export const StatsResponse = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  articles: Type.Array(Type.Object({
    slug: Type.String(), title: Type.String(), published: Type.Boolean(),
    shown: Count, clicked: Count, helpfulYes: Count, helpfulNo: Count,
    deflected: count('form visits credited to this article that ended without a case'),
  })),
  totals: Type.Object({
    visits: count('contact forms opened'),
    visitsShown: count('of those, shown at least one article'),
    visitsClicked: count('of those, followed at least one suggestion'),
    converted: count('visits that sent the form'),
    deflected: count('visits that said an article answered them, or followed a suggestion and did not send the form within 30 minutes'),
    pending: count('visits that followed a suggestion less than 30 minutes ago and have not sent the form'),
    shown: Count, clicked: Count, helpfulYes: Count, helpfulNo: Count,
  }),
});

export const SuggestionsQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH, description: 'what the customer typed so far; empty: the topic\'s first articles' })),
    topic: Type.Optional(TopicSlug),
    locale: Type.Optional(Type.String({ maxLength: 20, pattern: '^[A-Za-z]{2}(?:[-_][A-Za-z0-9]{1,8})*$', description: 'en, es or ro (others fall back to en)' })),
    visit: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{22}$', description: 'the contact form visit id (hidden field visitId): the articles count as shown to it' })),
  },
  { additionalProperties: false },
);

export const SuggestionsResponse = Type.Object({
  suggestions: Type.Array(Type.Object({
    slug: Type.String(),
    title: Type.String(),
    summary: Type.String(),
    url: Type.String({ description: 'the article page, carrying the visit id as ?from=' }),
    lang: Type.String({ description: 'language of title and summary: the requested one, or en when the article has no translation' }),
  }), { maxItems: 3 }),
});
