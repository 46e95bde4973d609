import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.js';
import type { Database } from '../../storage/database.js';
import { DEFAULT_DEPARTMENTS, DEFAULT_TOPICS } from '../topics/default-topics.js';
import { insertMissingDefaults } from '../topics/topics.repository.js';
import { listCaseSummaries, type CaseSort } from './case-queries.js';
import { countCases, findQueue } from './case-queues.js';

// SQLite uses a partial index only when the query repeats the index's WHERE term for term, and
// migration 0005 cannot import the queue definitions: this suite keeps the two in step.

const NOW = new Date('2026-03-02T14:00:00.000Z');
const AGENT = '0190f5c2-0000-7000-8000-000000000001';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.cleanup();
  database = undefined;
});

async function plansOf(run: (db: Kysely<Database>) => Promise<unknown>): Promise<string[]> {
  database = database ?? (await createTestDatabase());
  const queries: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: new SQLite(database.file) }),
    log: (event) => {
      if (event.level === 'query') queries.push(event.query);
    },
  });
  try {
    await insertMissingDefaults(db, 'sqlite', { departments: DEFAULT_DEPARTMENTS, topics: DEFAULT_TOPICS }, NOW);
    queries.length = 0;
    await run(db);
    const plans: string[] = [];
    for (const query of queries.filter((q) => /from "cases"/.test(q.sql))) {
      const rows = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
      plans.push(rows.rows.map((r) => r.detail).join('\n'));
    }
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

describe('queue queries use the indexes of migration 0005', () => {
  it.each(QUEUES)('%s: the count reads one covering index range', async (id) => {
    const [plan] = await plansOf(async (db) => countCases(db, (await findQueue(db, id, AGENT, NOW))!.where));
    expect(plan).toMatch(/SEARCH cases USING COVERING INDEX/);
    expect(plan).not.toMatch(/SCAN cases/);
  });

  it.each(QUEUES)('%s: a page, newest first or by due time, walks a queue index', async (id, newest, due) => {
    for (const [sort, index] of [['newest', newest], ['due', due]] as [CaseSort, RegExp][]) {
      const plans = await plansOf(async (db) => {
        const queue = (await findQueue(db, id, AGENT, NOW))!;
        await listCaseSummaries(db, 'sqlite', { queue: queue.where, sort, limit: 51, cursor: { sort, at: NOW.toISOString(), id: AGENT } });
      });
      expect(plans.join('\n'), `${id} sort=${sort}`).toMatch(index);
      expect(plans.join('\n'), `${id} sort=${sort}`).not.toMatch(/SCAN cases/);
    }
  });
});
