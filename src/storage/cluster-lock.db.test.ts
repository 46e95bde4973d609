import { sql } from 'kysely';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-db.js';
import { testDatabaseKind } from '../../test/postgres-databases.js';
import { waitFor } from '../../test/test-app.js';
import { createProcessLocks, withClusterLock, type ClusterLocks } from './cluster-lock.js';
import { createPostgresClusterLocks } from './postgres-cluster-lock.js';

const log = pino({ level: process.env.POSTDESK_TEST_LOG ?? 'silent' });

let database: TestDatabase | undefined;
const opened: ClusterLocks[] = [];
afterEach(async () => {
  for (const locks of opened.splice(0)) await locks.close();
  await database?.cleanup();
  database = undefined;
});

/** The locks one process would have on the test database (PostgreSQL: advisory locks; SQLite: kept in the process). */
function locksOfAProcess(): ClusterLocks {
  const target = database!.target;
  const locks = target.kind === 'postgres' ? createPostgresClusterLocks({ url: target.url, log, heartbeatMs: 100 }) : createProcessLocks(target.file);
  opened.push(locks);
  return locks;
}

describe('cluster locks', () => {
  it('give a name to one holder at a time, until it releases it', async () => {
    database = await createTestDatabase();
    const a = locksOfAProcess();
    const b = locksOfAProcess();
    const held = await a.tryAcquire('imap-mailbox:1');
    expect(held?.isHeld()).toBe(true);
    expect(await b.tryAcquire('imap-mailbox:1')).toBeNull();
    // A second holder in the same process is refused too (PostgreSQL's advisory locks are re-entrant per session).
    expect(await a.tryAcquire('imap-mailbox:1')).toBeNull();
    const other = await b.tryAcquire('imap-mailbox:2');
    expect(other).not.toBeNull();
    await held!.release();
    expect(held!.isHeld()).toBe(false);
    const taken = await b.tryAcquire('imap-mailbox:1');
    expect(taken?.isHeld()).toBe(true);
    expect(await a.tryAcquire('imap-mailbox:1')).toBeNull();
  });

  it('are given up when their holder closes (the process stops)', async () => {
    database = await createTestDatabase();
    const a = locksOfAProcess();
    const b = locksOfAProcess();
    expect(await a.tryAcquire('scheduler')).not.toBeNull();
    expect(await b.tryAcquire('scheduler')).toBeNull();
    await a.close();
    expect(await b.tryAcquire('scheduler')).not.toBeNull();
  });

  it('run start-up work in one process at a time (withClusterLock waits its turn)', async () => {
    database = await createTestDatabase();
    const spans: { who: string; from: number; to: number }[] = [];
    const work = (who: string) => async () => {
      const from = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 150));
      spans.push({ who, from, to: performance.now() });
      return who;
    };
    const [a, b, c] = [locksOfAProcess(), locksOfAProcess(), locksOfAProcess()];
    expect(await Promise.all([
      withClusterLock(a, 'startup', work('a'), { pollMs: 20 }),
      withClusterLock(b, 'startup', work('b'), { pollMs: 20 }),
      withClusterLock(c, 'startup', work('c'), { pollMs: 20 }),
    ])).toEqual(['a', 'b', 'c']);
    spans.sort((x, y) => x.from - y.from);
    for (let i = 1; i < spans.length; i += 1) expect(spans[i]!.from).toBeGreaterThanOrEqual(spans[i - 1]!.to);
  });

  it.runIf(testDatabaseKind() === 'postgres')('are lost when the connection holding them dies, and another process takes them', async () => {
    database = await createTestDatabase();
    const a = locksOfAProcess();
    const b = locksOfAProcess();
    const held = await a.tryAcquire('imap-mailbox:9');
    expect(held).not.toBeNull();
    let lost = false;
    void held!.lost.then(() => (lost = true));
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'postdesk-locks' and datname = current_database() and pid <> pg_backend_pid()`.execute(database.db);
    await waitFor(() => lost);
    expect(held!.isHeld()).toBe(false);
    expect(await b.tryAcquire('imap-mailbox:9')).not.toBeNull();
    // The first process reconnects on its next try and finds the lock taken.
    expect(await a.tryAcquire('imap-mailbox:9')).toBeNull();
  });

  it.runIf(testDatabaseKind() === 'postgres')('keep no connection open while nothing is held (a web process after start-up)', async () => {
    database = await createTestDatabase();
    const lockSessions = async () => Number((await sql<{ n: number }>`select count(*) as n from pg_stat_activity where application_name = 'postdesk-locks' and datname = current_database()`.execute(database!.db)).rows[0]!.n);
    const a = locksOfAProcess();
    await withClusterLock(a, 'startup', async () => expect(await lockSessions()).toBe(1));
    await waitFor(async () => (await lockSessions()) === 0);
  });
});

