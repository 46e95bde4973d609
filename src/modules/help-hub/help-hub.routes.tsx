import fs from 'node:fs';
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ReactNode } from 'react';
import { Type } from 'typebox';
import type { Clock } from '../../kernel/clock.js';
import { isAppError } from '../../kernel/errors.js';
import type { HttpApp } from '../../http/types.js';
import type { IntakeService } from '../cases/intake.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { TopicService } from '../topics/topics.service.js';
import { isVisitId, type HelpArticleService } from '../knowledge/index.js';
import { CSRF_FIELD, hasValidCsrfToken, issueCsrfToken, readLanguageCookie, readSentCase, rememberLanguage, rememberSentCase } from './hub-cookies.js';
import { attachmentErrors, localizeFieldErrors, readHubForm, valuesOf } from './hub-form.js';
import { chooseLocale, formatDate, isHubLocale, messagesFor, type HubLocale } from './i18n.js';
import { ConfirmationPage, ProblemPage } from './pages/ConfirmationPage.js';
import { ContactFormPage, VISIT_FIELD } from './pages/ContactFormPage.js';
import type { FormErrors, FormValues } from './pages/FormFields.js';
import type { ChatEntrySource } from './chat-entry.js';
import { HubPage } from './pages/HubPage.js';
import { loadHubScript } from './hub-script.js';
import { registerStatusRoutes, type StatusRouteDeps } from './status.routes.js';
import { registerSurveyRoutes, type SurveyRouteDeps } from './survey.routes.js';
import { registerHelpArticleRoutes } from './help-articles.routes.js';
import { readFormVisit, rememberFormVisit } from './form-visit-cookie.js';
import { registerAccountRoutes, type AccountRouteDeps } from './account.routes.js';
import { readAccountToken } from './account-session.js';
import type { EmailLimit } from '../cases/intake.service.js';
import { HONEYPOT_FIELD, STARTED_FIELD, type FormGuard } from './form-guard.js';
import { EMAIL_TYPO_FOR, reviewEmail, type EmailTypo } from './email-review.js';
import { renderPage, type PageContext } from './pages/Layout.js';

export type HelpHubDeps = {
  topics: TopicService;
  /** Whether to offer live chat on the hub, and where it starts. */
  chat: ChatEntrySource;
  intake: IntakeService;
  settings: Pick<SettingsService, 'read'>;
  clock: Clock;
  timeZone: string;
  secureCookies: boolean;
  /** The JSON API's submit limit, applied to the form path too: the same use case, the same abuse. */
  submitLimit: { max: number; timeWindow: string } | null;
  /** Cases per customer email: many connections cannot flood one address (or the queue) either. */
  emailLimit: EmailLimit | null;
  /** Honeypot and signed time checks of the contact form. */
  guard: FormGuard;
  status: Pick<StatusRouteDeps, 'status' | 'requestLimit' | 'minAnswerMs'>;
  survey: Pick<SurveyRouteDeps, 'surveys' | 'answerLimit'>;
  /** Help articles: their pages, and the suggestions on each contact form. */
  articles: HelpArticleService;
  accounts: Pick<AccountRouteDeps, 'accounts' | 'requestLimit' | 'minAnswerMs'>;
};

const STYLESHEET = fs.readFileSync(new URL('./assets/help-hub.css', import.meta.url), 'utf8');

/**
 * Only our own enhancement script (no inline script, no other origin); it may talk only to us and
 * show previews of files the customer picked (blob:). Forms post only to us; nobody may frame the
 * pages (clickjacking).
 */
const HUB_CSP = "default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' blob:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

const TopicParams = Type.Object({ topic: Type.String({ maxLength: 100 }) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) });

