import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../test/postgres-databases.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-db.js';
import { createManualClock } from '../kernel/clock.js';
import { AppError } from '../kernel/errors.js';
import { createJobQueue, enqueueJob, type ClaimedJob, type JobQueue } from './queue.js';

const T0 = new Date('2025-03-01T09:00:00.000Z');

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.cleanup();
  database = undefined;
});

async function setup(options: { random?: () => number } = {}) {
  database = await createTestDatabase();
  const clock = createManualClock(T0);
  const queue = createJobQueue({ db: database.db, clock, retryBaseMs: 1000, retryMaxMs: 10_000, random: options.random ?? (() => 0.5) });
  return { db: database.db, clock, queue };
}

async function claim(queue: JobQueue, workerId = 'w1', leaseMs = 30_000): Promise<ClaimedJob> {
  const job = await queue.claimNext(workerId, leaseMs);
  if (!job) throw new Error('expected a job to claim');
  return job;
}

describe('enqueueJob', () => {
  it('writes a queued job with its payload, ready now by default', async () => {
    const { db, queue } = await setup();
    const { id, created } = await enqueueJob(db, { type: 'test.do-thing', payload: { caseId: 'c1' } }, T0);
    expect(created).toBe(true);
    const [job] = await queue.listJobs({ limit: 10 });
    expect(job).toMatchObject({ id, type: 'test.do-thing', payload: { caseId: 'c1' }, status: 'queued', attempts: 0, maxAttempts: 10, runAt: T0, lockedBy: null });
  });

  it('is idempotent on the idempotency key', async () => {
    const { db, queue } = await setup();
    const first = await enqueueJob(db, { type: 'test.do-thing', payload: { n: 1 }, idempotencyKey: 'k1' }, T0);
    const second = await enqueueJob(db, { type: 'test.do-thing', payload: { n: 2 }, idempotencyKey: 'k1' }, T0);
    expect(second).toEqual({ id: first.id, created: false });
    const jobs = await queue.listJobs({ limit: 10 });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.payload).toEqual({ n: 1 });
  });

  it('refuses an idempotency key already used by another job type', async () => {
    const { db } = await setup();
    await enqueueJob(db, { type: 'test.do-thing', payload: {}, idempotencyKey: 'k1' }, T0);
    await expect(enqueueJob(db, { type: 'test.other-thing', payload: {}, idempotencyKey: 'k1' }, T0)).rejects.toThrow(/already used/);
  });

  it('commits and rolls back with the caller’s transaction', async () => {
    const { db, queue } = await setup();
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueueJob(trx, { type: 'test.do-thing', payload: {}, idempotencyKey: 'rolled-back' }, T0);
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    expect((await queue.counts()).queued).toBe(0);

    await db.transaction().execute((trx) => enqueueJob(trx, { type: 'test.do-thing', payload: {}, idempotencyKey: 'rolled-back' }, T0));
    expect((await queue.counts()).queued).toBe(1);
  });
});

