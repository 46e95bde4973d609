import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-db.js';
import { testDatabaseKind } from '../../test/postgres-databases.js';
import { waitFor } from '../../test/test-app.js';
import { openDatabase, type DatabaseHandle } from './db.js';

/**
 * Two connections to one SQLite file in one process, as the web thread and the worker role's
 * thread have (roles/worker-thread.ts). Here both are on the test's thread, which is the harder
 * case: a wait that blocked the thread would never see the other connection commit.
 */
const onSqlite = testDatabaseKind() === 'sqlite';
if (!onSqlite) console.warn('sqlite-connections.db.test.ts: SQLite write locks between connections; runs in the "sqlite" project');

let database: TestDatabase | undefined;
let second: DatabaseHandle | undefined;
afterEach(async () => {
  await second?.close();
  second = undefined;
  await database?.cleanup();
  database = undefined;
});

async function twoConnections(): Promise<{ first: DatabaseHandle; second: DatabaseHandle }> {
  database = await createTestDatabase();
  second = openDatabase(database.target);
  await sql`create table probe (n integer not null)`.execute(database.db);
  return { first: database, second };
}

const rows = async (handle: DatabaseHandle) =>
  (await sql<{ n: number }>`select n from probe order by n`.execute(handle.db)).rows.map((row) => row.n);

describe.skipIf(!onSqlite)('SQLite connections sharing one file', () => {
  it('a write waits for the other connection\'s transaction without blocking the event loop, then succeeds', async () => {
    const { first, second } = await twoConnections();
    let release!: () => void;
    let holding = false;
    const held = first.db.transaction().execute(async (trx) => {
      await sql`insert into probe (n) values (1)`.execute(trx);
      holding = true;
      await new Promise<void>((resolve) => { release = resolve; });
    });
    await waitFor(() => holding, 2_000);

    let written = false;
    const waiting = sql`insert into probe (n) values (2)`.execute(second.db).then(() => { written = true; });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    await new Promise((resolve) => setTimeout(resolve, 150));
    clearInterval(ticker);
    expect(written).toBe(false);
    // SQLite's own busy wait would have slept this thread (ticks 0) and failed after its timeout.
    expect(ticks).toBeGreaterThan(10);

    release();
    await held;
    await waiting;
    expect(await rows(second)).toEqual([1, 2]);
  });

  it('a transaction that reads before it writes is not failed by a commit of the other connection in between', async () => {
    const { first, second } = await twoConnections();
    let readDone = false;
    let proceed!: () => void;
    const readThenWrite = first.db.transaction().execute(async (trx) => {
      const before = (await sql<{ c: number }>`select count(*) as c from probe`.execute(trx)).rows[0]!.c;
      readDone = true;
      await new Promise<void>((resolve) => { proceed = resolve; });
      await sql`insert into probe (n) values (${before + 10})`.execute(trx);
    });
    await waitFor(() => readDone, 2_000);
    // With SQLite's default (deferred) BEGIN this commit would land between the read and the write,
    // and the write would fail at once with SQLITE_BUSY_SNAPSHOT. BEGIN IMMEDIATE makes it wait.
    const otherWrite = sql`insert into probe (n) values (1)`.execute(second.db);
    await new Promise((resolve) => setTimeout(resolve, 50));
    proceed();
    await readThenWrite;
    await otherWrite;
    expect(await rows(first)).toEqual([1, 10]);
  });
});
