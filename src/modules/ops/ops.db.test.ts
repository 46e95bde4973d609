import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../../test/postgres-databases.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.js';
import type { Database } from '../../storage/database.js';
import { migrateToLatest } from '../../storage/db.js';
import { readMigrationState } from '../../storage/migration-state.js';
import { migrations } from '../../storage/migrations/index.js';
import { findOldestDueJobRunAt, readOperationalSnapshot } from './ops.repository.js';

/**
 * What the readiness probe and a scrape cost: every statement they run, and the database's plan
 * for it. Each must read an index range, never scan a big table.
 */
const kind = testDatabaseKind();
let test: TestDatabase;
let planner: Planner;

/** Runs the repository's functions on a Kysely of its own, recording each statement, and explains them. */
type Planner = { db: Kysely<Database>; explain(statement: Statement): Promise<string>; close(): Promise<void> };
type Statement = { sql: string; parameters: readonly unknown[] };
const statements: Statement[] = [];
const record = (event: LogEvent) => {
  if (event.level === 'query') statements.push({ sql: event.query.sql, parameters: event.query.parameters });
};

function openSqlitePlanner(file: string): Planner {
  const sqlite = new SQLite(file, { readonly: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log: record });
  return {
    db,
    async explain(statement) {
      const rows = sqlite.prepare(`explain query plan ${statement.sql}`).all(...(statement.parameters as unknown[])) as { detail: string }[];
      return rows.map((row) => row.detail).join(' | ');
    },
    close: () => db.destroy(),
  };
}

/**
 * PostgreSQL's plan, one step per node (`Index Only Scan using jobs_ready on jobs`), outer nodes
 * first. Its planner weighs statistics, so it is asked about tables of some size (seedVolume).
 */
function openPostgresPlanner(url: string): Planner {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: record });
  return {
    db,
    async explain(statement) {
      const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: PostgresPlanNode }] }>(`explain (format json) ${statement.sql}`, statement.parameters as unknown[]);
      return flattenPlan(rows[0]!['QUERY PLAN'][0].Plan).join(' | ');
    },
    close: () => db.destroy(),
  };
}

type PostgresPlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PostgresPlanNode[] };

function flattenPlan(node: PostgresPlanNode): string[] {
  const step = [node['Node Type'], node['Index Name'] && `using ${node['Index Name']}`, node['Relation Name'] && `on ${node['Relation Name']}`].filter(Boolean).join(' ');
  return [step, ...(node.Plans ?? []).flatMap(flattenPlan)];
}

beforeAll(async () => {
  test = await createTestDatabase();
  const createdAt = new Date().toISOString();
  await test.db.insertInto('departments').values([
    { id: 'd1', slug: 'delivery-services', name: 'Delivery Services', created_at: createdAt },
    { id: 'd2', slug: 'claims-refunds', name: 'Claims & Refunds', created_at: createdAt },
  ]).execute();
  planner = test.target.kind === 'postgres' ? openPostgresPlanner(test.target.url) : openSqlitePlanner(test.file);
});
afterAll(async () => {
  await planner?.close();
  await test.cleanup();
});

async function plansOf(work: (db: Kysely<Database>) => Promise<unknown>): Promise<string[]> {
  statements.length = 0;
  await work(planner.db);
  return Promise.all(statements.map((statement) => planner.explain(statement)));
}

/** Read whole on purpose: a handful of departments, a few dozen migrations, the at most 1,000 oldest due jobs, the one row of a select without FROM. */
const SMALL_TABLES = /^SCAN (departments|kysely_migration|oldest|CONSTANT ROW)\b/;

function expectNoTableScan(plans: string[]): void {
  for (const plan of plans) {
    for (const step of plan.split(' | ')) {
      if (/^SCAN \w+/.test(step)) expect(step, plan).toMatch(SMALL_TABLES);
    }
  }
}

