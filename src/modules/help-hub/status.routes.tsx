import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReactNode } from 'react';
import { Type } from 'typebox';
import type { Clock } from '../../kernel/clock.js';
import { isAppError } from '../../kernel/errors.js';
import type { TopicService } from '../topics/topics.service.js';
import { CSRF_FIELD, hasValidCsrfToken, issueCsrfToken } from './hub-cookies.js';
import { formatDate } from './i18n.js';
import { attachmentErrors, readHubForm } from './hub-form.js';
import { ProblemPage } from './pages/ConfirmationPage.js';
import type { PageContext } from './pages/Layout.js';
import { CaseStatusPage, LinkSentPage, LookupPage, OpenLinkPage } from './pages/StatusPages.js';
import type { StatusLookupService } from './status-lookup.service.js';
import { readStatusSession, startStatusSession } from './status-session.js';

export type StatusRouteDeps = {
  status: StatusLookupService;
  topics: TopicService;
  clock: Clock;
  timeZone: string;
  secureCookies: boolean;
  /** Per client address; the per-case limit lives in the service. */
  requestLimit: { max: number; timeWindow: string } | null;
  /** Every POST /status answers no sooner than this, so a match (which writes) times like a miss. */
  minAnswerMs: number;
};

type Helpers = {
  context(request: FastifyRequest, reply: FastifyReply, path: string): PageContext;
  send(reply: FastifyReply, status: number, page: ReactNode): FastifyReply;
};

const Form = Type.Record(Type.String(), Type.Unknown());
const CaseQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })), lang: Type.Optional(Type.String({ maxLength: 10 })) });
const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 500 })), lang: Type.Optional(Type.String({ maxLength: 10 })) });
const field = (body: Record<string, unknown>, name: string): string => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the case page shows of one case, in the page's language; null when the case is gone. */
export async function loadCaseView(deps: Pick<StatusRouteDeps, 'status' | 'topics' | 'timeZone'>, ctx: PageContext, caseId: string) {
  const view = await deps.status.view(caseId);
  if (!view) return null;
  const topics = await deps.topics.listForCustomers(ctx.locale);
  const date = (d: Date) => formatDate(d, ctx.locale, deps.timeZone);
  const dates = { created: date(view.createdAt), expected: date(view.expectedReplyBy), messages: Object.fromEntries(view.thread.map((m) => [m.id, date(m.createdAt)])) };
  return { view, topicName: topics.find((t) => t.slug === view.topic)?.name ?? view.topic, dates, canWrite: view.status !== 'closed' };
}