describe('claimNext', () => {
  it('claims ready jobs earliest run_at first, and none that is not yet due', async () => {
    const { db, clock, queue } = await setup();
    const later = await enqueueJob(db, { type: 'test.a', payload: {}, runAt: new Date(T0.getTime() + 5000) }, T0);
    const second = await enqueueJob(db, { type: 'test.a', payload: {} }, T0);
    const first = await enqueueJob(db, { type: 'test.a', payload: {}, runAt: new Date(T0.getTime() - 1000) }, T0);
    const third = await enqueueJob(db, { type: 'test.a', payload: {}, runAt: new Date(T0.getTime() + 1) }, T0);
    clock.advance(1);

    const claimed = [await claim(queue), await claim(queue), await claim(queue)];
    expect(claimed.map((j) => j.id)).toEqual([first.id, second.id, third.id]);
    expect(await queue.claimNext('w1', 30_000)).toBeNull();

    clock.advance(5000);
    expect((await claim(queue)).id).toBe(later.id);
  });

  it('claims an expired lease and a ready job by run_at, whichever is earlier', async () => {
    const { db, clock, queue } = await setup();
    const crashed = await enqueueJob(db, { type: 'test.a', payload: {} }, T0);
    await claim(queue, 'w1', 1000);
    const fresh = await enqueueJob(db, { type: 'test.a', payload: {} }, new Date(T0.getTime() + 500));
    clock.advance(2000);
    expect((await claim(queue, 'w2')).id).toBe(crashed.id);
    expect((await claim(queue, 'w2')).id).toBe(fresh.id);
  });

  it('marks the claim: running, attempt counted, lease holder and expiry', async () => {
    const { db, queue } = await setup();
    await enqueueJob(db, { type: 'test.a', payload: {} }, T0);
    const job = await claim(queue, 'w1', 30_000);
    expect(job).toMatchObject({ status: 'running', attempts: 1, lockedBy: 'w1', lockedUntil: new Date(T0.getTime() + 30_000) });
    expect(await queue.counts()).toEqual({ queued: 0, running: 1, done: 0, dead: 0 });
  });

  it('claims only the given types', async () => {
    const { db, queue } = await setup();
    await enqueueJob(db, { type: 'test.a', payload: {} }, T0);
    const b = await enqueueJob(db, { type: 'test.b', payload: {} }, T0);
    expect((await queue.claimNext('w1', 1000, ['test.b']))?.id).toBe(b.id);
    expect(await queue.claimNext('w1', 1000, ['test.b'])).toBeNull();
    expect(await queue.claimNext('w1', 1000, [])).toBeNull();
  });

  it('re-claims a job whose lease expired; the old holder can then no longer settle it', async () => {
    const { db, clock, queue } = await setup();
    await enqueueJob(db, { type: 'test.a', payload: {} }, T0);
    const crashed = await claim(queue, 'w1', 10_000);

    clock.advance(9_999);
    expect(await queue.claimNext('w2', 10_000)).toBeNull();
    clock.advance(2);
    const retried = await claim(queue, 'w2', 10_000);
    expect(retried).toMatchObject({ id: crashed.id, attempts: 2, lockedBy: 'w2' });

    expect(await queue.complete(crashed)).toBe('lease_lost');
    expect(await queue.fail(crashed, new Error('late'))).toBe('lease_lost');
    expect(await queue.complete(retried)).toBe('done');
  });

  it('treats a re-claim by the same worker as a new lease', async () => {
    const { db, clock, queue } = await setup();
    await enqueueJob(db, { type: 'test.a', payload: {} }, T0);
    const stale = await claim(queue, 'w1', 1000);
    clock.advance(1001);
    const fresh = await claim(queue, 'w1', 1000);
    expect(await queue.complete(stale)).toBe('lease_lost');
    expect(await queue.complete(fresh)).toBe('done');
  });

  it('dead-letters, instead of re-claiming, a job whose lease expired on its last attempt', async () => {
    const { db, clock, queue } = await setup();
    await enqueueJob(db, { type: 'test.a', payload: {}, maxAttempts: 1 }, T0);
    await claim(queue, 'w1', 1000);
    clock.advance(1001);
    expect(await queue.claimNext('w2', 1000)).toBeNull();
    expect(await queue.reapExpiredLeases()).toBe(1);
    const [dead] = await queue.listJobs({ status: 'dead', limit: 1 });
    expect(dead?.lastError).toMatch(/Lease expired/);
  });
});

describe.runIf(testDatabaseKind() === 'postgres')('claiming beside other transactions (PostgreSQL row locks)', () => {
  it('skips a job another transaction has locked instead of waiting for it', async () => {
    const { db, queue } = await setup();
    const first = await enqueueJob(db, { type: 'test.do-thing', payload: { n: 1 } }, T0);
    const second = await enqueueJob(db, { type: 'test.do-thing', payload: { n: 2 } }, T0);
    const claimedBeside = await db.transaction().execute(async (trx) => {
      // Another worker's claim in flight: the earliest job's row is locked until this transaction ends.
      await trx.selectFrom('jobs').select('id').where('id', '=', first.id).forUpdate().execute();
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('claim waited for the row lock')), 3000));
      return Promise.race([queue.claimNext('w2', 30_000), timeout]);
    });
    expect(claimedBeside?.id).toBe(second.id);
    expect((await claim(queue, 'w3')).id).toBe(first.id);
  });

  it('gives every job to exactly one of many concurrent claims', async () => {
    const { db, queue } = await setup();
    for (let n = 0; n < 40; n += 1) await enqueueJob(db, { type: 'test.do-thing', payload: { n } }, T0);
    const claims = await Promise.all(Array.from({ length: 8 }, (_, w) => queue.claimBatch(`w${w}`, 30_000, 5)));
    const ids = claims.flat().map((job) => job.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });
});

