import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { postgresRateLimitStore } from './rate-limit-store.js';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import type { Container } from '../container.js';
import { newId } from '../kernel/ids.js';
import { registerAuthRoutes } from '../modules/agents/auth.routes.js';
import { registerCaseRoutes } from '../modules/cases/cases.routes.js';
import { ATTACHMENT_LIMITS } from '../modules/cases/intake.service.js';
import { registerMailPreviewRoutes } from '../modules/email-out/email-out.routes.js';
import { registerAdminInboundRoutes, registerAdminJobRoutes } from '../modules/admin/admin.routes.js';
import { registerTopicRoutes } from '../modules/topics/topics.routes.js';
import { registerHelpHubRoutes } from '../modules/help-hub/help-hub.routes.js';
import { registerSatisfactionRoutes } from '../modules/satisfaction/index.js';
import { createFormGuard } from '../modules/help-hub/form-guard.js';
import { registerMailboxRoutes } from '../modules/email-in/mailboxes.routes.js';
import { registerRoutingRuleRoutes } from '../modules/triage/routing-rules.routes.js';
import { createLiveHub, registerLiveRoutes } from '../modules/live/index.js';
import { registerKnowledgeRoutes } from '../modules/knowledge/index.js';
import { registerOpsRoutes } from '../modules/ops/index.js';
import { registerConsole } from './console.js';
import { registerConsoleRoutes } from './console-routes.js';
import { handleHttpError } from './error-handler.js';
import type { HttpApp } from './types.js';

/** Builds the whole HTTP surface on a container; never listens (roles/web.ts does). */
export async function buildHttpApp(container: Container): Promise<HttpApp> {
  const { config } = container;
  const app = Fastify({
    loggerInstance: container.log.child({ component: 'http' }) as FastifyBaseLogger,
    genReqId: () => newId(),
    bodyLimit: 1024 * 1024,
    // Behind a reverse proxy, request.ip (rate limits, sign-in records) is the client it names.
    trustProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
    // One line per request from the onResponse hook below instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler(handleHttpError);
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: 'route.not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
  });
  await app.register(swagger, { openapi: { info: { title: 'Postdesk API', version: '1' } } });
  await app.register(cookie, { secret: container.secret });
  await app.register(multipart, {
    limits: { fileSize: ATTACHMENT_LIMITS.bytesEach, files: ATTACHMENT_LIMITS.count, fields: 40, fieldSize: 64 * 1024, parts: 60 },
    throwFileSizeLimit: false,
  });
  if (config.rateLimits) {
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) => ({ statusCode: context.statusCode, message: 'rate limited' }),
      // Processes sharing PostgreSQL count together; SQLite's one process counts in memory.
      ...(container.database.dialect === 'postgres' ? { store: postgresRateLimitStore(container.database.db) } : {}),
    });
  }

  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, url: request.routeOptions.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  app.get('/healthz', async (_request, reply) => {
    await sql`select 1`.execute(container.database.db);
    return reply.send({ status: 'ok' });
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerOpsRoutes(app, { readiness: container.services.readiness, metrics: container.metrics, metricsToken: config.metricsToken });

  const { services } = container;
  const secureCookies = config.publicUrl.startsWith('https://');
  registerTopicRoutes(app, { topics: services.topics });
  registerCaseRoutes(app, {
    intake: services.intake,
    cases: services.caseQueries,
    updates: services.caseUpdates,
    replies: services.caseReplies,
    auth: services.auth,
    limits: config.rateLimits ? container.options.rateLimits : null,
  });
  registerAuthRoutes(app, { auth: services.auth, secureCookies });
  await registerHelpHubRoutes(app, {
    topics: services.topics, chat: container.options.chat, intake: services.intake, settings: services.console.settings, clock: container.clock,
    timeZone: config.timeZone, secureCookies,
    submitLimit: config.rateLimits ? { max: container.options.rateLimits.submitPerWindow, timeWindow: container.options.rateLimits.window } : null,
    emailLimit: config.rateLimits ? { max: container.options.rateLimits.casesPerEmailPerHour ?? 5, windowMs: 3_600_000 } : null,
    guard: createFormGuard({ secret: container.secret, clock: container.clock, timing: container.options.hubForm }),
    status: {
      status: services.statusLookup,
      requestLimit: config.rateLimits ? { max: container.options.rateLimits.submitPerWindow, timeWindow: container.options.rateLimits.window } : null,
      minAnswerMs: 300,
    },
    survey: {
      surveys: services.satisfaction.surveys,
      answerLimit: config.rateLimits ? { max: container.options.rateLimits.submitPerWindow, timeWindow: container.options.rateLimits.window } : null,
    },
    articles: services.helpArticles,
    accounts: {
      accounts: services.customerAccounts,
      requestLimit: config.rateLimits ? { max: container.options.rateLimits.submitPerWindow, timeWindow: container.options.rateLimits.window } : null,
      minAnswerMs: 300,
    },
  });
  registerMailPreviewRoutes(app, { db: container.database.db, auth: services.auth });
  registerAdminJobRoutes(app, { jobs: container.jobs, auth: services.auth });
  registerAdminInboundRoutes(app, { db: container.database.db, auth: services.auth });
  registerMailboxRoutes(app, { mailboxes: services.mailboxes, auth: services.auth });
  registerRoutingRuleRoutes(app, { db: container.database.db, clock: container.clock, auth: services.auth });
  registerConsoleRoutes(app, { ...services.console, auth: services.auth, clock: container.clock });
  registerSatisfactionRoutes(app, { reports: services.satisfaction.reports, auth: services.auth });
  registerKnowledgeRoutes(app, {
    auth: services.auth, helpArticles: services.helpArticles, articleAdmin: services.articleAdmin, now: () => container.clock.now(),
    suggestionLimit: config.rateLimits ? container.options.helpArticles.suggestionLimit : null,
  });

  const hub = createLiveHub({ events: container.events, now: () => container.clock.now().getTime() }, container.options.live);
  app.addHook('onClose', async () => hub.close());
  await registerLiveRoutes(app, { hub, auth: services.auth, publicUrl: config.publicUrl, sessionRecheckMs: container.options.live.sessionRecheckMs });
  await registerConsole(app);
  return app;
}
