import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../storage/database.js';
import { fromDbTime, toDbTime } from '../../storage/dialect-helpers.js';
import { DUE_SOON_WINDOW_MS, isAwaitingFirstResponse, OPEN_STATUSES } from '../cases/case-queues.js';
import { listDepartments } from '../topics/topics.repository.js';
import type { Department } from '../topics/topic.js';
import { JOB_STATES, type JobState, type OperationalSnapshot } from './ops.js';

/*
 * Every query here runs on each readiness probe or scrape, so each reads one index range
 * (plans checked in ops.db.test.ts): jobs through `jobs_ready (status, run_at)`, cases through
 * `cases_queue` and the partial SLA index of migration 0005, reading open / awaiting cases only.
 * Timings quoted below: SQLite, 200,000 demo cases (36,700 open) and 360,000 jobs.
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
 * Open cases per department (slug) and status: the work queues' depths. One count per pair, each
 * an index range of `cases_queue (department_id, status, …)` counted inside the index; a GROUP BY
 * over the same entries cost twice as much in SQLite (36,700 open cases: 8.5 vs 15.6 ms).
 */
async function countOpenCases(db: Kysely<Database>, departments: Department[]): Promise<OperationalSnapshot['openCases']> {
  const pairs = departments.flatMap((department) => OPEN_STATUSES.map((status) => ({ department, status })));
  if (pairs.length === 0) return [];
  const row = await db
    .selectNoFrom((eb) => pairs.map(({ department, status }, i) =>
      eb.selectFrom('cases').select(eb.fn.countAll().as('n')).where('department_id', '=', department.id).where('status', '=', status).as(`c${i}`)))
    .executeTakeFirstOrThrow();
  const counts = row as Record<string, unknown>;
  return pairs.map(({ department, status }, i) => ({ department: department.slug, status, count: Number(counts[`c${i}`] ?? 0) }));
}

/**
 * Unfinished jobs by state; `done` jobs (all of history) are never read. Four range counts inside
 * `jobs_ready`: grouping by a computed state instead sorted every entry (60,000 unfinished jobs:
 * 2 vs 39 ms in SQLite).
 */
async function countJobs(db: Kysely<Database>, now: Date): Promise<Record<JobState, number>> {
  const nowAt = toDbTime(now);
  const row = await db
    .selectNoFrom((eb) => {
      const count = (state: JobState, where: (q: SelectQueryBuilder<Database, 'jobs', object>) => SelectQueryBuilder<Database, 'jobs', object>) =>
        where(eb.selectFrom('jobs')).select(eb.fn.countAll().as('n')).as(state);
      return [
        count('due', (q) => q.where('status', '=', 'queued').where('run_at', '<=', nowAt)),
        count('scheduled', (q) => q.where('status', '=', 'queued').where('run_at', '>', nowAt)),
        count('running', (q) => q.where('status', '=', 'running')),
        count('dead', (q) => q.where('status', '=', 'dead')),
      ];
    })
    .executeTakeFirstOrThrow();
  const counts = row as Record<string, unknown>;
  return Object.fromEntries(JOB_STATES.map((state) => [state, Number(counts[state] ?? 0)])) as Record<JobState, number>;
}

/** How many of the oldest due jobs the per-kind lag looks at. */
export const LAG_WINDOW = 1000;

/**
 * Per job kind, when its oldest due job became due, among the LAG_WINDOW oldest due jobs: the
 * ones workers claim next (they claim in due order, whatever the kind). A kind with a job there
 * gets its exact oldest; a kind without one reads as not lagging, though with a backlog beyond
 * the window it may have younger due jobs. Bounded so that a backlog (when scrapes matter most)
 * does not make them slow: grouping the whole due range read 50,000 rows (40 ms) per scrape.
 */
async function findOldestDueJobsByKind(db: Kysely<Database>, now: Date): Promise<OperationalSnapshot['oldestDueJobs']> {
  const oldest = db
    .selectFrom('jobs')
    .select(['type', 'run_at'])
    .where('status', '=', 'queued')
    .where('run_at', '<=', toDbTime(now))
    .orderBy('run_at')
    .limit(LAG_WINDOW)
    .as('oldest');
  const rows = await db
    .selectFrom(oldest)
    .select((eb) => ['oldest.type', eb.fn.min('oldest.run_at').as('first')])
    .groupBy('oldest.type')
    .execute();
  return rows.map((row) => ({ kind: row.type, runAt: fromDbTime(row.first) }));
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
  return { openCases, jobs, oldestDueJobs, sla };
}
