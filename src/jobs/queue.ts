import type { Expression, ExpressionBuilder, Kysely, Selectable, SqlBool } from 'kysely';
import type { Clock } from '../kernel/clock.js';
import { AppError } from '../kernel/errors.js';
import { newId } from '../kernel/ids.js';
import type { Database, Executor } from '../storage/database.js';
import {
  dialectOf,
  forUpdateSkipLocked,
  fromDbJson,
  fromDbTime,
  fromDbTimeOrNull,
  rechecksLockedRows,
  toDbJson,
  toDbTime,
  type Dialect,
} from '../storage/dialect-helpers.js';
import type { JobRequest } from './define-job.js';
import type { JobsTable } from './jobs.table.js';

export const JOB_STATUSES = ['queued', 'running', 'done', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A job as the rest of the system sees it: dates as Date, the payload parsed. */
export type JobRecord = {
  id: string;
  type: string;
  payload: unknown;
  status: JobStatus;
  idempotencyKey: string | null;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lockedUntil: Date | null;
  lockedBy: string | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** A job this worker holds the lease on; `attempts` already counts the current run. */
export type ClaimedJob = JobRecord & { status: 'running'; lockedBy: string; lockedUntil: Date };

export type CompleteOutcome = 'done' | 'lease_lost';
export type FailOutcome = 'queued' | 'dead' | 'lease_lost';

/** The durable queue's port: claiming, settling and inspecting jobs. */
export interface JobQueue {
  /** Atomically claims the next ready job (or one whose lease expired), or returns null. */
  claimNext(workerId: string, leaseMs: number, types?: string[]): Promise<ClaimedJob | null>;
  /** Like `claimNext`, up to `limit` jobs in one statement (one commit for a worker's free slots), earliest first. */
  claimBatch(workerId: string, leaseMs: number, limit: number, types?: string[]): Promise<ClaimedJob[]>;
  /** Marks the job done, if this worker still holds its lease. */
  complete(job: ClaimedJob): Promise<CompleteOutcome>;
  /** `complete` for several jobs in one statement; outcomes in the order of `jobs`. */
  completeBatch(jobs: ClaimedJob[]): Promise<CompleteOutcome[]>;
  /** Re-queues the job with back-off, or dead-letters it when attempts are spent or `permanent` is set. */
  fail(job: ClaimedJob, error: unknown, options?: { permanent?: boolean }): Promise<FailOutcome>;
  /**
   * Hands jobs this worker will not finish (it is stopping) back to the queue, ready now and with
   * the interrupted attempt not counted; jobs whose lease it no longer holds are left alone.
   * Returns how many were released.
   */
  release(jobs: ClaimedJob[]): Promise<number>;
  /** Dead-letters running jobs whose lease expired on their last attempt (their worker crashed); returns how many. */
  reapExpiredLeases(): Promise<number>;
  /** Ends now the leases of workers known to be gone (a crashed process on this host), so their jobs run at once. */
  expireLeasesOf(isGone: (workerId: string) => boolean): Promise<number>;
  /** Jobs for the admin view, most recently changed first. */
  listJobs(filter: { status?: JobStatus; limit: number }): Promise<JobRecord[]>;
  /** Sends a dead job back to the queue, ready now, with its attempts reset. */
  retryDead(id: string): Promise<JobRecord>;
  counts(): Promise<Record<JobStatus, number>>;
}

export type JobQueueOptions = {
  db: Kysely<Database>;
  clock: Clock;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Source of jitter in [0, 1); tests pin it. */
  random?: () => number;
};

export const DEFAULT_MAX_ATTEMPTS = 10;
const MAX_ERROR_LENGTH = 2000;
const JITTER = 0.2;

/**
 * Writes a job through the given executor, so that inside a transaction the job commits or rolls
 * back with the change that caused it (transactional outbox). With an idempotency key already in
 * use, returns the existing job instead. Publish `job.enqueued` after the commit to wake workers.
 */
export async function enqueueJob(
  executor: Executor,
  job: JobRequest,
  now: Date,
): Promise<{ id: string; created: boolean }> {
  const maxAttempts = job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new Error(`Job ${job.type}: maxAttempts must be a positive integer`);
  }
  const id = newId(now.getTime());
  const inserted = await executor
    .insertInto('jobs')
    .values({
      id,
      type: job.type,
      payload: toDbJson(job.payload ?? null),
      status: 'queued',
      idempotency_key: job.idempotencyKey ?? null,
      attempts: 0,
      max_attempts: maxAttempts,
      run_at: toDbTime(job.runAt ?? now),
      locked_until: null,
      locked_by: null,
      last_error: null,
      created_at: toDbTime(now),
      updated_at: toDbTime(now),
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  if (job.idempotencyKey === undefined) throw new Error(`Job ${job.type} was not inserted`);

  const existing = await executor
    .selectFrom('jobs')
    .select(['id', 'type'])
    .where('idempotency_key', '=', job.idempotencyKey)
    .executeTakeFirstOrThrow();
  // The same key for another job type would silently drop this job: a caller bug, not a duplicate.
  if (existing.type !== job.type) {
    throw new Error(`Idempotency key of job ${job.type} is already used by a ${existing.type} job`);
  }
  return { id: existing.id, created: false };
}

/** Back-off before the next attempt: base·2^(attempt−1), capped, then ±20 % jitter so retries spread out. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const exponential = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), maxMs);
  return Math.round(exponential * (1 + JITTER * (2 * random() - 1)));
}

export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { db, clock } = options;
  const retryBaseMs = options.retryBaseMs ?? 2000;
  const retryMaxMs = options.retryMaxMs ?? 60 * 60 * 1000;
  const random = options.random ?? Math.random;
  const dialect = dialectOf(db);

  const claimBatch: JobQueue['claimBatch'] = async (workerId, leaseMs, limit, types) => {
    if (types?.length === 0 || limit < 1) return [];
    const now = clock.now();
    const isClaimable = claimableAt(toDbTime(now));
    const claim = db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        attempts: eb('attempts', '+', 1),
        locked_by: workerId,
        locked_until: toDbTime(new Date(now.getTime() + leaseMs)),
        updated_at: toDbTime(now),
      }))
      .where((eb) => eb('id', 'in', nextClaimableIds(eb, dialect, toDbTime(now), types, limit)));
    // Re-checked on the row itself: PostgreSQL re-evaluates it if a concurrent claim got there first.
    const rows = await (rechecksLockedRows(dialect) ? claim.where(isClaimable) : claim).returningAll().execute();
    // RETURNING follows no particular order; callers start the earliest due first.
    return rows.map((row) => toJobRecord(row) as ClaimedJob).sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
  };

  const completeBatch: JobQueue['completeBatch'] = async (jobs) => {
    if (jobs.length === 0) return [];
    const now = toDbTime(clock.now());
    const done = await db
      .updateTable('jobs')
      .set({ status: 'done', locked_by: null, locked_until: null, updated_at: now })
      .where((eb) => eb.or(jobs.map((job) => isLeaseOf(job)(eb))))
      .returning('id')
      .execute();
    const doneIds = new Set(done.map((row) => row.id));
    return jobs.map((job) => (doneIds.has(job.id) ? 'done' : 'lease_lost'));
  };

  return {
    async claimNext(workerId, leaseMs, types) {
      const [job] = await claimBatch(workerId, leaseMs, 1, types);
      return job ?? null;
    },

    claimBatch,

    async complete(job) {
      const [outcome] = await completeBatch([job]);
      return outcome ?? 'lease_lost';
    },

    completeBatch,

    async fail(job, error, failOptions) {
      const now = clock.now();
      const lastError = describeError(error);
      const retry = failOptions?.permanent !== true && job.attempts < job.maxAttempts;
      const runAt = new Date(now.getTime() + retryDelayMs(job.attempts, retryBaseMs, retryMaxMs, random));
      const result = await db
        .updateTable('jobs')
        .set({
          status: retry ? 'queued' : 'dead',
          ...(retry ? { run_at: toDbTime(runAt) } : {}),
          last_error: lastError,
          locked_by: null,
          locked_until: null,
          updated_at: toDbTime(now),
        })
        .where(isLeaseOf(job))
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return 'lease_lost';
      return retry ? 'queued' : 'dead';
    },

    async release(jobs) {
      if (jobs.length === 0) return 0;
      const now = toDbTime(clock.now());
      const result = await db
        .updateTable('jobs')
        .set((eb) => ({ status: 'queued', attempts: eb('attempts', '-', 1), run_at: now, locked_by: null, locked_until: null, updated_at: now }))
        .where((eb) => eb.or(jobs.map((job) => isLeaseOf(job)(eb))))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async reapExpiredLeases() {
      const now = toDbTime(clock.now());
      const result = await db
        .updateTable('jobs')
        .set({
          status: 'dead',
          last_error: 'Lease expired on the last attempt: the worker crashed or the handler outran its lease',
          locked_by: null,
          locked_until: null,
          updated_at: now,
        })
        .where('status', '=', 'running')
        .where('locked_until', '<', now)
        .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async expireLeasesOf(isGone) {
      const holders = await db.selectFrom('jobs').select('locked_by').distinct().where('status', '=', 'running').execute();
      const gone = holders.map((h) => h.locked_by).filter((id): id is string => id !== null && isGone(id));
      if (gone.length === 0) return 0;
      const now = toDbTime(clock.now());
      const result = await db.updateTable('jobs').set({ locked_until: now, updated_at: now }).where('status', '=', 'running').where('locked_by', 'in', gone).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async listJobs(filter) {
      let query = db.selectFrom('jobs').selectAll();
      if (filter.status) query = query.where('status', '=', filter.status);
      const rows = await query.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
      return rows.map(toJobRecord);
    },

    async retryDead(id) {
      const now = toDbTime(clock.now());
      const row = await db
        .updateTable('jobs')
        .set({ status: 'queued', attempts: 0, run_at: now, locked_by: null, locked_until: null, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'dead')
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new AppError('job.not_found', `No dead job ${id}`);
      return toJobRecord(row);
    },

    async counts() {
      const rows = await db
        .selectFrom('jobs')
        .select((eb) => ['status', eb.fn.countAll().as('count')])
        .groupBy('status')
        .execute();
      const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, dead: 0 };
      for (const row of rows) if (isJobStatus(row.status)) counts[row.status] = Number(row.count);
      return counts;
    },
  };
}

type JobsExpression = ExpressionBuilder<Database, 'jobs'>;

/** Ready to run, or running on a lease that expired with attempts left (its worker is presumed dead). */
function claimableAt(now: string) {
  return (eb: JobsExpression) => eb.or([isReady(eb, now), isLeaseExpired(eb, now)]);
}

function isReady(eb: JobsExpression, now: string) {
  return eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]);
}

function isLeaseExpired(eb: JobsExpression, now: string) {
  return eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now), eb('attempts', '<', eb.ref('max_attempts'))]);
}

