import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.js';
import type { Database } from '../../storage/database.js';
import { migrateToLatest } from '../../storage/db.js';
import { readMigrationState } from '../../storage/migration-state.js';
import { migrations } from '../../storage/migrations/index.js';
import { findOldestDueJobRunAt, readOperationalSnapshot } from './ops.repository.js';

/**
 * What the readiness probe and a scrape cost: every statement they run, and SQLite's plan for it.
 * Each must read an index range, never scan a big table.
 */
let test: TestDatabase;
let sqlite: SQLite.Database;
let db: Kysely<Database>;
const statements: { sql: string; parameters: readonly unknown[] }[] = [];

beforeAll(async () => {
  test = await createTestDatabase();
  const createdAt = new Date().toISOString();
  await test.db.insertInto('departments').values([
    { id: 'd1', slug: 'delivery-services', name: 'Delivery Services', created_at: createdAt },
    { id: 'd2', slug: 'claims-refunds', name: 'Claims & Refunds', created_at: createdAt },
  ]).execute();
  sqlite = new SQLite(test.file, { readonly: true });
  db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (event) => {
      if (event.level === 'query') statements.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
});
afterAll(async () => {
  await db.destroy();
  await test.cleanup();
});

function planOf(statement: { sql: string; parameters: readonly unknown[] }): string {
  const rows = sqlite.prepare(`explain query plan ${statement.sql}`).all(...(statement.parameters as unknown[])) as { detail: string }[];
  return rows.map((row) => row.detail).join(' | ');
}

async function plansOf(work: () => Promise<unknown>): Promise<string[]> {
  statements.length = 0;
  await work();
  return statements.map(planOf);
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

describe('query plans of readiness and metrics (SQLite)', () => {
  it('readiness finds the oldest due job with one index search', async () => {
    const plans = await plansOf(() => findOldestDueJobRunAt(db, new Date()));
    expect(plans).toEqual(['SEARCH jobs USING COVERING INDEX jobs_ready (status=? AND run_at<?)']);
  });

  it('readiness reads the migration table (a few dozen rows)', async () => {
    const plans = await plansOf(() => readMigrationState(db));
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatch(/^SCAN kysely_migration( USING COVERING INDEX \w+)?$/);
  });

  it('a scrape reads jobs through jobs_ready and cases through the queue indexes', async () => {
    const plans = await plansOf(() => readOperationalSnapshot(db, new Date()));
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
