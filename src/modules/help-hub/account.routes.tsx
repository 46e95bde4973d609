import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReactNode } from 'react';
import { Type } from 'typebox';
import type { Clock } from '../../kernel/clock.js';
import { isAppError } from '../../kernel/errors.js';
import { isPlausibleEmail } from '../customers/customer.js';
import type { CustomerAccountService, FieldProblems, NewSession } from '../customer-accounts/index.js';
import type { TopicService } from '../topics/topics.service.js';
import { clearAccountCookie, readAccountToken, setAccountCookie } from './account-session.js';
import { CSRF_FIELD, hasValidCsrfToken, issueCsrfToken } from './hub-cookies.js';
import { attachmentErrors, readHubForm } from './hub-form.js';
import { formatDate } from './i18n.js';
import { DashboardPage } from './pages/AccountDashboard.js';
import { CheckEmailPage, EmailOnlyPage, OpenSignInLinkPage, ResetPasswordPage, SignInPage, SignUpPage, VerifyPage, sentParagraphs } from './pages/AccountPages.js';
import { ProblemPage } from './pages/ConfirmationPage.js';
import type { FormErrors } from './pages/FormFields.js';
import { InformedDeliveryPage } from './pages/InformedDeliveryPage.js';
import type { PageContext } from './pages/Layout.js';
import { CaseStatusPage } from './pages/StatusPages.js';
import type { StatusLookupService } from './status-lookup.service.js';
import { loadCaseView } from './status.routes.js';

export type AccountRouteDeps = {
  accounts: CustomerAccountService;
  status: StatusLookupService;
  topics: TopicService;
  clock: Clock;
  timeZone: string;
  secureCookies: boolean;
  /** Per client address on every form that signs in or mails; the per-address failures live in the service. */
  requestLimit: { max: number; timeWindow: string } | null;
  /** Forms whose work differs by whether an address has an account answer no sooner than this. */
  minAnswerMs: number;
};

type Helpers = {
  context(request: FastifyRequest, reply: FastifyReply, path: string): PageContext;
  send(reply: FastifyReply, status: number, page: ReactNode): FastifyReply;
};

type FormRequest = FastifyRequest<{ Body: Record<string, unknown> }>;