/** Issue #6 item 4: look up a case by number and email, by way of a single-use emailed link. */
export function registerStatusRoutes(plain: FastifyInstance, deps: StatusRouteDeps, { context, send }: Helpers): void {
  const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
  const cookieOptions = { secure: deps.secureCookies };
  const csrfProblem = (reply: FastifyReply, ctx: PageContext, back: string) =>
    send(reply, 403, <ProblemPage {...ctx} title={ctx.t.problem.csrfTitle} body={ctx.t.problem.csrfBody} back={{ href: back, label: ctx.t.problem.backToForm }} />);
  const badLink = (reply: FastifyReply, ctx: PageContext, title = ctx.t.status.badLinkTitle) =>
    send(reply, 410, <ProblemPage {...ctx} title={title} body={ctx.t.status.badLinkBody} back={{ href: '/status', label: ctx.t.status.newLink }} />);

  scope.get('/status', { schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const ctx = context(request, reply, '/status');
    return send(reply, 200, <LookupPage {...ctx} csrfToken={issueCsrfToken(request, reply, cookieOptions)} values={{}} errors={{}} />);
  });

  scope.post('/status', { schema: { hide: true, body: Form }, config: deps.requestLimit ? { rateLimit: deps.requestLimit } : undefined }, async (request, reply) => {
    const started = Date.now();
    const ctx = context(request, reply, '/status');
    if (!hasValidCsrfToken(request, request.body[CSRF_FIELD])) return csrfProblem(reply, ctx, '/status');
    const values = { caseNumber: field(request.body, 'caseNumber'), email: field(request.body, 'email') };
    const errors: Record<string, string> = {};
    if (!values.caseNumber) errors.caseNumber = ctx.t.status.caseNumberRequired;
    if (!values.email) errors.email = ctx.t.status.emailRequired;
    try {
      if (Object.keys(errors).length === 0) await deps.status.requestLink(values.caseNumber, values.email);
    } catch (error) {
      // A wrong check character is the customer's typo, visible without any lookup: no oracle.
      if (!isAppError(error) || error.code !== 'case.number_invalid') throw error;
      errors.caseNumber = ctx.t.status.caseNumberInvalid;
    }
    if (Object.keys(errors).length > 0) {
      return send(reply, 422, <LookupPage {...ctx} csrfToken={issueCsrfToken(request, reply, cookieOptions)} values={values} errors={errors} />);
    }
    const wait = deps.minAnswerMs - (Date.now() - started);
    if (wait > 0) await sleep(wait);
    return send(reply, 200, <LinkSentPage {...ctx} />);
  });

  // The token is in the query, not the fragment: the page must work without JavaScript, and a
  // fragment never reaches the server without script. Referrer-Policy (see send) keeps it out of
  // Referer headers, the request log records the route pattern only, and the link works once.
  scope.get('/status/view', { schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const ctx = context(request, reply, '/status');
    const token = request.query.token ?? '';
    if (!token) return badLink(reply, ctx);
    return send(reply, 200, <OpenLinkPage {...ctx} token={token} />);
  });

  scope.post('/status/view', { schema: { hide: true, body: Form } }, async (request, reply) => {
    const ctx = context(request, reply, '/status');
    const exchanged = await deps.status.exchange(field(request.body, 'token'));
    if (!exchanged) return badLink(reply, ctx);
    startStatusSession(reply, exchanged.caseId, deps.clock.now(), cookieOptions);
    return reply.redirect('/status/case', 303);
  });

  const showCase = async (request: FastifyRequest, reply: FastifyReply, status: number, notice: string | null, errors: Record<string, string>, typed: { message?: string; filesDropped?: boolean } = {}) => {
    const ctx = context(request, reply, '/status/case');
    const session = readStatusSession(request, deps.clock.now());
    const loaded = session ? await loadCaseView(deps, ctx, session.caseId) : null;
    if (!loaded) return badLink(reply, ctx, ctx.t.status.sessionExpiredTitle);
    return send(reply, status, <CaseStatusPage {...ctx} {...loaded} csrfToken={issueCsrfToken(request, reply, cookieOptions)} notice={notice} errors={errors}
      message={typed.message ?? ''} filesDropped={typed.filesDropped ?? false} />);
  };

  scope.get('/status/case', { schema: { hide: true, querystring: CaseQuery } }, async (request, reply) => {
    const done = request.query.done;
    const ctx = context(request, reply, '/status/case');
    return showCase(request, reply, 200, done === 'added' ? ctx.t.status.added : done === 'closed' ? ctx.t.status.closedDone : null, {});
  });

  const withSession = (handler: (caseId: string, request: FastifyRequest<{ Body: Record<string, unknown> }>, reply: FastifyReply) => Promise<FastifyReply>) =>
    async (request: FastifyRequest<{ Body: Record<string, unknown> }>, reply: FastifyReply) => {
      const ctx = context(request, reply, '/status/case');
      const session = readStatusSession(request, deps.clock.now());
      if (!session) return badLink(reply, ctx, ctx.t.status.sessionExpiredTitle);
      if (!hasValidCsrfToken(request, request.body[CSRF_FIELD])) return csrfProblem(reply, ctx, '/status/case');
      return handler(session.caseId, request, reply);
    };

  // Multipart (the customer may attach files), so the form is read here rather than by a body schema.
  scope.post('/status/case/messages', { schema: { hide: true } }, async (request, reply) => {
    const ctx = context(request, reply, '/status/case');
    const session = readStatusSession(request, deps.clock.now());
    if (!session) return badLink(reply, ctx, ctx.t.status.sessionExpiredTitle);
    const form = await readHubForm(request);
    if (!hasValidCsrfToken(request, form.fields[CSRF_FIELD])) return csrfProblem(reply, ctx, '/status/case');
    const text = field(form.fields, 'message').slice(0, 20_000);
    const typed = { message: text, filesDropped: form.files.length > 0 || form.fileError !== null };
    if (form.fileError) return showCase(request, reply, 422, null, attachmentErrors(form.fileError, ctx.t) ?? {}, typed);
    if (!text) return showCase(request, reply, 422, null, { message: ctx.t.status.messageRequired }, typed);
    try {
      const outcome = await deps.status.addMessage(session.caseId, text, form.files);
      return outcome === 'added' ? reply.redirect('/status/case?done=added', 303) : showCase(request, reply, 409, ctx.t.status.closedNotice, {});
    } catch (error) {
      const errors = isAppError(error) ? attachmentErrors(error, ctx.t) : null;
      if (!errors) throw error;
      return showCase(request, reply, 422, null, errors, typed);
    }
  });

  scope.post('/status/case/close', { schema: { hide: true, body: Form } }, withSession(async (caseId, _request, reply) => {
    await deps.status.close(caseId);
    return reply.redirect('/status/case?done=closed', 303);
  }));
}
