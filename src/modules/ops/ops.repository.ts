import { sql, type Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import { fromDbTime, toDbTime } from '../../storage/dialect-helpers.js';
import { DUE_SOON_WINDOW_MS, isAwaitingFirstResponse, isOpen } from '../cases/case-queues.js';
import { listDepartments } from '../topics/topics.repository.js';
import type { Department } from '../topics/topic.js';
import { JOB_STATES, type JobState, type OperationalSnapshot } from './ops.js';

/*
 * Every query here runs on each readiness probe or scrape, so each reads one index range
 * (plans checked in ops.db.test.ts): jobs through `jobs_ready (status, run_at)`, cases through
 * `cases_queue` and the partial SLA index of migration 0005, reading open / awaiting cases only.
 */

export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** When the oldest job that is due and not yet claimed became due: the first entry of one index range. */
export async function findOldestDueJobRunAt(db: Kysely<Database>, now: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('jobs')
    .select('run_at')
    .where('status', '=', 'queued')
    .where('run_at', '<=', toDbTime(now))
    .orderBy('run_at')
    .limit(1)
    .executeTakeFirst();
  return row ? fromDbTime(row.run_at) : null;
}

/**
 * Open cases per department (slug) and status: the work queues' depths. Naming the departments
 * lets SQLite seek `cases_queue (department_id, status, …)` for each pair and count inside the
 * index; with the status list alone it walks `cases_status_due` and reads every open case's row.
 */
async function countOpenCases(db: Kysely<Database>, departments: Department[]): Promise<OperationalSnapshot['openCases']> {
  if (departments.length === 0) return [];
  const rows = await db
    .selectFrom('cases')
    .select((eb) => ['department_id', 'status', eb.fn.countAll().as('count')])
    .where('department_id', 'in', departments.map((d) => d.id))
    .where(isOpen)
    .groupBy(['department_id', 'status'])
    .execute();
  const slugOf = new Map(departments.map((d) => [d.id, d.slug]));
  return rows.map((row) => ({ department: slugOf.get(row.department_id) ?? 'unknown', status: row.status, count: Number(row.count) }));
}

/** Non-finished jobs by state; `done` jobs (all history) are never counted. Index-only. */
async function countJobs(db: Kysely<Database>, now: Date): Promise<Record<JobState, number>> {
  const state = sql<string>`case when status = 'queued' and run_at <= ${toDbTime(now)} then 'due' when status = 'queued' then 'scheduled' else status end`;
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => [state.as('state'), eb.fn.countAll().as('count')])
    .where('status', 'in', ['queued', 'running', 'dead'])
    // By the output name: PostgreSQL would not match two copies of the expression with separate parameters.
    .groupBy(sql.ref('state'))
    .execute();
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  for (const row of rows) if ((JOB_STATES as readonly string[]).includes(row.state)) counts[row.state as JobState] = Number(row.count);
  return counts;
}

/** Per job kind, when its oldest due job became due. Reads the due range only: nothing when the workers keep up. */
async function findOldestDueJobsByKind(db: Kysely<Database>, now: Date): Promise<OperationalSnapshot['oldestDueJobs']> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => ['type', eb.fn.min('run_at').as('oldest')])
    .where('status', '=', 'queued')
    .where('run_at', '<=', toDbTime(now))
    .groupBy('type')
    .execute();
  return rows.map((row) => ({ kind: row.type, runAt: fromDbTime(row.oldest) }));
}

/** Cases awaiting their first answer past their due time, and those due within the next 24 hours (the console's SLA queues). */
async function countSla(db: Kysely<Database>, now: Date): Promise<OperationalSnapshot['sla']> {
  const nowAt = toDbTime(now);
  const row = await db
    .selectFrom('cases')
    .select((eb) => [
      eb.fn.sum<number | string | null>(eb.case().when('first_response_due_at', '<', nowAt).then(1).else(0).end()).as('breached'),
      eb.fn.countAll().as('awaiting'),
    ])
    .where(isAwaitingFirstResponse)
    .where('first_response_due_at', '<', toDbTime(new Date(now.getTime() + DUE_SOON_WINDOW_MS)))
    .executeTakeFirstOrThrow();
  const breached = Number(row.breached ?? 0);
  return { breached, dueSoon: Number(row.awaiting) - breached };
}

/** Everything the database-derived gauges show, read now. */
export async function readOperationalSnapshot(db: Kysely<Database>, now: Date): Promise<OperationalSnapshot> {
  const departments = await listDepartments(db);
  const [openCases, jobs, oldestDueJobs, sla] = await Promise.all([
    countOpenCases(db, departments),
    countJobs(db, now),
    findOldestDueJobsByKind(db, now),
    countSla(db, now),
  ]);
  return { departments: departments.map((d) => d.slug), openCases, jobs, oldestDueJobs, sla };
}