describe.runIf(kind === 'sqlite')('query plans of readiness and metrics (SQLite)', () => {
  it('readiness finds the oldest due job with one index search', async () => {
    const plans = await plansOf((db) => findOldestDueJobRunAt(db, new Date()));
    expect(plans).toEqual(['SEARCH jobs USING COVERING INDEX jobs_ready (status=? AND run_at<?)']);
  });

  it('readiness reads the migration table (a few dozen rows)', async () => {
    const plans = await plansOf((db) => readMigrationState(db));
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatch(/^SCAN kysely_migration( USING COVERING INDEX \w+)?$/);
  });

  it('a scrape reads jobs through jobs_ready and cases through the queue indexes', async () => {
    const plans = await plansOf((db) => readOperationalSnapshot(db, new Date()));
    expect(plans).toHaveLength(5);
    expectNoTableScan(plans);
    const joined = plans.join('\n');
    // Jobs by state: range counts inside the index; done jobs (all of history) are never read.
    expect(joined).toContain('SEARCH jobs USING COVERING INDEX jobs_ready (status=? AND run_at<?)');
    expect(joined).toContain('SEARCH jobs USING COVERING INDEX jobs_ready (status=? AND run_at>?)');
    expect(joined).toContain('SEARCH jobs USING COVERING INDEX jobs_ready (status=?)');
    expect(joined).not.toMatch(/jobs_ready \(status=\?\) \| USE TEMP B-TREE/);
    // Lag per kind: the oldest due jobs, in index order, at most LAG_WINDOW of them.
    expect(joined).toMatch(/SEARCH jobs USING INDEX jobs_ready \(status=\? AND run_at<\?\) \| SCAN oldest/);
    // Queue depths: one range per department and open status, counted inside the index (3 statuses × 2 departments here).
    const depthPlan = plans.find((plan) => plan.includes('cases_queue'));
    expect(depthPlan?.split(' | ').filter((step) => step === 'SEARCH cases USING COVERING INDEX cases_queue (department_id=? AND status=?)')).toHaveLength(6);
    // SLA: the awaiting-first-response index, up to 24 hours ahead.
    expect(joined).toContain('SEARCH cases USING COVERING INDEX cases_awaiting_due (first_responded_at=? AND first_response_due_at<?)');
  });
});

/**
 * A database of some size, its statistics gathered: 30,000 cases over two departments (three in ten
 * open, a fifth awaiting a first answer) and 30,000 jobs (94 % done). On a few rows PostgreSQL rightly
 * reads the table instead of an index, which says nothing about production.
 */
async function seedVolume(url: string): Promise<void> {
  // The test cluster commits asynchronously, and VACUUM marks a page all-visible (what index-only
  // scans need) only once the commits around its rows are flushed: this session commits synchronously.
  const client = new pg.Client({ connectionString: url, options: '-c synchronous_commit=on' });
  await client.connect();
  try {
    const now = new Date().toISOString();
    await client.query(`insert into customers (id, email, name, registered, created_at, updated_at) values ('cu1', 'volume@example.org', 'Volume', false, $1, $1)`, [now]);
    await client.query(`insert into topics (id, slug, department_id, names, fields, position, active, created_at) values ('t1', 'volume', 'd1', '{}', '[]', 0, true, $1)`, [now]);
    await client.query(`
      insert into cases (id, number, customer_id, topic_id, department_id, status, priority, channel, subject, language,
                         first_response_due_at, first_responded_at, created_at, updated_at)
      select 'case' || i, 'PD-' || i, 'cu1', 't1', case when i % 2 = 0 then 'd1' else 'd2' end,
             (array['new', 'open', 'pending_customer', 'resolved', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed'])[i % 10 + 1],
             'normal', 'email', 'Volume ' || i, 'en',
             $1::timestamptz + (i % 240 - 120) * interval '1 hour', case when i % 3 = 0 then $1::timestamptz end,
             $1::timestamptz - i * interval '1 minute', $1::timestamptz
      from generate_series(1, 30000) as i`, [now]);
    await client.query(`
      insert into jobs (id, type, payload, status, attempts, max_attempts, run_at, created_at, updated_at)
      select 'job' || i, (array['email-in.process-message', 'email-out.send-mail', 'search.index-case'])[i % 3 + 1], '{}',
             case when i % 100 < 94 then 'done' when i % 100 < 97 then 'queued' when i % 100 < 98 then 'running' else 'dead' end,
             0, 5, $1::timestamptz + (i % 200 - 100) * interval '1 minute', $1::timestamptz, $1::timestamptz
      from generate_series(1, 30000) as i`, [now]);
    // What autovacuum does in production: statistics, and the visibility map.
    await client.query('vacuum analyze cases, jobs');
  } finally {
    await client.end();
  }
}

