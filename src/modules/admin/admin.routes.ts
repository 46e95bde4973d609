import { Type } from 'typebox';
import type { HttpApp } from '../../http/types.js';
import { requireAgent } from '../../http/auth.js';
import { JOB_STATUSES, type JobQueue, type JobRecord } from '../../jobs/queue.js';
import type { Kysely } from 'kysely';
import type { AuthService } from '../agents/auth.service.js';
import type { Database } from '../../storage/database.js';
import { listInbound } from '../email-in/inbound.repository.js';

const JobListQuery = Type.Object({
  status: Type.Optional(Type.Union(JOB_STATUSES.map((s) => Type.Literal(s)))),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

const JobView = Type.Object({
  id: Type.String(),
  type: Type.String(),
  status: Type.String({ description: 'queued, running, done, dead' }),
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  runAt: Type.String({ format: 'date-time' }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

/** Dead-lettered jobs are visible to admins and can be retried after the cause is fixed. */
export function registerAdminJobRoutes(app: HttpApp, deps: { jobs: JobQueue; auth: AuthService }): void {
  app.get('/api/v1/admin/jobs', {
    schema: { querystring: JobListQuery, response: { 200: Type.Object({ counts: Type.Record(Type.String(), Type.Integer()), jobs: Type.Array(JobView) }) } },
    preValidation: requireAgent(deps.auth, 'admin') }, async (request) => {
    const [jobs, counts] = await Promise.all([
      deps.jobs.listJobs({ ...(request.query.status ? { status: request.query.status } : {}), limit: request.query.limit ?? 100 }),
      deps.jobs.counts(),
    ]);
    return { counts, jobs: jobs.map(presentJob) };
  });

  app.post('/api/v1/admin/jobs/:id/retry', {
    schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: Type.Object({ job: JobView }) } },
    preValidation: requireAgent(deps.auth, 'admin'),
  }, async (request) => ({ job: presentJob(await deps.jobs.retryDead(request.params.id)) }));
}

// Payloads hold ids only, but they are still internal: the admin view shows what failed and why.
function presentJob(job: JobRecord) {
  return {
    id: job.id,
    type: job.type,
    status: job.status,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    runAt: job.runAt.toISOString(),
    lastError: job.lastError,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}

const InboundListQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('received'), Type.Literal('processed'), Type.Literal('ignored'), Type.Literal('failed')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

const InboundView = Type.Object({
  id: Type.String(),
  source: Type.String({ description: 'smtp or imap' }),
  mailFrom: Type.Union([Type.String(), Type.Null()]),
  messageId: Type.Union([Type.String(), Type.Null()]),
  size: Type.Integer(),
  status: Type.String({ description: 'received, processed, ignored, failed' }),
  outcome: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  caseId: Type.Union([Type.String(), Type.Null()]),
  caseNumber: Type.Union([Type.String(), Type.Null()]),
  receivedAt: Type.String({ format: 'date-time' }),
  processedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** Every inbound email with what processing made of it (case, follow-up, ignored automatic mail, bounce, failure). */
export function registerAdminInboundRoutes(app: HttpApp, deps: { db: Kysely<Database>; auth: AuthService }): void {
  app.get('/api/v1/admin/inbound', {
    schema: { querystring: InboundListQuery, response: { 200: Type.Object({ inbound: Type.Array(InboundView) }) } },
    preValidation: requireAgent(deps.auth, 'admin') }, async (request) => {
    const rows = await listInbound(deps.db, { ...(request.query.status ? { status: request.query.status } : {}), limit: request.query.limit ?? 100 });
    return {
      inbound: rows.map((row) => ({ ...row, receivedAt: row.receivedAt.toISOString(), processedAt: row.processedAt?.toISOString() ?? null })),
    };
  });
}