/**
 * The ids of the next `limit` jobs to claim, earliest run_at first. Each arm walks the
 * (status, run_at) index and stops after `limit` rows: one `OR` query would instead collect and
 * sort every ready job on each claim, and an `id` tie-break would sort every job sharing a run_at
 * (a batch enqueued in one transaction), both of which make draining a large backlog quadratic.
 * Ties therefore run in index order (insertion order in SQLite); ids of one millisecond are
 * unordered anyway.
 */
function nextClaimableIds(eb: JobsExpression, dialect: Dialect, now: string, types: string[] | undefined, limit: number) {
  const firstWhere = (condition: (eb: JobsExpression) => Expression<SqlBool>) => {
    let query = eb.selectFrom('jobs').select(['id', 'run_at']).where(condition);
    if (types) query = query.where('type', 'in', types);
    return forUpdateSkipLocked(dialect, query.orderBy('run_at').limit(limit));
  };
  const ready = eb.selectFrom(firstWhere((e) => isReady(e, now)).as('ready')).selectAll();
  const expired = eb.selectFrom(firstWhere((e) => isLeaseExpired(e, now)).as('expired')).selectAll();
  return eb
    .selectFrom(ready.unionAll(expired).as('candidates'))
    .select('candidates.id')
    .orderBy('candidates.run_at')
    .limit(limit);
}