/** Read whole on purpose, as in SQLite: a handful of departments, a few dozen migrations. */
const POSTGRES_SMALL_TABLES = /^Seq Scan on (departments|kysely_migration)$/;

function expectNoPostgresTableScan(plans: string[]): void {
  for (const plan of plans) {
    for (const step of plan.split(' | ')) {
      if (step.startsWith('Seq Scan')) expect(step, plan).toMatch(POSTGRES_SMALL_TABLES);
    }
  }
}

describe.runIf(kind === 'postgres')('query plans of readiness and metrics (PostgreSQL)', () => {
  beforeAll(async () => {
    if (test.target.kind === 'postgres') await seedVolume(test.target.url);
  });

  it('readiness finds the oldest due job with one index search', async () => {
    const plans = await plansOf((db) => findOldestDueJobRunAt(db, new Date()));
    expect(plans).toEqual([expect.stringMatching(/^Limit \| Index (Only )?Scan using jobs_ready on jobs$/)]);
  });

  it('readiness reads the migration table (a few dozen rows)', async () => {
    const plans = await plansOf((db) => readMigrationState(db));
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatch(/^(Seq Scan|Index (Only )?Scan using \w+) on kysely_migration$/);
  });

  it('a scrape reads jobs through jobs_ready and cases through the queue indexes', async () => {
    const plans = await plansOf((db) => readOperationalSnapshot(db, new Date()));
    expect(plans).toHaveLength(5);
    expectNoPostgresTableScan(plans);
    const stepsOf = (index: string) => plans.find((plan) => plan.includes(`using ${index} `))?.split(' | ') ?? [];
    // Jobs by state: four range counts inside the index; done jobs (all of history) are never read.
    const jobCounts = plans.find((plan) => plan.split(' | ').filter((step) => step === 'Index Only Scan using jobs_ready on jobs').length === 4);
    expect(jobCounts, plans.join('\n')).toBeDefined();
    // Lag per kind: the oldest due jobs from a jobs_ready range, at most LAG_WINDOW of them.
    expect(plans).toContainEqual(expect.stringMatching(/^Aggregate \| Limit \| .*(Index (Only )?Scan|Bitmap Index Scan) using jobs_ready\b/));
    // Queue depths: one range per department and open status, counted inside the index (3 statuses × 2 departments here).
    expect(stepsOf('cases_queue').filter((step) => step === 'Index Only Scan using cases_queue on cases')).toHaveLength(6);
    // SLA: the awaiting-first-response index.
    expect(stepsOf('cases_awaiting_due')).toContain('Index Only Scan using cases_awaiting_due on cases');
  });
});

describe('migrateToLatest on a database a newer release migrated ahead', () => {
  it('leaves it alone instead of refusing it, so an old process can restart during a rolling deploy', async () => {
    const migrationTable = test.db.withTables<{ kysely_migration: { name: string; timestamp: string } }>();
    await migrationTable.insertInto('kysely_migration').values({ name: '9999_from_a_newer_release', timestamp: new Date().toISOString() }).execute();
    try {
      await expect(migrateToLatest(test.db)).resolves.toEqual({ results: [] });
      expect(await readMigrationState(test.db)).toEqual({
        applied: Object.keys(migrations).length, expected: Object.keys(migrations).length, missing: [], ahead: ['9999_from_a_newer_release'],
      });
    } finally {
      await migrationTable.deleteFrom('kysely_migration').where('name', '=', '9999_from_a_newer_release').execute();
    }
  });
});
