import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReactNode } from 'react';
import { Type } from 'typebox';
import { isVisitId, type HelpArticleService } from '../knowledge/index.js';
import type { TopicService } from '../topics/topics.service.js';
import { CSRF_FIELD, hasValidCsrfToken, issueCsrfToken } from './hub-cookies.js';
import { ProblemPage } from './pages/ConfirmationPage.js';
import { ArticlePage, HelpIndexPage } from './pages/HelpArticlePages.js';
import type { PageContext } from './pages/Layout.js';

export type HelpArticleRouteDeps = {
  articles: HelpArticleService;
  topics: TopicService;
  secureCookies: boolean;
  /** Per client address, for the "Did this answer your question?" answers. */
  feedbackLimit: { max: number; timeWindow: string } | null;
};

type Helpers = {
  context(request: FastifyRequest, reply: FastifyReply, path: string): PageContext;
  send(reply: FastifyReply, status: number, page: ReactNode): FastifyReply;
};

const SEARCH_RESULTS = 10;
const MAX_SEARCH_LENGTH = 200;
// No length limits on what a link or a search box may carry: the hub answers schema errors with a
// generic problem page, so a long search is shortened and an odd `from` ignored instead.
const IndexQuery = Type.Object({ q: Type.Optional(Type.String()), lang: Type.Optional(Type.String({ maxLength: 10 })) });
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 100 }) });
const ArticleQuery = Type.Object({ from: Type.Optional(Type.String()), answered: Type.Optional(Type.String()), lang: Type.Optional(Type.String({ maxLength: 10 })) });
const Form = Type.Record(Type.String(), Type.Unknown());

/** Issue #6 item 2: the help articles, readable and searchable without JavaScript. */
export function registerHelpArticleRoutes(plain: FastifyInstance, deps: HelpArticleRouteDeps, { context, send }: Helpers): void {
  const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
  const cookieOptions = { secure: deps.secureCookies };
  const notFound = (reply: FastifyReply, ctx: PageContext) =>
    send(reply, 404, <ProblemPage {...ctx} title={ctx.t.helpArticles.notFoundTitle} body={ctx.t.helpArticles.notFoundBody} back={{ href: '/help', label: ctx.t.helpArticles.backToArticles }} />);

  scope.get('/help', { schema: { hide: true, querystring: IndexQuery } }, async (request, reply) => {
    const ctx = context(request, reply, '/help');
    const query = (request.query.q ?? '').trim().slice(0, MAX_SEARCH_LENGTH);
    const [articles, topics, results] = await Promise.all([
      deps.articles.listPublished(ctx.locale),
      deps.topics.listForCustomers(ctx.locale),
      query ? deps.articles.search(query, ctx.locale, SEARCH_RESULTS) : null,
    ]);
    return send(reply, 200, <HelpIndexPage {...ctx} articles={articles} topics={topics} query={query} results={results} />);
  });

  scope.get('/help/:slug', { schema: { hide: true, params: SlugParams, querystring: ArticleQuery } }, async (request, reply) => {
    const ctx = context(request, reply, `/help/${encodeURIComponent(request.params.slug)}`);
    const fromVisit = isVisitId(request.query.from) ? request.query.from : undefined;
    const answered = request.query.answered === 'yes';
    // A reload of the thank-you page is not a second reading.
    const article = await deps.articles.read(request.params.slug, ctx.locale, fromVisit, { count: !answered });
    if (!article) return notFound(reply, ctx);
    const topics = await deps.topics.listForCustomers(ctx.locale);
    return send(reply, 200, (
      <ArticlePage {...ctx} article={article} topics={topics} csrfToken={issueCsrfToken(request, reply, cookieOptions)} fromVisit={fromVisit ?? null} answered={answered} />
    ));
  });

  scope.post('/help/:slug/feedback', {
    schema: { hide: true, params: SlugParams, body: Form },
    config: deps.feedbackLimit ? { rateLimit: deps.feedbackLimit } : undefined,
  }, async (request, reply) => {
    const path = `/help/${encodeURIComponent(request.params.slug)}`;
    const ctx = context(request, reply, path);
    if (!hasValidCsrfToken(request, request.body[CSRF_FIELD])) {
      return send(reply, 403, <ProblemPage {...ctx} title={ctx.t.problem.csrfTitle} body={ctx.t.problem.csrfBody} back={{ href: path, label: ctx.t.helpArticles.backToArticles }} />);
    }
    const answer = request.body.answer;
    if (answer !== 'yes' && answer !== 'no') return reply.redirect(path, 303);
    const from = request.body.from;
    const recorded = await deps.articles.answer({ slug: request.params.slug, helpful: answer === 'yes', visitId: isVisitId(from) ? from : undefined });
    if (!recorded) return notFound(reply, ctx);
    if (answer === 'yes') return reply.redirect(`${path}?answered=yes`, 303);
    // "No, contact us": back to the form the reader came from, else the article's first topic.
    const topic = recorded.visit?.topicSlug ?? recorded.article.topics[0];
    return reply.redirect(topic ? `/contact/${encodeURIComponent(topic)}` : '/', 303);
  });
}