const Form = Type.Record(Type.String(), Type.Unknown());
const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 500 })), lang: Type.Optional(Type.String({ maxLength: 10 })) });
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })), lang: Type.Optional(Type.String({ maxLength: 10 })) });
const CaseParams = Type.Object({ caseNumber: Type.String({ maxLength: 40 }) });
/** Passwords are taken as typed (spaces count); everything else is trimmed. Over-long input is cut, never an error page. */
const field = (body: Record<string, unknown>, name: string): string => (typeof body[name] === 'string' ? (body[name] as string).trim().slice(0, 1000) : '');
const password = (body: Record<string, unknown>): string => (typeof body.password === 'string' ? body.password.slice(0, 2000) : '');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Issue #6 item 5: optional customer accounts on the help hub, their case list and case pages. */
export function registerAccountRoutes(plain: FastifyInstance, deps: AccountRouteDeps, { context, send }: Helpers): void {
  const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
  const cookieOptions = { secure: deps.secureCookies };
  const limited = deps.requestLimit ? { rateLimit: deps.requestLimit } : undefined;
  const csrf = (request: FastifyRequest, reply: FastifyReply) => issueCsrfToken(request, reply, cookieOptions);
  const localize = (ctx: PageContext, problems: FieldProblems<string>): FormErrors =>
    Object.fromEntries(Object.entries(problems).map(([name, problem]) => [name, ctx.t.account.errors[problem!]]));
  const csrfProblem = (reply: FastifyReply, ctx: PageContext, back: string) =>
    send(reply, 403, <ProblemPage {...ctx} title={ctx.t.problem.csrfTitle} body={ctx.t.problem.csrfBody} back={{ href: back, label: ctx.t.problem.backToForm }} />);
  const badLink = (reply: FastifyReply, ctx: PageContext, body: string, back: { href: string; label: string }) =>
    send(reply, 410, <ProblemPage {...ctx} title={ctx.t.account.verify.badLinkTitle} body={body} back={back} />);
  const signedIn = (reply: FastifyReply, session: NewSession, to: string) => {
    setAccountCookie(reply, session.token, session.expiresAt.getTime() - deps.clock.now().getTime(), cookieOptions);
    // 303 (RFC 9110 §15.4.4): the browser GETs the next page, so a reload never posts the form twice.
    return reply.redirect(to, 303);
  };
  /** Pads the answer to `minAnswerMs`: a request that found an account (and wrote) times like one that did not. */
  const padFrom = (started: number) => async () => {
    const wait = deps.minAnswerMs - (Date.now() - started);
    if (wait > 0) await sleep(wait);
  };
  /** A POST that changes something: refused without the hub's CSRF token, whatever else it carries. */
  const withCsrf = (path: string, handler: (request: FormRequest, reply: FastifyReply, ctx: PageContext) => Promise<FastifyReply>) =>
    async (request: FormRequest, reply: FastifyReply) => {
      const ctx = context(request, reply, path);
      if (!hasValidCsrfToken(request, request.body[CSRF_FIELD])) return csrfProblem(reply, ctx, path);
      return handler(request, reply, ctx);
    };

  scope.get('/account/sign-up', { schema: { hide: true, querystring: DoneQuery } }, async (request, reply) => {
    if (request.signedInCustomer) return reply.redirect('/account', 303);
    const ctx = context(request, reply, '/account/sign-up');
    return send(reply, 200, <SignUpPage {...ctx} csrfToken={csrf(request, reply)} values={{}} errors={{}} />);
  });

  scope.post('/account/sign-up', { schema: { hide: true, body: Form }, config: limited }, withCsrf('/account/sign-up', async (request, reply, ctx) => {
    const pad = padFrom(Date.now());
    const values = { name: field(request.body, 'name'), email: field(request.body, 'email') };
    const result = await deps.accounts.signUp({ ...values, password: password(request.body), locale: ctx.locale });
    if (!result.ok) return send(reply, 422, <SignUpPage {...ctx} csrfToken={csrf(request, reply)} values={values} errors={localize(ctx, result.problems)} />);
    await pad();
    return send(reply, 200, <CheckEmailPage {...ctx} title={ctx.t.account.signUp.sentTitle} paragraphs={sentParagraphs(ctx.t, 'sign-up', values.email)} />);
  }));

  // The token is in the query, not a fragment: pages must work without script. The route's log
  // line records the pattern only, Referrer-Policy keeps it out of Referer headers, and it works once.
  scope.get('/account/verify', { schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const ctx = context(request, reply, '/account/verify');
    const token = request.query.token ?? '';
    if (!token || !(await deps.accounts.isVerifyLinkUsable(token))) {
      return badLink(reply, ctx, ctx.t.account.verify.badLinkBody, { href: '/account/sign-up', label: ctx.t.account.signIn.createLink });
    }
    return send(reply, 200, <VerifyPage {...ctx} token={token} csrfToken={csrf(request, reply)} values={{}} errors={{}} />);
  });

  scope.post('/account/verify', { schema: { hide: true, body: Form }, config: limited }, withCsrf('/account/verify', async (request, reply, ctx) => {
    const token = field(request.body, 'token');
    const again = (status: number, message: string) =>
      send(reply, status, <VerifyPage {...ctx} token={token} csrfToken={csrf(request, reply)} values={{}} errors={{ password: message }} />);
    const typed = password(request.body);
    if (!typed) return again(422, ctx.t.account.errors.passwordMissing);
    const outcome = await deps.accounts.verify(token, typed);
    switch (outcome.kind) {
      case 'signed-in': return signedIn(reply, outcome.session, '/account?done=verified');
      case 'wrong-password': return again(422, ctx.t.account.errors.passwordWrong);
      case 'locked': return again(429, ctx.t.account.errors.locked);
      default: return badLink(reply, ctx, ctx.t.account.verify.badLinkBody, { href: '/account/sign-up', label: ctx.t.account.signIn.createLink });
    }
  }));

  scope.get('/account/sign-in', { schema: { hide: true, querystring: DoneQuery } }, async (request, reply) => {
    if (request.signedInCustomer) return reply.redirect('/account', 303);
    const ctx = context(request, reply, '/account/sign-in');
    const notice = request.query.done === 'signed-out' ? ctx.t.account.signIn.signedOut : null;
    return send(reply, 200, <SignInPage {...ctx} csrfToken={csrf(request, reply)} values={{}} errors={{}} notice={notice} />);
  });

  scope.post('/account/sign-in', { schema: { hide: true, body: Form }, config: limited }, withCsrf('/account/sign-in', async (request, reply, ctx) => {
    const pad = padFrom(Date.now());
    const email = field(request.body, 'email');
    const typed = password(request.body);
    const again = (status: number, errors: FormErrors) =>
      send(reply, status, <SignInPage {...ctx} csrfToken={csrf(request, reply)} values={{ email }} errors={errors} notice={null} />);
    const missing: FormErrors = {};
    if (!email) missing.email = ctx.t.account.errors.emailMissing;
    if (!typed) missing.password = ctx.t.account.errors.passwordMissing;
    if (Object.keys(missing).length > 0) return again(422, missing);
    const outcome = await deps.accounts.signIn(email, typed);
    await pad();
    switch (outcome.kind) {
      case 'signed-in': return signedIn(reply, outcome.session, '/account');
      case 'unverified': return send(reply, 200, <CheckEmailPage {...ctx} title={ctx.t.account.verify.unverifiedTitle} paragraphs={[ctx.t.account.verify.unverifiedBody]} />);
      case 'locked': return again(429, { email: ctx.t.account.errors.locked });
      default: return again(401, { email: ctx.t.account.errors.signInInvalid });
    }
  }));

  /** The two "email me a link" forms: the same shape, the same answer whether or not the address has an account. */
  const emailLinkForm = (path: string, kind: 'sign-in-link' | 'reset', strings: (ctx: PageContext) => { title: string; intro: string; button: string }, request: (email: string, locale: string) => Promise<void>) => {
    const page = (ctx: PageContext, req: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FormErrors) =>
      <EmailOnlyPage {...ctx} {...strings(ctx)} action={path} csrfToken={csrf(req, reply)} values={values} errors={errors} />;
    scope.get(path, { schema: { hide: true, querystring: DoneQuery } }, async (req, reply) => send(reply, 200, page(context(req, reply, path), req, reply, {}, {})));
    scope.post(path, { schema: { hide: true, body: Form }, config: limited }, withCsrf(path, async (req, reply, ctx) => {
      const pad = padFrom(Date.now());
      const email = field(req.body, 'email');
      // Only the shape of the typed address is judged here: no lookup, so no oracle.
      const problem = !email ? ctx.t.account.errors.emailMissing : !isPlausibleEmail(email) ? ctx.t.account.errors.emailInvalid : null;
      if (problem) return send(reply, 422, page(ctx, req, reply, { email }, { email: problem }));
      await request(email, ctx.locale);
      await pad();
      return send(reply, 200, <CheckEmailPage {...ctx} title={ctx.t.account.signUp.sentTitle} paragraphs={sentParagraphs(ctx.t, kind, email)} />);
    }));
  };
  const wording = ({ title, intro, button }: { title: string; intro: string; button: string }) => ({ title, intro, button });
  emailLinkForm('/account/sign-in/email-link', 'sign-in-link', (ctx) => wording(ctx.t.account.emailLink), (email, locale) => deps.accounts.requestSignInLink(email, locale));
  emailLinkForm('/account/forgot-password', 'reset', (ctx) => wording(ctx.t.account.forgot), (email, locale) => deps.accounts.requestPasswordReset(email, locale));

  const signInLinkGone = (reply: FastifyReply, ctx: PageContext) =>
    badLink(reply, ctx, ctx.t.account.emailLink.badLinkBody, { href: '/account/sign-in/email-link', label: ctx.t.account.emailLink.newLink });

  scope.get('/account/sign-in/open', { schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const ctx = context(request, reply, '/account/sign-in/open');
    const token = request.query.token ?? '';
    if (!token) return signInLinkGone(reply, ctx);
    return send(reply, 200, <OpenSignInLinkPage {...ctx} token={token} csrfToken={csrf(request, reply)} />);
  });

  scope.post('/account/sign-in/open', { schema: { hide: true, body: Form }, config: limited }, withCsrf('/account/sign-in/open', async (request, reply, ctx) => {
    const session = await deps.accounts.signInWithLink(field(request.body, 'token'));
    return session ? signedIn(reply, session, '/account') : signInLinkGone(reply, ctx);
  }));

  const resetLinkGone = (reply: FastifyReply, ctx: PageContext) =>
    badLink(reply, ctx, ctx.t.account.reset.badLinkBody, { href: '/account/forgot-password', label: ctx.t.account.emailLink.newLink });

  scope.get('/account/reset-password', { schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const ctx = context(request, reply, '/account/reset-password');
    const token = request.query.token ?? '';
    if (!token || !(await deps.accounts.isResetLinkUsable(token))) return resetLinkGone(reply, ctx);
    return send(reply, 200, <ResetPasswordPage {...ctx} token={token} csrfToken={csrf(request, reply)} values={{}} errors={{}} />);
  });

  scope.post('/account/reset-password', { schema: { hide: true, body: Form }, config: limited }, withCsrf('/account/reset-password', async (request, reply, ctx) => {
    const token = field(request.body, 'token');
    const outcome = await deps.accounts.resetPassword(token, password(request.body));
    if (outcome.kind === 'signed-in') return signedIn(reply, outcome.session, '/account?done=password');
    if (outcome.kind === 'bad-link') return resetLinkGone(reply, ctx);
    return send(reply, 422, <ResetPasswordPage {...ctx} token={token} csrfToken={csrf(request, reply)} values={{}} errors={{ password: ctx.t.account.errors[outcome.problem] }} />);
  }));

  scope.post('/account/sign-out', { schema: { hide: true, body: Form } }, withCsrf('/account', async (request, reply) => {
    await deps.accounts.signOut(readAccountToken(request));
    clearAccountCookie(reply, cookieOptions);
    return reply.redirect('/account/sign-in?done=signed-out', 303);
  }));

  registerSignedInPages(scope, deps, { context, send, csrf, csrfProblem });

  scope.get('/account/help/informed-delivery', { schema: { hide: true, querystring: DoneQuery } }, async (request, reply) =>
    send(reply, 200, <InformedDeliveryPage {...context(request, reply, '/account/help/informed-delivery')} />));
}

