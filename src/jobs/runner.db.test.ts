import { pino } from 'pino';
import { Type } from 'typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-db.js';
import { createManualClock, systemClock, type Clock } from '../kernel/clock.js';
import { createLocalEventBus } from '../kernel/events.js';
import { openDatabase, type DatabaseHandle } from '../storage/db.js';
import { defineJob, type JobContext, type JobDefinition } from './define-job.js';
import { createJobQueue, enqueueJob, type JobQueue } from './queue.js';
import { createJobRegistry } from './registry.js';
import { createJobRunner, type JobRunner, type JobRunnerOptions } from './runner.js';

const T0 = new Date('2025-03-01T09:00:00.000Z');
const CasePayload = Type.Object({ caseId: Type.String({ minLength: 1 }) });

let database: TestDatabase | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await database?.cleanup();
  database = undefined;
});

function captureLog() {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void (raw.push(line), lines.push(JSON.parse(line))) });
  return { log, lines, raw };
}

async function setup(options: { clock?: Clock } = {}) {
  database = await createTestDatabase();
  const clock = options.clock ?? systemClock;
  const queue = createJobQueue({ db: database.db, clock, retryBaseMs: 1000, random: () => 0.5 });
  const events = createLocalEventBus();
  const { log, lines, raw } = captureLog();
  const newRunner = (definitions: JobDefinition[], extra: Partial<JobRunnerOptions> = {}): JobRunner => {
    const runner = createJobRunner({ queue, registry: createJobRegistry(definitions), log, events, workerId: 'w1', ...extra });
    cleanups.push(() => runner.stop());
    return runner;
  };
  const enqueue = async (type: string, payload: unknown, extra: { maxAttempts?: number } = {}) =>
    (await enqueueJob(database!.db, { type, payload, ...extra }, clock.now())).id;
  return { db: database.db, clock, queue, events, newRunner, enqueue, lines, raw };
}

function recordingJob(type: string, calls: Array<{ payload: unknown; ctx: JobContext }>, fail?: (attempt: number) => boolean) {
  return defineJob({
    type,
    payload: CasePayload,
    async handle(payload, ctx) {
      calls.push({ payload, ctx });
      if (fail?.(ctx.attempt)) throw new Error(`attempt ${ctx.attempt} failed`);
    },
  });
}