/** The lease is (worker, attempt): a worker that re-claimed its own expired job still cannot settle the old run. */
function isLeaseOf(job: ClaimedJob) {
  return (eb: ExpressionBuilder<Database, 'jobs'>) =>
    eb.and([
      eb('id', '=', job.id),
      eb('status', '=', 'running'),
      eb('locked_by', '=', job.lockedBy),
      eb('attempts', '=', job.attempts),
    ]);
}

function isJobStatus(value: string): value is JobStatus {
  return (JOB_STATUSES as readonly string[]).includes(value);
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

function parsePayload(value: unknown): unknown {
  try {
    return fromDbJson<unknown>(value);
  } catch {
    // Only a hand-edited row gets here; the definition's schema check then dead-letters the job.
    return undefined;
  }
}

function toJobRecord(row: Selectable<JobsTable>): JobRecord {
  if (!isJobStatus(row.status)) throw new Error(`Job ${row.id} has unknown status ${row.status}`);
  return {
    id: row.id,
    type: row.type,
    payload: parsePayload(row.payload),
    status: row.status,
    idempotencyKey: row.idempotency_key,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: fromDbTime(row.run_at),
    lockedUntil: fromDbTimeOrNull(row.locked_until),
    lockedBy: row.locked_by,
    lastError: row.last_error,
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
  };
}