describe('complete and fail', () => {
  it('completes a job', async () => {
    const { db, queue } = await setup();
    await enqueueJob(db, { type: 'test.a', payload: {} }, T0);
    expect(await queue.complete(await claim(queue))).toBe('done');
    const [job] = await queue.listJobs({ status: 'done', limit: 1 });
    expect(job).toMatchObject({ status: 'done', lockedBy: null, lockedUntil: null });
  });

  it('re-queues a failure with exponential back-off and the error, then dead-letters it after maxAttempts', async () => {
    const { db, clock, queue } = await setup();
    await enqueueJob(db, { type: 'test.a', payload: {}, maxAttempts: 3 }, T0);

    expect(await queue.fail(await claim(queue), new Error('smtp 451'))).toBe('queued');
    let [job] = await queue.listJobs({ limit: 1 });
    expect(job).toMatchObject({ status: 'queued', attempts: 1, lastError: 'Error: smtp 451', runAt: new Date(T0.getTime() + 1000) });
    clock.advance(999);
    expect(await queue.claimNext('w1', 1000)).toBeNull();
    clock.advance(1);

    expect(await queue.fail(await claim(queue), new Error('smtp 451 again'))).toBe('queued');
    [job] = await queue.listJobs({ limit: 1 });
    expect(job?.runAt).toEqual(new Date(clock.now().getTime() + 2000));
    clock.advance(2000);

    expect(await queue.fail(await claim(queue), 'final straw')).toBe('dead');
    [job] = await queue.listJobs({ limit: 1 });
    expect(job).toMatchObject({ status: 'dead', attempts: 3, lastError: 'final straw', lockedBy: null });
    clock.advance(60_000);
    expect(await queue.claimNext('w1', 1000)).toBeNull();
    expect(await queue.counts()).toEqual({ queued: 0, running: 0, done: 0, dead: 1 });
  });

  it('dead-letters at once when the failure is permanent', async () => {
    const { db, queue } = await setup();
    await enqueueJob(db, { type: 'test.a', payload: {}, maxAttempts: 5 }, T0);
    expect(await queue.fail(await claim(queue), new Error('bad payload'), { permanent: true })).toBe('dead');
  });

  it('jitters the back-off by up to 20 % either way', async () => {
    for (const [random, delay] of [[0, 800], [0.999999, 1200]] as const) {
      const { db, queue } = await setup({ random: () => random });
      await enqueueJob(db, { type: 'test.a', payload: {} }, T0);
      await queue.fail(await claim(queue), new Error('x'));
      const [job] = await queue.listJobs({ limit: 1 });
      expect(job?.runAt).toEqual(new Date(T0.getTime() + delay));
      await database?.cleanup();
      database = undefined;
    }
  });

  it('truncates a long error', async () => {
    const { db, queue } = await setup();
    await enqueueJob(db, { type: 'test.a', payload: {} }, T0);
    await queue.fail(await claim(queue), new Error('x'.repeat(10_000)));
    const [job] = await queue.listJobs({ limit: 1 });
    expect(job?.lastError?.length).toBe(2000);
  });
});

describe('dead-letter admin', () => {
  it('retryDead re-queues a dead job now with attempts reset, keeping its last error', async () => {
    const { db, clock, queue } = await setup();
    const { id } = await enqueueJob(db, { type: 'test.a', payload: {}, maxAttempts: 1 }, T0);
    await queue.fail(await claim(queue), new Error('boom'));
    clock.advance(60_000);

    const retried = await queue.retryDead(id);
    expect(retried).toMatchObject({ id, status: 'queued', attempts: 0, runAt: clock.now(), lastError: 'Error: boom' });
    expect((await claim(queue)).id).toBe(id);
  });

  it('retryDead throws job.not_found for a missing or non-dead job', async () => {
    const { db, queue } = await setup();
    const { id } = await enqueueJob(db, { type: 'test.a', payload: {} }, T0);
    for (const candidate of [id, 'no-such-job']) {
      const error = await queue.retryDead(candidate).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('job.not_found');
    }
  });

  it('lists jobs by status, most recently changed first, up to the limit', async () => {
    const { db, clock, queue } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push((await enqueueJob(db, { type: 'test.a', payload: { i } }, clock.now())).id);
      clock.advance(1000);
    }
    await queue.complete(await claim(queue));
    expect((await queue.listJobs({ limit: 10 })).map((j) => j.id)).toEqual([ids[0], ids[2], ids[1]]);
    expect((await queue.listJobs({ status: 'queued', limit: 1 })).map((j) => j.id)).toEqual([ids[2]]);
    expect(await queue.counts()).toEqual({ queued: 2, running: 0, done: 1, dead: 0 });
  });
});
