import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from './test-db.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGroupSync, migrateToLatest } from '../src/storage/db.js';

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

  it('runs synchronous=NORMAL and lets concurrent durable transactions share WAL syncs', async () => {
    database = await createTestDatabase();
    const level = (await sql<{ synchronous: number }>`pragma synchronous`.execute(database.db)).rows[0]?.synchronous;
    expect(level).toBe(1); // NORMAL
    const now = new Date().toISOString();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        database!.durableTransaction((trx) => trx.insertInto('settings').values({ key: `k${i}`, value: String(i), updated_at: now }).execute()),
      ),
    );
    const stored = await database.db.selectFrom('settings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(50);
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

describe('group WAL sync', () => {
  it('makes every caller that arrives while a sync runs share the next one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-sync-'));
    const file = path.join(dir, 'x-wal');
    fs.writeFileSync(file, 'data');
    const group = createGroupSync(file);
    const calls = Array.from({ length: 20 }, () => group.sync());
    expect(new Set(calls).size).toBe(2); // the running sync, and one shared by the 19 that came during it
    await Promise.all(calls);
    const later = group.sync();
    expect(calls).not.toContain(later);
    await later;
    await group.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
