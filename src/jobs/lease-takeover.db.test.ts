import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../kernel/clock.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-db.js';
import { createJobQueue, enqueueJob } from './queue.js';
import { isDeadLocalWorker } from './runner.js';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.cleanup();
  database = undefined;
});

describe('taking over the jobs of a crashed worker', () => {
  it('knows which worker ids belong to gone processes of this host', () => {
    expect(isDeadLocalWorker(`${hostname()}:${process.pid}:abc`)).toBe(false);
    expect(isDeadLocalWorker(`${hostname()}:999999999:abc`)).toBe(true);
    expect(isDeadLocalWorker(`another-host:999999999:abc`)).toBe(false);
    expect(isDeadLocalWorker('garbage')).toBe(false);
  });

  it('ends the leases of gone workers only, so their jobs are claimable at once', async () => {
    database = await createTestDatabase();
    const clock = createManualClock(new Date('2026-11-25T12:00:00Z'));
    const queue = createJobQueue({ db: database.db, clock });
    for (const key of ['a', 'b']) await enqueueJob(database.db, { type: 'test.noop', payload: {}, idempotencyKey: key }, clock.now());
    const crashed = await queue.claimNext('gone-worker', 60_000);
    const alive = await queue.claimNext('live-worker', 60_000);
    expect(crashed && alive).toBeTruthy();
    expect(await queue.claimNext('someone', 60_000)).toBeNull();
    expect(await queue.expireLeasesOf((id) => id === 'gone-worker')).toBe(1);
    clock.advance(1);
    const taken = await queue.claimNext('new-worker', 60_000);
    expect(taken?.id).toBe(crashed!.id);
    expect(await queue.claimNext('someone', 60_000)).toBeNull();
  });
});
