import { currentAgent, requireAgent } from '../../http/auth.js';
import type { HttpApp } from '../../http/types.js';
import { AppError } from '../../kernel/errors.js';
import type { AuthService } from '../agents/auth.service.js';
import { isArticleLanguage, type Article, type ArticleLanguage } from './article.js';
import type { ArticleAdminService } from './article-admin.service.js';
import type { HelpArticleService } from './help-articles.service.js';
import {
  ArticleListResponse, ArticleResponse, ArticleSlugParams, CreateArticleBody, StatsQuery, StatsResponse, SuggestionsQuery, SuggestionsResponse, UpdateArticleBody,
} from './knowledge.schema.js';

export type KnowledgeRouteDeps = {
  auth: AuthService;
  helpArticles: HelpArticleService;
  articleAdmin: ArticleAdminService;
  /** Per client address; null when rate limits are off. */
  suggestionLimit: { max: number; timeWindow: string } | null;
  now: () => Date;
};

const DEFAULT_STATS_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

/** The suggestions endpoint customers' browsers call while typing, and the admin API for articles. */
export function registerKnowledgeRoutes(app: HttpApp, deps: KnowledgeRouteDeps): void {
  const reader = requireAgent(deps.auth, 'supervisor');
  const editor = requireAgent(deps.auth, 'admin');
  const admin = '/api/v1/admin/articles';

  app.get('/api/v1/help/suggestions', {
    schema: { querystring: SuggestionsQuery, response: { 200: SuggestionsResponse } },
    config: deps.suggestionLimit ? { rateLimit: deps.suggestionLimit } : undefined,
  }, async (request, reply) => {
    const { q, topic, locale, visit } = request.query;
    const suggestions = await deps.helpArticles.suggest({ text: q ?? '', topic, locale: articleLanguageOf(locale), visitId: visit });
    // Counted as shown to one visit: never from a shared cache.
    reply.header('Cache-Control', 'no-store');
    return { suggestions: suggestions.map((s) => ({ slug: s.slug, title: s.title, summary: s.summary, url: s.url, lang: s.language })) };
  });

  app.get(admin, { schema: { response: { 200: ArticleListResponse } }, preValidation: reader }, async () => ({
    articles: (await deps.articleAdmin.list()).map(present),
  }));

  app.get(`${admin}/stats`, { schema: { querystring: StatsQuery, response: { 200: StatsResponse } }, preValidation: reader }, async (request) => {
    const period = periodOf(request.query.from, request.query.to, deps.now());
    const stats = await deps.articleAdmin.stats(period);
    return { from: period.from.toISOString(), to: period.to.toISOString(), articles: stats.articles, totals: stats.totals };
  });

  app.get(`${admin}/:slug`, { schema: { params: ArticleSlugParams, response: { 200: ArticleResponse } }, preValidation: reader }, async (request) => ({
    article: present(await deps.articleAdmin.get(request.params.slug)),
  }));

  app.post(admin, { schema: { body: CreateArticleBody, response: { 201: ArticleResponse } }, preValidation: editor }, async (request, reply) => {
    const { topics = [], published = false, ...rest } = request.body;
    const created = await deps.articleAdmin.create({ ...rest, topics, published }, currentAgent(request));
    reply.status(201);
    return { article: present(created) };
  });

  app.patch(`${admin}/:slug`, { schema: { params: ArticleSlugParams, body: UpdateArticleBody, response: { 200: ArticleResponse } }, preValidation: editor }, async (request) => ({
    article: present(await deps.articleAdmin.update(request.params.slug, request.body, currentAgent(request))),
  }));

  app.delete(`${admin}/:slug`, { schema: { params: ArticleSlugParams, response: { 200: ArticleResponse } }, preValidation: editor }, async (request) => ({
    article: present(await deps.articleAdmin.remove(request.params.slug, currentAgent(request))),
  }));
}

/** `es-MX` reads as Spanish; a language we do not write in gets English. */
export function articleLanguageOf(locale: string | undefined): ArticleLanguage {
  const language = locale?.slice(0, 2).toLowerCase();
  return isArticleLanguage(language) ? language : 'en';
}

/** A date means its whole UTC day: `from=2026-03-01&to=2026-03-31` is all of March. */
function periodOf(from: string | undefined, to: string | undefined, now: Date): { from: Date; to: Date } {
  const parse = (value: string, endOfDay: boolean) => {
    const isDate = value.length === 10;
    const date = new Date(isDate ? `${value}T00:00:00Z` : value);
    // Date rolls 2026-02-30 over into March: only a date that reads back the same is one.
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value.slice(0, 10)) return null;
    return isDate && endOfDay ? new Date(date.getTime() + DAY_MS) : date;
  };
  // Exclusive end: by default just after now, so what happened this very millisecond counts.
  const end = to ? parse(to, true) : new Date(now.getTime() + 1);
  const start = from ? parse(from, false) : end ? new Date(end.getTime() - DEFAULT_STATS_DAYS * DAY_MS) : null;
  const fields: Record<string, string> = {};
  if (!end) fields.to = 'is not a valid date';
  if (!start) fields.from = 'is not a valid date';
  if (start && end && start.getTime() >= end.getTime()) fields.from = 'must be before to';
  if (!start || !end || Object.keys(fields).length > 0) throw new AppError('validation.failed', 'Choose a valid period.', fields);
  return { from: start, to: end };
}

function present(article: Article) {
  return {
    slug: article.slug,
    url: `/help/${article.slug}`,
    texts: article.texts,
    topics: article.topics,
    published: article.published,
    position: article.position,
    counters: article.counters,
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    updatedBy: article.updatedBy,
  };
}