/** The public help hub at `/`: server-rendered pages that work with JavaScript switched off. */
export async function registerHelpHubRoutes(app: HttpApp, deps: HelpHubDeps): Promise<void> {
  // The stylesheet and the script are the same for everyone: outside the pages' scope, so no
  // session lookup, language cookie or HTML error page applies to them.
  const script = loadHubScript();
  app.get('/help-hub.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=3600').header('X-Content-Type-Options', 'nosniff').send(STYLESHEET));

  if (script) {
    app.get('/hub.js', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'public, max-age=31536000, immutable').header('X-Content-Type-Options', 'nosniff').send(script.body));
    if (script.sourceMap) {
      const sourceMap = script.sourceMap;
      app.get('/hub.js.map', { schema: { hide: true } }, async (_request, reply) =>
        reply.type('application/json; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(sourceMap));
    }
  }

  // Encapsulated: only these routes accept urlencoded bodies and answer errors with HTML pages.
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    await scope.register(formbody, { bodyLimit: 128 * 1024 });
    const cookieOptions = { secure: deps.secureCookies };
    // Every hub page knows whether a customer is signed in (the header's link, the form's prefill); no cookie, no query.
    plain.decorateRequest('signedInCustomer', null);
    plain.addHook('preHandler', async (request) => {
      const token = readAccountToken(request);
      request.signedInCustomer = token ? await deps.accounts.accounts.authenticate(token) : null;
    });
    const context = (request: FastifyRequest, reply: FastifyReply, path: string, preferred?: unknown): PageContext => {
      const chosen = chooseLocale({ query: (request.query as { lang?: unknown }).lang, cookie: readLanguageCookie(request), acceptLanguage: request.headers['accept-language'] });
      if (chosen.remember) rememberLanguage(reply, chosen.locale, cookieOptions);
      const locale: HubLocale = isHubLocale(preferred) ? preferred : chosen.locale;
      return { locale, t: messagesFor(locale), path, scriptUrl: script?.url ?? null, signedIn: Boolean(request.signedInCustomer) };
    };

    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const ctx = context(request, reply, '/');
      const status = error.statusCode === 429 ? 429 : error.statusCode === 413 || /LIMIT/.test(error.code ?? '') ? 413 : 500;
      if (status === 500) request.log.error({ err: error }, 'help hub request failed');
      const [title, body] = status === 429 ? [ctx.t.problem.rateTitle, ctx.t.problem.rateBody]
        : status === 413 ? [ctx.t.problem.tooLargeTitle, ctx.t.problem.tooLargeBody] : [ctx.t.problem.genericTitle, ctx.t.problem.genericBody];
      return sendHtml(reply, status, <ProblemPage {...ctx} title={title} body={body} />);
    });

    scope.get('/', { schema: { hide: true, querystring: LangQuery } }, async (request, reply) => {
      const ctx = context(request, reply, '/');
      const [contact, topics, chat] = await Promise.all([deps.settings.read('contact'), deps.topics.listForCustomers(ctx.locale), deps.chat.entry(ctx.locale)]);
      return sendHtml(reply, 200, <HubPage {...ctx} contact={contact} topics={topics} chat={chat} />);
    });

    const findTopic = async (slug: string, locale: HubLocale) => (await deps.topics.listForCustomers(locale)).find((t) => t.slug === slug);
    const notFound = (reply: FastifyReply, ctx: PageContext) =>
      sendHtml(reply, 404, <ProblemPage {...ctx} title={ctx.t.form.unknownTopicTitle} body={ctx.t.form.unknownTopicBody} />);

    scope.get('/contact/:topic', { schema: { hide: true, params: TopicParams, querystring: LangQuery } }, async (request, reply) => {
      const ctx = context(request, reply, `/contact/${encodeURIComponent(request.params.topic)}`);
      const topic = await findTopic(request.params.topic, ctx.locale);
      if (!topic) return notFound(reply, ctx);
      const csrfToken = issueCsrfToken(request, reply, cookieOptions);
      const customer = request.signedInCustomer;
      const values: FormValues = customer ? { name: customer.name, email: customer.email, emailConfirmation: customer.email } : {};
      const visit = await deps.articles.openForm({ topic: topic.slug, locale: ctx.locale, visitId: readFormVisit(request), description: '' });
      rememberFormVisit(reply, visit.visitId, cookieOptions);
      return sendHtml(reply, 200, <ContactFormPage {...ctx} topic={topic} values={values} errors={{}} csrfToken={csrfToken} started={deps.guard.issue()} filesDropped={false} visit={visit} />);
    });

    scope.post('/contact/:topic', {
      schema: { hide: true, params: TopicParams },
      config: deps.submitLimit ? { rateLimit: deps.submitLimit } : undefined,
    }, async (request, reply) => {
      const form = await readHubForm(request);
      const path = `/contact/${encodeURIComponent(request.params.topic)}`;
      const ctx = context(request, reply, path, form.fields.locale);
      if (!hasValidCsrfToken(request, form.fields[CSRF_FIELD])) {
        return sendHtml(reply, 403, <ProblemPage {...ctx} title={ctx.t.problem.csrfTitle} body={ctx.t.problem.csrfBody} back={{ href: path, label: ctx.t.problem.backToForm }} />);
      }
      const topic = await findTopic(request.params.topic, ctx.locale);
      if (!topic) return notFound(reply, ctx);
      const verdict = deps.guard.judge(form.fields);
      // No case and no mail (a robot must not make us mail a stranger), and an answer that neither
      // confirms nor denies, so the robot learns nothing; a person flagged by mistake is told to send again.
      const hold = () => {
        request.log.info({ reason: verdict.kind === 'automated' ? verdict.reason : null }, 'contact form held as automated');
        return sendHtml(reply, 200, <ProblemPage {...ctx} title={ctx.t.formAids.heldTitle} body={ctx.t.formAids.heldBody} back={{ href: path, label: ctx.t.problem.backToForm }} />);
      };
      // Too fast is judged only once the form is complete: a person who presses Send on a half-filled
      // form at once gets the usual error messages, which create nothing either.
      if (verdict.kind === 'automated' && verdict.reason !== 'too-fast') return hold();
      const { [CSRF_FIELD]: _token, [STARTED_FIELD]: _started, [HONEYPOT_FIELD]: _honeypot, [VISIT_FIELD]: postedVisit, ...posted } = form.fields;
      const visitId = isVisitId(postedVisit) ? postedVisit : readFormVisit(request);
      const started = verdict.kind === 'stale' ? deps.guard.issue() : deps.guard.carry(form.fields[STARTED_FIELD]);
      const filesDropped = form.files.length > 0 || form.fileError !== null;
      const showAgain = async (status: number, errors: FormErrors, values: FormValues, extra: { emailTypo?: EmailTypo | null; stale?: boolean } = {}) => {
        // Without script, the suggestions follow the description on the page sent back.
        const visit = await deps.articles.openForm({ topic: topic.slug, locale: ctx.locale, visitId, description: values.description ?? '' });
        rememberFormVisit(reply, visit.visitId, cookieOptions);
        return sendHtml(reply, status, <ContactFormPage {...ctx} topic={topic} values={values} errors={errors} csrfToken={issueCsrfToken(request, reply, cookieOptions)}
          started={started} filesDropped={filesDropped} visit={visit} {...extra} />);
      };

      if (verdict.kind === 'stale') return showAgain(200, {}, valuesOf(posted), { stale: true });
      if (form.fileError) return showAgain(422, attachmentErrors(form.fileError, ctx.t) ?? {}, valuesOf(posted));
      const review = reviewEmail(posted);
      const fields = { ...review.fields, topic: topic.slug, locale: ctx.locale };
      const values = { ...valuesOf(review.fields), [EMAIL_TYPO_FOR]: typeof posted[EMAIL_TYPO_FOR] === 'string' ? posted[EMAIL_TYPO_FOR] : '' };
      if (review.ask) {
        // Asked before anything is created, together with any other problem, so one round trip fixes all.
        const errors = localizeFieldErrors(await deps.intake.check(fields), ctx.t);
        return showAgain(Object.keys(errors).length > 0 ? 422 : 200, errors, values, { emailTypo: review.ask });
      }
      if (verdict.kind === 'automated') {
        const errors = localizeFieldErrors(await deps.intake.check(fields), ctx.t);
        return Object.keys(errors).length > 0 ? showAgain(422, errors, values) : hold();
      }
      try {
        const submitted = await deps.intake.submitForm(fields, form.files, { emailLimit: deps.emailLimit });
        await deps.articles.markConverted(visitId);
        rememberSentCase(reply, {
          caseNumber: submitted.caseNumber, expectedReplyBy: submitted.expectedReplyBy.toISOString(), guidance: submitted.guidance, topic: topic.slug,
        }, deps.clock.now(), cookieOptions);
        // 303 (RFC 9110 §15.4.4): the browser GETs the confirmation, so a reload never sends the form twice.
        return reply.redirect(`${path}/sent`, 303);
      } catch (error) {
        if (!isAppError(error)) throw error;
        if (error.code === 'rate.limited') {
          return sendHtml(reply, 429, <ProblemPage {...ctx} title={ctx.t.formAids.emailRateTitle} body={ctx.t.formAids.emailRateBody} />);
        }
        const errors = error.code === 'validation.failed' ? localizeFieldErrors(error.fields ?? {}, ctx.t) : attachmentErrors(error, ctx.t);
        if (!errors) throw error;
        return showAgain(422, errors, values);
      }
    });

    const helpers = { context: (request: FastifyRequest, reply: FastifyReply, path: string) => context(request, reply, path), send: sendHtml };
    registerHelpArticleRoutes(plain, { articles: deps.articles, topics: deps.topics, secureCookies: deps.secureCookies, feedbackLimit: deps.submitLimit }, helpers);
    registerStatusRoutes(plain, { ...deps.status, topics: deps.topics, clock: deps.clock, timeZone: deps.timeZone, secureCookies: deps.secureCookies }, helpers);
    registerSurveyRoutes(plain, { ...deps.survey, secureCookies: deps.secureCookies }, { context, send: sendHtml });
    registerAccountRoutes(plain, {
      ...deps.accounts, status: deps.status.status, topics: deps.topics, clock: deps.clock, timeZone: deps.timeZone, secureCookies: deps.secureCookies,
    }, helpers);

    scope.get('/contact/:topic/sent', { schema: { hide: true, params: TopicParams, querystring: LangQuery } }, async (request, reply) => {
      const ctx = context(request, reply, `/contact/${encodeURIComponent(request.params.topic)}/sent`);
      const sent = readSentCase(request, deps.clock.now());
      if (!sent) return sendHtml(reply, 404, <ProblemPage {...ctx} title={ctx.t.confirmation.expiredTitle} body={ctx.t.confirmation.expiredBody} />);
      const expectedDate = formatDate(new Date(sent.expectedReplyBy), ctx.locale, deps.timeZone);
      return sendHtml(reply, 200, <ConfirmationPage {...ctx} sent={sent} expectedDate={expectedDate} />);
    });
  });
}

function sendHtml(reply: FastifyReply, status: number, page: ReactNode): FastifyReply {
  return reply.status(status)
    .type('text/html; charset=utf-8')
    .header('Content-Security-Policy', HUB_CSP)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'same-origin')
    // Pages carry a CSRF token or a case number: never from a shared cache.
    .header('Cache-Control', 'no-store')
    .send(renderPage(page));
}
