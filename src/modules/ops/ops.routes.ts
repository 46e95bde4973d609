import { Type } from 'typebox';
import type { HttpApp } from '../../http/types.js';
import { AppError } from '../../kernel/errors.js';
import { decideMetricsAccess } from './metrics-access.js';
import type { OpsMetrics } from './metrics.js';
import type { ReadinessService } from './readiness.service.js';

const CheckStatus = Type.Union([Type.Literal('ok'), Type.Literal('failing'), Type.Literal('warning'), Type.Literal('skipped')]);

const ReadinessResponse = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  checks: Type.Object({
    database: Type.Object({ status: CheckStatus }),
    migrations: Type.Object({
      status: CheckStatus,
      applied: Type.Optional(Type.Integer()),
      expected: Type.Optional(Type.Integer()),
      missing: Type.Optional(Type.Array(Type.String(), { description: 'migrations this code needs that the database lacks' })),
      ahead: Type.Optional(Type.Array(Type.String(), { description: 'migrations of a newer release; this code runs on them' })),
    }),
    jobQueue: Type.Object({
      status: CheckStatus,
      lagSeconds: Type.Optional(Type.Integer({ description: 'age of the oldest job that is due and not yet claimed' })),
      thresholdSeconds: Type.Number(),
    }),
    blobStore: Type.Object({ status: CheckStatus }, { description: 'the attachment store (local directory or S3 bucket) answers; a warning never makes the process unready' }),
    events: Type.Object({ status: CheckStatus }, {
      description: 'this process hears the other processes\' events (PostgreSQL LISTEN; skipped on SQLite); a warning while it reconnects never makes the process unready',
    }),
  }),
});

export type OpsRouteDeps = { readiness: ReadinessService; metrics: OpsMetrics; metricsToken: string | undefined };

/**
 * Operations endpoints: `/readyz` (may this process take traffic?) for load balancers and
 * orchestrators, `/metrics` (Prometheus text) for the monitoring system, and the request-duration
 * histogram. `/healthz` (liveness) stays in app.ts as CONTRACT.md defines it.
 */
export function registerOpsRoutes(app: HttpApp, deps: OpsRouteDeps): void {
  app.addHook('onResponse', async (request, reply) => {
    deps.metrics.observeHttpRequest({ method: request.method, route: request.routeOptions.url, statusCode: reply.statusCode, seconds: reply.elapsedTime / 1000 });
  });

  app.get('/readyz', { schema: { response: { 200: ReadinessResponse, 503: ReadinessResponse } } }, async (_request, reply) => {
    const readiness = await deps.readiness.check();
    return reply.header('cache-control', 'no-store').status(readiness.status === 'ready' ? 200 : 503).send(readiness);
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const access = decideMetricsAccess({
      // The socket's peer, never request.ip: should trustProxy be turned on, a client could name itself 127.0.0.1.
      remoteAddress: request.socket.remoteAddress,
      forwarded: request.headers.forwarded !== undefined || request.headers['x-forwarded-for'] !== undefined,
      authorization: request.headers.authorization,
    }, deps.metricsToken);
    if (access === 'unauthorized') {
      reply.header('www-authenticate', 'Bearer realm="postdesk metrics"');
      throw new AppError('auth.required', 'Send the metrics token: "Authorization: Bearer <POSTDESK_METRICS_TOKEN>".');
    }
    if (access === 'forbidden') {
      throw new AppError('auth.forbidden', 'Metrics answer loopback clients only; set POSTDESK_METRICS_TOKEN to scrape from elsewhere.');
    }
    return reply.header('cache-control', 'no-store').type(deps.metrics.contentType).send(await deps.metrics.scrape());
  });
}
