import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../../test/postgres-databases.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.js';
import type { Database } from '../../storage/database.js';
import { DEFAULT_DEPARTMENTS, DEFAULT_TOPICS } from '../topics/default-topics.js';
import { insertMissingDefaults } from '../topics/topics.repository.js';
import { listCaseSummaries, type CaseSort } from './case-queries.js';
import { countCases, findQueue } from './case-queues.js';

// Migration 0005 cannot import the queue definitions: this suite keeps the two in step. SQLite
// uses a partial index only when the query repeats the index's WHERE term for term; PostgreSQL
// when the query's WHERE implies it. Both show it in their plans: SQLite's `explain query plan`;
// PostgreSQL's `explain` with sequential scans priced out (an empty table is cheapest to scan).

const NOW = new Date('2026-03-02T14:00:00.000Z');
const AGENT = '0190f5c2-0000-7000-8000-000000000001';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.cleanup();
  database = undefined;
});

/** A second connection to the test database that records what it runs, and a way to explain it. */
function recordingConnection(target: TestDatabase['target'], queries: CompiledQuery[]): { db: Kysely<Database>; explain(query: CompiledQuery): Promise<string> } {
  const log = (event: { level: string; query: CompiledQuery }) => {
    if (event.level === 'query') queries.push(event.query);
  };
  if (target.kind === 'sqlite') {
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(target.file) }), log });
    return {
      db,
      explain: async (query) => (await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]))).rows.map((r) => r.detail).join('\n'),
    };
  }
  // One connection, so the session setting holds for every statement.
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.url, max: 1, options: '-c enable_seqscan=off' }) }), log });
  return {
    db,
    explain: async (query) => (await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]))).rows.map((r) => r['QUERY PLAN']).join('\n'),
  };
}

async function plansOf(run: (db: Kysely<Database>) => Promise<unknown>): Promise<string[]> {
  database = database ?? (await createTestDatabase());
  const queries: CompiledQuery[] = [];
  const { db, explain } = recordingConnection(database.target, queries);
  try {
    await insertMissingDefaults(db, database.dialect, { departments: DEFAULT_DEPARTMENTS, topics: DEFAULT_TOPICS }, NOW);
    queries.length = 0;
    await run(db);
    const plans: string[] = [];
    for (const query of queries.filter((q) => /from "cases"/.test(q.sql))) plans.push(await explain(query));
    return plans;
  } finally {
    await db.destroy();
  }
}

const QUEUES: [id: string, newest: RegExp, due: RegExp][] = [
  ['mine', /cases_open_assignee_created/, /cases_open_assignee_due/],
  ['unassigned', /cases_open_assignee_created/, /cases_open_assignee_due/],
  ['triage', /cases_open_department_created/, /cases_open_department_due/],
  ['department:customer-care', /cases_open_department_created/, /cases_open_department_due/],
  ['due-soon', /cases_awaiting_(due|created)/, /cases_awaiting_due/],
  ['breached', /cases_awaiting_created/, /cases_awaiting_due/],
];

/**
 * PostgreSQL picks among the indexes a query may use by its estimates, which on an empty table say
 * little (the due-soon page by due time takes `cases_due`, as good there). What must hold is that
 * a queue's condition implies a queue index's WHERE, which the counts show (an index-only scan of
 * a partial index is possible only then), and that no page scans the table.
 */
const onPostgres = testDatabaseKind() === 'postgres';
const PG_PAGE_FROM_INDEX = /Index (Only )?Scan( Backward)? using cases_\w+ on cases cases_1/;

describe('queue queries use the indexes of migration 0005', () => {
  it.each(QUEUES)('%s: the count reads one covering index range', async (id) => {
    const [plan] = await plansOf(async (db) => countCases(db, (await findQueue(db, id, AGENT, NOW))!.where));
    if (onPostgres) {
      expect(plan).toMatch(/Index Only Scan using cases_(open|awaiting)_\w+ on cases/);
      expect(plan).not.toMatch(/Seq Scan/);
      return;
    }
    expect(plan).toMatch(/SEARCH cases USING COVERING INDEX/);
    expect(plan).not.toMatch(/SCAN cases/);
  });

  it.each(QUEUES)('%s: a page, newest first or by due time, walks a queue index', async (id, newest, due) => {
    for (const [sort, index] of [['newest', newest], ['due', due]] as [CaseSort, RegExp][]) {
      const plans = await plansOf(async (db) => {
        const queue = (await findQueue(db, id, AGENT, NOW))!;
        await listCaseSummaries(db, database!.dialect, { queue: queue.where, sort, limit: 51, cursor: { sort, at: NOW.toISOString(), id: AGENT } });
      });
      expect(plans.join('\n'), `${id} sort=${sort}`).toMatch(onPostgres ? PG_PAGE_FROM_INDEX : index);
      expect(plans.join('\n'), `${id} sort=${sort}`).not.toMatch(onPostgres ? /Seq Scan/ : /SCAN cases/);
    }
  });
});
