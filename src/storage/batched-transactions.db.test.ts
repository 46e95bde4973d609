import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-db.js';
import { testDatabaseKind } from '../../test/postgres-databases.js';
import { openDatabase, type DatabaseHandle } from './db.js';

/**
 * `durableTransaction` as the web form and the SMTP intake use it. On both databases each unit of
 * work keeps the outcome it would have alone; on SQLite the units submitted together also share
 * one transaction (batched-transactions.ts), which the last tests observe from a second connection.
 */
const onSqlite = testDatabaseKind() === 'sqlite';

let database: TestDatabase | undefined;
let observer: DatabaseHandle | undefined;
afterEach(async () => {
  await observer?.close();
  observer = undefined;
  await database?.cleanup();
  database = undefined;
});

async function probeTable(): Promise<TestDatabase> {
  database = await createTestDatabase();
  await sql`create table probe (n integer not null unique)`.execute(database.db);
  return database;
}

const committed = async (handle: DatabaseHandle) =>
  (await sql<{ n: number }>`select n from probe order by n`.execute(handle.db)).rows.map((row) => Number(row.n));

const insert = (n: number) => (trx: Parameters<Parameters<DatabaseHandle['durableTransaction']>[0]>[0]) =>
  sql`insert into probe (n) values (${n})`.execute(trx).then(() => n);

describe('durable transactions submitted together', () => {
  it('a unit that fails is rolled back and rejected alone; the others commit and resolve with their results', async () => {
    const db = await probeTable();
    const results = await Promise.allSettled([
      db.durableTransaction(insert(1)),
      db.durableTransaction(async (trx) => {
        await insert(2)(trx);
        throw new Error('the form was refused');
      }),
      // Violates the unique constraint: a SQL error inside a unit is that unit's failure only.
      db.durableTransaction(async (trx) => {
        await insert(3)(trx);
        return insert(1)(trx);
      }),
      db.durableTransaction(insert(4)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'the form was refused' });
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/unique/i);
    expect((results[3] as PromiseFulfilledResult<number>).value).toBe(4);
    expect(await committed(db)).toEqual([1, 4]);
  });

  it('many units in quick succession all commit', async () => {
    const db = await probeTable();
    await Promise.all(Array.from({ length: 60 }, (_, i) => db.durableTransaction(insert(i))));
    expect(await committed(db)).toHaveLength(60);
  });
});

describe.skipIf(!onSqlite)('durable transactions on SQLite share one commit', () => {
  it('a unit sees what the units before it wrote', async () => {
    const db = await probeTable();
    const [, seen] = await Promise.all([
      db.durableTransaction(insert(1)),
      db.durableTransaction(async (trx) => (await sql<{ c: number }>`select count(*) as c from probe`.execute(trx)).rows[0]!.c),
    ]);
    expect(Number(seen)).toBe(1);
  });

  it('units run one after another in the order submitted, also across batches', async () => {
    const db = await probeTable();
    const order: number[] = [];
    await Promise.all(Array.from({ length: 60 }, (_, i) => db.durableTransaction(async (trx) => {
      order.push(i);
      return insert(i)(trx);
    })));
    expect(order).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(await committed(db)).toHaveLength(60);
  });

  it('units submitted together are committed together, and none resolves before that commit', async () => {
    const db = await probeTable();
    observer = openDatabase(db.target);
    const seenByOtherConnection: number[][] = [];
    const visibleWhenResolved: number[][] = [];
    const units = [1, 2, 3].map((n) =>
      db.durableTransaction(async (trx) => {
        seenByOtherConnection.push(await committed(observer!));
        return insert(n)(trx);
      }).then(async (value) => {
        visibleWhenResolved.push(await committed(observer!));
        return value;
      }),
    );
    expect(await Promise.all(units)).toEqual([1, 2, 3]);
    // Another connection sees nothing while the batch runs: the second and third units ran inside
    // the first one's transaction, not after a commit of their own.
    expect(seenByOtherConnection).toEqual([[], [], []]);
    expect(visibleWhenResolved).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3]]);
  });

  it('when SQLite abandons the transaction, every unit of the batch is rejected and nothing of it is stored', async () => {
    const db = await probeTable();
    const results = await Promise.allSettled([
      db.durableTransaction(insert(1)),
      db.durableTransaction(async (trx) => {
        // What SQLite does by itself on a full disk or an I/O error: the whole transaction is gone.
        await sql`rollback`.execute(trx);
        throw new Error('disk full');
      }),
      db.durableTransaction(insert(3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ message: 'disk full' });
    expect(await committed(db)).toEqual([]);
    // The connection is usable afterwards.
    await db.durableTransaction(insert(5));
    expect(await committed(db)).toEqual([5]);
  });
});
