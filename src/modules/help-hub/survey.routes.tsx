import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReactNode } from 'react';
import { Type } from 'typebox';
import {
  COMMENT_MAX_CHARS, commentLength, normalizeComment, parseRating, type SurveyLinkState, type SurveyService,
} from '../satisfaction/index.js';
import { CSRF_FIELD, hasValidCsrfToken, issueCsrfToken } from './hub-cookies.js';
import { format, isHubLocale } from './i18n.js';
import { ProblemPage } from './pages/ConfirmationPage.js';
import type { PageContext } from './pages/Layout.js';
import { SurveyFormPage, SurveyThanksPage } from './pages/SurveyPages.js';

export type SurveyRouteDeps = {
  surveys: SurveyService;
  secureCookies: boolean;
  /** Per client address, on the answering POST. */
  answerLimit: { max: number; timeWindow: string } | null;
};

type Helpers = {
  context(request: FastifyRequest, reply: FastifyReply, path: string, preferred?: unknown): PageContext;
  send(reply: FastifyReply, status: number, page: ReactNode): FastifyReply;
};

const Form = Type.Record(Type.String(), Type.Unknown());
const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });
const SurveyQuery = Type.Object({ rating: Type.Optional(Type.String({ maxLength: 10 })), lang: Type.Optional(Type.String({ maxLength: 10 })) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) });
const field = (body: Record<string, unknown>, name: string): string => (typeof body[name] === 'string' ? body[name] as string : '');

/**
 * Issue #6 item 6: the satisfaction survey behind the emailed links. A GET only shows the form
 * (mail scanners prefetch links); the CSRF-protected POST records the answer once. The page speaks
 * the case's language unless the customer picks another; a link that does not work says nothing
 * about any case.
 */
export function registerSurveyRoutes(plain: FastifyInstance, deps: SurveyRouteDeps, { context, send }: Helpers): void {
  const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
  const cookieOptions = { secure: deps.secureCookies };
  const pathOf = (token: string) => `/survey/${encodeURIComponent(token)}`;
  /** `?lang=` wins; otherwise the case's language. */
  const contextFor = (request: FastifyRequest, reply: FastifyReply, path: string, link: SurveyLinkState, posted?: unknown) =>
    context(request, reply, path, isHubLocale(posted) ? posted : isHubLocale((request.query as { lang?: unknown }).lang) || link.state === 'invalid' ? undefined : link.language);
  const invalid = (reply: FastifyReply, ctx: PageContext) =>
    send(reply, 410, <ProblemPage {...ctx} title={ctx.t.survey.invalidTitle} body={ctx.t.survey.invalidBody} />);
  const answered = (reply: FastifyReply, ctx: PageContext, status: number) =>
    send(reply, status, <ProblemPage {...ctx} title={ctx.t.survey.answeredTitle} body={ctx.t.survey.answeredBody} />);

  scope.get('/survey/:token', { schema: { hide: true, params: TokenParams, querystring: SurveyQuery } }, async (request, reply) => {
    const link = await deps.surveys.open(request.params.token);
    const ctx = contextFor(request, reply, pathOf(request.params.token), link);
    if (link.state === 'invalid') return invalid(reply, ctx);
    if (link.state === 'answered') return answered(reply, ctx, 200);
    return send(reply, 200, <SurveyFormPage {...ctx} token={request.params.token} caseNumber={link.caseNumber} csrfToken={issueCsrfToken(request, reply, cookieOptions)}
      rating={parseRating(request.query.rating)} comment="" errors={{}} />);
  });

  scope.post('/survey/:token', {
    schema: { hide: true, params: TokenParams, body: Form },
    config: deps.answerLimit ? { rateLimit: deps.answerLimit } : undefined,
  }, async (request, reply) => {
    const { token } = request.params;
    const link = await deps.surveys.open(token);
    const ctx = contextFor(request, reply, pathOf(token), link, request.body.locale);
    if (!hasValidCsrfToken(request, request.body[CSRF_FIELD])) {
      return send(reply, 403, <ProblemPage {...ctx} title={ctx.t.problem.csrfTitle} body={ctx.t.problem.csrfBody} back={{ href: pathOf(token), label: ctx.t.problem.backToForm }} />);
    }
    if (link.state === 'invalid') return invalid(reply, ctx);
    if (link.state === 'answered') return answered(reply, ctx, 409);
    const rating = parseRating(request.body.rating);
    const rawComment = field(request.body, 'comment');
    const comment = normalizeComment(rawComment);
    const errors: Record<string, string> = {};
    if (rating === null) errors.rating = ctx.t.survey.ratingRequired;
    const length = commentLength(comment ?? '');
    if (length > COMMENT_MAX_CHARS) errors.comment = format(ctx.t.survey.commentTooLong, { count: new Intl.NumberFormat(ctx.locale).format(length) });
    if (rating === null || errors.comment) {
      return send(reply, 422, <SurveyFormPage {...ctx} token={token} caseNumber={link.caseNumber} csrfToken={issueCsrfToken(request, reply, cookieOptions)}
        rating={rating} comment={rawComment} errors={errors} />);
    }
    const outcome = await deps.surveys.answer(token, { rating, comment });
    if (outcome === 'answered') return answered(reply, ctx, 409);
    if (outcome === 'invalid') return invalid(reply, ctx);
    // 303 (RFC 9110 §15.4.4): a reload shows the thanks page instead of posting again.
    return reply.redirect(`${pathOf(token)}/thanks${ctx.locale === link.language ? '' : `?lang=${ctx.locale}`}`, 303);
  });

  scope.get('/survey/:token/thanks', { schema: { hide: true, params: TokenParams, querystring: LangQuery } }, async (request, reply) => {
    const link = await deps.surveys.open(request.params.token);
    const ctx = contextFor(request, reply, `${pathOf(request.params.token)}/thanks`, link);
    if (link.state === 'invalid') return invalid(reply, ctx);
    if (link.state === 'open') return reply.redirect(pathOf(request.params.token), 303);
    return send(reply, 200, <SurveyThanksPage {...ctx} />);
  });
}