async function waitFor(predicate: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

async function statusOf(queue: JobQueue, id: string) {
  return (await queue.listJobs({ limit: 1000 })).find((job) => job.id === id);
}

describe('job runner', () => {
  it('runs a job with its payload and context, then marks it done', async () => {
    const { newRunner, enqueue, queue } = await setup();
    const calls: Array<{ payload: unknown; ctx: JobContext }> = [];
    const id = await enqueue('test.record-call', { caseId: 'c1' });

    expect(await newRunner([recordingJob('test.record-call', calls)]).runUntilIdle()).toBe(1);
    expect(calls).toEqual([{ payload: { caseId: 'c1' }, ctx: expect.objectContaining({ jobId: id, attempt: 1 }) }]);
    expect((await statusOf(queue, id))?.status).toBe('done');
  });

  it('retries a failing handler after its back-off, then succeeds', async () => {
    const clock = createManualClock(T0);
    const { newRunner, enqueue, queue } = await setup({ clock });
    const calls: Array<{ payload: unknown; ctx: JobContext }> = [];
    const runner = newRunner([recordingJob('test.record-call', calls, (attempt) => attempt === 1)]);
    const id = await enqueue('test.record-call', { caseId: 'c1' });

    expect(await runner.runUntilIdle()).toBe(1);
    expect(await statusOf(queue, id)).toMatchObject({ status: 'queued', lastError: 'Error: attempt 1 failed' });
    clock.advance(999);
    expect(await runner.runUntilIdle()).toBe(0);
    clock.advance(1);
    expect(await runner.runUntilIdle()).toBe(1);
    expect(await statusOf(queue, id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(calls.map((c) => c.ctx.attempt)).toEqual([1, 2]);
  });

  it('dead-letters after maxAttempts; retryDead runs it again', async () => {
    const clock = createManualClock(T0);
    const { newRunner, enqueue, queue } = await setup({ clock });
    let broken = true;
    const calls: Array<{ payload: unknown; ctx: JobContext }> = [];
    const runner = newRunner([recordingJob('test.record-call', calls, () => broken)]);
    const id = await enqueue('test.record-call', { caseId: 'c1' }, { maxAttempts: 3 });

    for (let i = 0; i < 3; i += 1) {
      expect(await runner.runUntilIdle()).toBe(1);
      clock.advance(60_000);
    }
    expect(await statusOf(queue, id)).toMatchObject({ status: 'dead', attempts: 3, lastError: 'Error: attempt 3 failed' });
    expect(await runner.runUntilIdle()).toBe(0);

    broken = false;
    await queue.retryDead(id);
    expect(await runner.runUntilIdle()).toBe(1);
    expect(await statusOf(queue, id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('dead-letters a job whose payload does not match the schema, without calling the handler', async () => {
    const { newRunner, enqueue, queue } = await setup();
    const calls: Array<{ payload: unknown; ctx: JobContext }> = [];
    const id = await enqueue('test.record-call', { caseId: 42 }, { maxAttempts: 5 });

    await newRunner([recordingJob('test.record-call', calls)]).runUntilIdle();
    expect(calls).toEqual([]);
    const job = await statusOf(queue, id);
    expect(job).toMatchObject({ status: 'dead', attempts: 1 });
    expect(job?.lastError).toMatch(/Invalid payload for test\.record-call: \/caseId must be string/);
  });

  it('fails an unknown job type with a clear error, to be retried', async () => {
    const { newRunner, enqueue, queue } = await setup();
    const id = await enqueue('test.nobody-knows', { caseId: 'c1' });

    expect(await newRunner([]).runUntilIdle()).toBe(1);
    const job = await statusOf(queue, id);
    expect(job?.status).toBe('queued');
    expect(job?.lastError).toMatch(/Unknown job type test\.nobody-knows/);
  });

  it('logs through a child logger with job id, type and attempt, and never the payload', async () => {
    const { newRunner, enqueue, lines, raw } = await setup();
    const job = defineJob({
      type: 'test.log-line',
      payload: Type.Object({ address: Type.String() }),
      async handle(_payload, ctx) {
        ctx.log.info('handling');
        throw new Error('nope');
      },
    });
    const id = await enqueue('test.log-line', { address: 'secret-customer@example.com' });
    await newRunner([job]).runUntilIdle();

    expect(lines.find((l) => l.msg === 'handling')).toMatchObject({ jobId: id, jobType: 'test.log-line', attempt: 1, workerId: 'w1' });
    expect(lines.find((l) => l.msg === 'job failed')).toMatchObject({ jobId: id, outcome: 'queued' });
    expect(raw.join('\n')).not.toContain('secret-customer');
  });

  it('runs at most `concurrency` handlers at once, and uses all of them', async () => {
    const { newRunner, enqueue } = await setup();
    let running = 0;
    let peak = 0;
    const job = defineJob({
      type: 'test.slow-thing',
      payload: Type.Object({}),
      async handle() {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running -= 1;
      },
    });
    for (let i = 0; i < 12; i += 1) await enqueue('test.slow-thing', {});
    expect(await newRunner([job], { concurrency: 3 }).runUntilIdle()).toBe(12);
    expect(peak).toBe(3);
  });

  it('never runs one job twice when two workers share the database', async () => {
    const { newRunner, enqueue, queue, events } = await setup();
    const ranBy = new Map<string, string[]>();
    const job = (workerId: string) =>
      defineJob({
        type: 'test.record-id',
        payload: Type.Object({ n: Type.Integer() }),
        async handle(_payload, ctx) {
          ranBy.set(ctx.jobId, [...(ranBy.get(ctx.jobId) ?? []), workerId]);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 2));
        },
      });
    const ids: string[] = [];
    for (let n = 0; n < 200; n += 1) ids.push(await enqueue('test.record-id', { n }));

    // The second worker has its own connection to the same database, as a second process would.
    const other: DatabaseHandle = openDatabase(database!.target);
    cleanups.push(() => other.close());
    const otherQueue = createJobQueue({ db: other.db, clock: systemClock });
    const runners = [
      newRunner([job('w1')], { workerId: 'w1', pollIntervalMs: 20 }),
      newRunner([job('w2')], { workerId: 'w2', pollIntervalMs: 20, queue: otherQueue }),
    ];
    runners.forEach((runner) => runner.start());
    events.publish({ type: 'job.enqueued', jobType: 'test.record-id' });
    await waitFor(async () => (await queue.counts()).done === 200, 15_000);
    await Promise.all(runners.map((runner) => runner.stop()));

    expect([...ranBy.keys()].sort()).toEqual([...ids].sort());
    expect([...ranBy.values()].filter((workers) => workers.length !== 1)).toEqual([]);
    const perWorker = [...ranBy.values()].flat();
    expect(perWorker.filter((w) => w === 'w1').length).toBeGreaterThan(0);
    expect(perWorker.filter((w) => w === 'w2').length).toBeGreaterThan(0);
    expect(await queue.counts()).toEqual({ queued: 0, running: 0, done: 200, dead: 0 });
  });

  it('wakes on job.enqueued instead of waiting for the poll interval, coalescing a burst', async () => {
    const { newRunner, enqueue, queue, events } = await setup();
    let claims = 0;
    const countingQueue: JobQueue = { ...queue, claimBatch: (...args) => ((claims += 1), queue.claimBatch(...args)) };
    const calls: Array<{ payload: unknown; ctx: JobContext }> = [];
    const runner = newRunner([recordingJob('test.record-call', calls)], { pollIntervalMs: 60_000, queue: countingQueue });
    runner.start();
    await waitFor(() => claims > 0); // the first poll found nothing; the runner now sleeps for a minute

    for (let i = 0; i < 20; i += 1) await enqueue('test.record-call', { caseId: `c${i}` });
    const started = Date.now();
    for (let i = 0; i < 100; i += 1) events.publish({ type: 'job.enqueued', jobType: 'test.record-call' });
    await waitFor(async () => (await queue.counts()).done === 20, 1000);

    expect(Date.now() - started).toBeLessThan(1000);
    expect(claims).toBeLessThan(60);
  });

  it('stop() waits for in-flight jobs, then claims nothing more', async () => {
    const { newRunner, enqueue, queue, events } = await setup();
    const gate = deferred();
    let started = 0;
    const job = defineJob({
      type: 'test.wait-gate',
      payload: Type.Object({}),
      async handle() {
        started += 1;
        await gate.promise;
      },
    });
    const runner = newRunner([job], { pollIntervalMs: 10 });
    const id = await enqueue('test.wait-gate', {});
    runner.start();
    events.publish({ type: 'job.enqueued', jobType: 'test.wait-gate' });
    await waitFor(() => started === 1);

    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    gate.release();
    await stopping;
    expect((await statusOf(queue, id))?.status).toBe('done');

    const later = await enqueue('test.wait-gate', {});
    events.publish({ type: 'job.enqueued', jobType: 'test.wait-gate' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await statusOf(queue, later))?.status).toBe('queued');
  });

  it('stop({ graceMs }) hands a job that outlasts the grace back to the queue, ready at once and its attempt not counted', async () => {
    const { newRunner, enqueue, queue, events } = await setup();
    const gate = deferred();
    cleanups.push(async () => gate.release());
    let started = 0;
    const job = defineJob({
      type: 'test.stuck',
      payload: Type.Object({}),
      async handle() {
        started += 1;
        await gate.promise;
      },
    });
    const quick = recordingJob('test.record-call', []);
    const runner = newRunner([job, quick], { pollIntervalMs: 10 });
    const stuck = await enqueue('test.stuck', {});
    const done = await enqueue('test.record-call', { caseId: 'c1' });
    runner.start();
    events.publish({ type: 'job.enqueued', jobType: 'test.stuck' });
    await waitFor(async () => started === 1 && (await statusOf(queue, done))?.status === 'done');

    const stopStarted = Date.now();
    await runner.stop({ graceMs: 150 });
    expect(Date.now() - stopStarted).toBeGreaterThanOrEqual(140);
    expect(Date.now() - stopStarted).toBeLessThan(2_000);
    expect(await statusOf(queue, stuck)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });
    // Another worker takes it at once.
    const next = await queue.claimNext('w2', 60_000);
    expect(next?.id).toBe(stuck);
    expect(next?.attempts).toBe(1);
  });
});