type SignedInHelpers = Helpers & {
  csrf(request: FastifyRequest, reply: FastifyReply): string;
  csrfProblem(reply: FastifyReply, ctx: PageContext, back: string): FastifyReply;
};

/** The pages behind sign-in: the case list, and each own case with the status page's thread, message and close. */
function registerSignedInPages(plain: FastifyInstance, deps: AccountRouteDeps, { context, send, csrf, csrfProblem }: SignedInHelpers): void {
  const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
  const toSignIn = (reply: FastifyReply) => reply.redirect('/account/sign-in', 303);
  const date = (d: Date, ctx: PageContext) => formatDate(d, ctx.locale, deps.timeZone);

  scope.get('/account', { schema: { hide: true, querystring: DoneQuery } }, async (request, reply) => {
    const customer = request.signedInCustomer;
    if (!customer) return toSignIn(reply);
    const ctx = context(request, reply, '/account');
    const [cases, topics] = await Promise.all([deps.status.listCasesOfCustomer(customer.customerId), deps.topics.listForCustomers(ctx.locale)]);
    const names = new Map(topics.map((t) => [t.slug, t.name]));
    const rows = cases.map((c) => ({ ...c, topicName: names.get(c.topic) ?? c.topic, created: date(c.createdAt, ctx), expected: date(c.expectedReplyBy, ctx) }));
    const done = request.query.done;
    const notice = done === 'verified' ? ctx.t.account.dashboard.verified : done === 'password' ? ctx.t.account.dashboard.passwordChanged : null;
    return send(reply, 200, <DashboardPage {...ctx} customer={customer} cases={rows} notice={notice} csrfToken={csrf(request, reply)} />);
  });

  const casePath = (caseNumber: string) => `/account/cases/${encodeURIComponent(caseNumber)}`;
  /** Another customer's case answers exactly like a missing one. */
  const notFound = (reply: FastifyReply, ctx: PageContext) =>
    send(reply, 404, <ProblemPage {...ctx} title={ctx.t.account.caseNotFoundTitle} body={ctx.t.account.caseNotFoundBody}
      back={{ href: '/account', label: ctx.t.account.dashboard.backToAccount }} />);

  const showCase = async (
    request: FastifyRequest, reply: FastifyReply, caseNumber: string, status: number, notice: string | null, errors: FormErrors,
    typed: { message?: string; filesDropped?: boolean } = {},
  ) => {
    const customer = request.signedInCustomer;
    if (!customer) return toSignIn(reply);
    const path = casePath(caseNumber);
    const ctx = context(request, reply, path);
    const owned = await deps.status.findCaseOfCustomer(caseNumber, customer.customerId);
    const loaded = owned ? await loadCaseView(deps, ctx, owned.caseId) : null;
    if (!loaded) return notFound(reply, ctx);
    const actions = { message: `${path}/messages`, close: `${path}/close`, back: { href: '/account', label: ctx.t.account.dashboard.backToAccount } };
    return send(reply, status, <CaseStatusPage {...ctx} {...loaded} actions={actions} csrfToken={csrf(request, reply)} notice={notice} errors={errors}
      message={typed.message ?? ''} filesDropped={typed.filesDropped ?? false} />);
  };

  scope.get('/account/cases/:caseNumber', { schema: { hide: true, params: CaseParams, querystring: DoneQuery } }, async (request, reply) => {
    const ctx = context(request, reply, casePath(request.params.caseNumber));
    const done = request.query.done;
    return showCase(request, reply, request.params.caseNumber, 200, done === 'added' ? ctx.t.status.added : done === 'closed' ? ctx.t.status.closedDone : null, {});
  });

  /** Signed in, CSRF-checked, and the case is the customer's own; anything else answers as for a missing case. */
  const onOwnCase = (handler: (caseId: string, request: FastifyRequest<{ Body: Record<string, unknown>; Params: { caseNumber: string } }>, reply: FastifyReply, ctx: PageContext) => Promise<FastifyReply>) =>
    async (request: FastifyRequest<{ Body: Record<string, unknown>; Params: { caseNumber: string } }>, reply: FastifyReply) => {
      const customer = request.signedInCustomer;
      if (!customer) return toSignIn(reply);
      const path = casePath(request.params.caseNumber);
      const ctx = context(request, reply, path);
      if (!hasValidCsrfToken(request, request.body[CSRF_FIELD])) return csrfProblem(reply, ctx, path);
      const owned = await deps.status.findCaseOfCustomer(request.params.caseNumber, customer.customerId);
      return owned ? handler(owned.caseId, request, reply, ctx) : notFound(reply, ctx);
    };

  // Multipart (the customer may attach files, as on the emailed-link page), so the form is read here.
  scope.post('/account/cases/:caseNumber/messages', { schema: { hide: true, params: CaseParams } }, async (request, reply) => {
    const customer = request.signedInCustomer;
    if (!customer) return toSignIn(reply);
    const caseNumber = request.params.caseNumber;
    const path = casePath(caseNumber);
    const ctx = context(request, reply, path);
    const form = await readHubForm(request);
    if (!hasValidCsrfToken(request, form.fields[CSRF_FIELD])) return csrfProblem(reply, ctx, path);
    const owned = await deps.status.findCaseOfCustomer(caseNumber, customer.customerId);
    if (!owned) return notFound(reply, ctx);
    const text = typeof form.fields.message === 'string' ? form.fields.message.trim().slice(0, 20_000) : '';
    const typed = { message: text, filesDropped: form.files.length > 0 || form.fileError !== null };
    if (form.fileError) return showCase(request, reply, caseNumber, 422, null, attachmentErrors(form.fileError, ctx.t) ?? {}, typed);
    if (!text) return showCase(request, reply, caseNumber, 422, null, { message: ctx.t.status.messageRequired }, typed);
    try {
      const outcome = await deps.status.addMessage(owned.caseId, text, form.files);
      return outcome === 'added' ? reply.redirect(`${path}?done=added`, 303) : showCase(request, reply, caseNumber, 409, ctx.t.status.closedNotice, {});
    } catch (error) {
      const errors = isAppError(error) ? attachmentErrors(error, ctx.t) : null;
      if (!errors) throw error;
      return showCase(request, reply, caseNumber, 422, null, errors, typed);
    }
  });

  scope.post('/account/cases/:caseNumber/close', { schema: { hide: true, params: CaseParams, body: Form } }, onOwnCase(async (caseId, request, reply) => {
    await deps.status.close(caseId);
    return reply.redirect(`${casePath(request.params.caseNumber)}?done=closed`, 303);
  }));
}
