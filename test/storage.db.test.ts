import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from './test-db.js';
import { migrateToLatest } from '../src/storage/db.js';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.cleanup();
  database = undefined;
});

describe('storage', () => {
  it('opens SQLite in WAL mode with foreign keys, and migrating twice is a no-op', async () => {
    database = await createTestDatabase();
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(database.db);
    expect(fk.rows[0]?.foreign_keys).toBe(1);
    const again = await migrateToLatest(database.db);
    expect(again.results).toEqual([]);
  });

  it('commits durable transactions with a synced WAL and everything else with synchronous=NORMAL', async () => {
    database = await createTestDatabase();
    const level = async (executor: TestDatabase["db"]) =>
      (await sql<{ synchronous: number }>`pragma synchronous`.execute(executor)).rows[0]?.synchronous;
    expect(await level(database.db)).toBe(1); // NORMAL
    const inside = await database.durableTransaction(async (trx) => {
      await trx.insertInto('settings').values({ key: 'k', value: '1', updated_at: new Date().toISOString() }).execute();
      return (await sql<{ synchronous: number }>`pragma synchronous`.execute(trx)).rows[0]?.synchronous;
    });
    expect(inside).toBe(2); // FULL
    expect(await level(database.db)).toBe(1);
    const stored = await database.db.selectFrom('settings').select('value').where('key', '=', 'k').executeTakeFirst();
    expect(stored?.value).toBe('1');
  });

  it('rejects a row that references a missing parent', async () => {
    database = await createTestDatabase();
    const now = new Date().toISOString();
    await expect(
      database.db
        .insertInto('topics')
        .values({ id: 't1', slug: 'x', department_id: 'missing', names: '{}', fields: '[]', urgent_guidance: null, position: 0, active: 1, created_at: now })
        .execute(),
    ).rejects.toThrow(/FOREIGN KEY/);
  });
});
