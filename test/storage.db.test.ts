import { afterEach, describe, expect, it } from 'vitest';
import { Migrator, NO_MIGRATIONS, sql, type Kysely } from 'kysely';
import { createTestDatabase, type TestDatabase } from './test-db.js';
import { testDatabaseKind } from './postgres-databases.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../src/storage/database.js';
import { createGroupSync, migrateToLatest, openDatabase } from '../src/storage/db.js';
import { migrations } from '../src/storage/migrations/index.js';
import { fromDbBool, fromDbJson, toDbBool, toDbJson } from '../src/storage/dialect-helpers.js';

const kind = testDatabaseKind();

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.cleanup();
  database = undefined;
});

describe(`storage (${kind})`, () => {
  it('migrating twice is a no-op', async () => {
    database = await createTestDatabase();
    expect(database.dialect).toBe(kind);
    const again = await migrateToLatest(database.db);
    expect(again.results).toEqual([]);
  });

  it('migrates down to nothing and up again', async () => {
    database = await createTestDatabase();
    const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.status)).toEqual(Object.keys(migrations).map(() => 'Success'));
    const up = await migrateToLatest(database.db);
    expect(up.results?.map((r) => r.migrationName)).toEqual(Object.keys(migrations));
  });

  it.runIf(kind === 'sqlite')('opens SQLite in WAL mode with foreign keys on', async () => {
    database = await createTestDatabase();
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(database.db);
    expect(fk.rows[0]?.foreign_keys).toBe(1);
  });

  it.runIf(kind === 'sqlite')('runs SQLite with synchronous=NORMAL', async () => {
    database = await createTestDatabase();
    const level = (await sql<{ synchronous: number }>`pragma synchronous`.execute(database.db)).rows[0]?.synchronous;
    expect(level).toBe(1); // NORMAL
  });

  it.runIf(kind === 'postgres')('runs PostgreSQL sessions in UTC', async () => {
    database = await createTestDatabase();
    const zone = await sql<{ TimeZone: string }>`show timezone`.execute(database.db);
    expect(zone.rows[0]?.TimeZone).toBe('UTC');
  });

  it.runIf(kind === 'postgres')('commits durable transactions synchronously on a database set to commit asynchronously', async () => {
    database = await createTestDatabase();
    const name = (await sql<{ name: string }>`select current_database() as name`.execute(database.db)).rows[0]!.name;
    await sql.raw(`alter database ${name} set synchronous_commit = off`).execute(database.db);
    // A second handle: its sessions start with the database's setting.
    const handle = openDatabase(database.target);
    try {
      const setting = async (executor: Kysely<Database>) =>
        (await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(executor)).rows[0]!.synchronous_commit;
      expect(await handle.db.transaction().execute(setting)).toBe('off');
      expect(await handle.durableTransaction(setting)).toBe('on');
      expect(await setting(handle.db)).toBe('off');
    } finally {
      await handle.close();
    }
  });

  it('commits concurrent durable transactions, and rolls back a failed one whole', async () => {
    database = await createTestDatabase();
    const now = new Date().toISOString();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        database!.durableTransaction((trx) => trx.insertInto('settings').values({ key: `k${i}`, value: String(i), updated_at: now }).execute()),
      ),
    );
    await expect(
      database.durableTransaction(async (trx) => {
        await trx.insertInto('settings').values({ key: 'lost', value: '1', updated_at: now }).execute();
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    const stored = await database.db.selectFrom('settings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(stored.n).toBe(50);
  });

  it('rejects a row that references a missing parent', async () => {
    database = await createTestDatabase();
    const now = new Date().toISOString();
    await expect(
      database.db
        .insertInto('topics')
        .values({ id: 't1', slug: 'x', department_id: 'missing', names: '{}', fields: '[]', urgent_guidance: null, position: 0, active: toDbBool(true, kind), created_at: now })
        .execute(),
    ).rejects.toThrow(/FOREIGN KEY|foreign key constraint/);
  });

  it('reads back times, booleans, JSON and counts in one representation on both dialects', async () => {
    database = await createTestDatabase();
    const db = database.db;
    const created = '2026-03-08T06:59:59.123Z';
    await db.insertInto('departments').values({ id: 'd1', slug: 'delivery', name: 'Delivery', created_at: created }).execute();
    const names = { en: 'Missing package', ro: 'Colet lipsă' };
    for (const [id, active] of [['t1', true], ['t2', false]] as const) {
      await db
        .insertInto('topics')
        .values({ id, slug: id, department_id: 'd1', names: toDbJson(names), fields: '[]', urgent_guidance: null, position: 0, active: toDbBool(active, kind), created_at: created })
        .execute();
    }
    const rows = await db.selectFrom('topics').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.created_at)).toEqual([created, created]);
    expect(rows.map((r) => fromDbBool(r.active))).toEqual([true, false]);
    expect(typeof rows[0]!.names).toBe('string');
    expect(fromDbJson(rows[0]!.names)).toEqual(names);
    // Times compare as times on both (SQLite: fixed-width ISO text sorts in time order).
    const later = await db.selectFrom('departments').select('id').where('created_at', '>', '2026-03-08T06:59:59.122Z').execute();
    expect(later).toHaveLength(1);
    const counted = await db
      .selectFrom('topics')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('latest')])
      .where('active', '=', toDbBool(true, kind))
      .executeTakeFirstOrThrow();
    expect(counted).toEqual({ n: 1, latest: created });
  });

  it('closes: the handle no longer answers', async () => {
    const closing = await createTestDatabase();
    await closing.close();
    await expect(sql`select 1`.execute(closing.db)).rejects.toThrow();
    database = { ...closing, close: async () => {} };
  });

  it.runIf(kind === 'postgres')('closes: every pooled connection to PostgreSQL ends', async () => {
    database = await createTestDatabase();
    const closing = await createTestDatabase();
    const name = (await sql<{ name: string }>`select current_database() as name`.execute(closing.db)).rows[0]!.name;
    await Promise.all(Array.from({ length: 4 }, () => closing.durableTransaction((trx) => sql`select pg_sleep(0.05)`.execute(trx))));
    const connections = async () =>
      (await sql<{ n: number }>`select count(*) as n from pg_stat_activity where datname = ${name}`.execute(database!.db)).rows[0]!.n;
    expect(await connections()).toBe(4);
    await closing.close();
    await expect.poll(connections).toBe(0);
    await closing.cleanup();
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
