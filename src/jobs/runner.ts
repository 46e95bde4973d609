import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { EventBus } from '../kernel/events.js';
import { newToken } from '../kernel/ids.js';
import type { Logger } from '../kernel/log.js';
import type { ClaimedJob, CompleteOutcome, JobQueue } from './queue.js';
import type { JobRegistry } from './registry.js';

export type JobRunnerOptions = {
  queue: JobQueue;
  registry: JobRegistry;
  log: Logger;
  events: EventBus;
  workerId?: string;
  concurrency?: number;
  leaseMs?: number;
  pollIntervalMs?: number;
};

/** Claims jobs and runs their handlers; one per worker process. */
export interface JobRunner {
  /** Starts the claim loop: polls, and wakes at once on `job.enqueued`. */
  start(): void;
  /**
   * Stops claiming and resolves once every in-flight job has settled; with `graceMs`, jobs still
   * running after that long are released back to the queue (another worker runs them at once)
   * and left to their fate, as the process is about to exit.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** Claims and runs jobs until none is ready and none is running; returns how many ran. Not for use alongside start(). */
  runUntilIdle(): Promise<number>;
}

/** A worker id of this host (`host:pid:token`) whose process no longer exists. */
export function isDeadLocalWorker(workerId: string): boolean {
  const [host, pidText] = workerId.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Runs up to `concurrency` jobs at once. Each job gets a child logger with its id, type and
 * attempt (never its payload). A handler that throws is retried with back-off by the queue; an
 * unknown type is failed the same way (a newer worker may know it); a payload that does not match
 * the schema is dead-lettered at once, since retrying cannot fix it.
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { queue, registry, events } = options;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${newToken(4)}`;
  const concurrency = positiveInteger('concurrency', options.concurrency ?? 4);
  const leaseMs = positiveInteger('leaseMs', options.leaseMs ?? 60_000);
  const pollIntervalMs = positiveInteger('pollIntervalMs', options.pollIntervalMs ?? 500);
  const log = options.log.child({ workerId });

  const inFlight = new Set<Promise<void>>();
  const claimedBy = new Map<Promise<void>, ClaimedJob>();
  let loop: Promise<void> | undefined;
  let stopping = false;
  let unsubscribe: (() => void) | undefined;
  // Wake-ups coalesce: a burst of events (or finished jobs) sets the flag and ends one sleep.
  let wakeRequested = false;
  let wake: (() => void) | undefined;

  function signal(): void {
    wakeRequested = true;
    wake?.();
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = done;
    });
  }

  /** Claims into `slots` until they are full, nothing is ready or `isStopping`; counts the claims. */
  async function claimInto(
    slots: Set<Promise<void>>,
    onSettled: () => void,
    isStopping: () => boolean,
  ): Promise<{ claimed: number; dry: boolean }> {
    let claimed = 0;
    while (slots.size < concurrency && !isStopping()) {
      // Every free slot in one claim: one statement and one commit instead of one per job.
      const free = concurrency - slots.size;
      const jobs = await queue.claimBatch(workerId, leaseMs, free);
      for (const job of jobs) {
        const running: Promise<void> = runJob(job).finally(() => {
          slots.delete(running);
          claimedBy.delete(running);
          onSettled();
        });
        slots.add(running);
        claimedBy.set(running, job);
      }
      claimed += jobs.length;
      if (jobs.length < free) return { claimed, dry: true };
    }
    return { claimed, dry: false };
  }

  // Jobs that finish in the same turn of the event loop are marked done in one statement.
  let completions: { job: ClaimedJob; resolve(outcome: CompleteOutcome): void; reject(error: unknown): void }[] = [];

  function completeSoon(job: ClaimedJob): Promise<CompleteOutcome> {
    return new Promise((resolve, reject) => {
      completions.push({ job, resolve, reject });
      if (completions.length === 1) setImmediate(flushCompletions);
    });
  }

  function flushCompletions(): void {
    const batch = completions;
    completions = [];
    queue.completeBatch(batch.map((c) => c.job)).then(
      (outcomes) => batch.forEach((c, i) => c.resolve(outcomes[i] ?? 'lease_lost')),
      (error: unknown) => batch.forEach((c) => c.reject(error)),
    );
  }

  async function reap(): Promise<void> {
    const reaped = await queue.reapExpiredLeases();
    if (reaped > 0) log.warn({ reaped }, 'dead-lettered jobs whose lease expired on their last attempt');
  }

  async function runLoop(): Promise<void> {
    while (!stopping) {
      wakeRequested = false;
      try {
        const { dry } = await claimInto(inFlight, signal, () => stopping);
        if (dry) await reap();
      } catch (error) {
        log.error({ err: error }, 'job claim failed; retrying after the poll interval');
        wakeRequested = false;
      }
      if (stopping) break;
      if (!wakeRequested) await sleep(pollIntervalMs);
    }
  }

  async function runJob(job: ClaimedJob): Promise<void> {
    const jobLog = log.child({ jobId: job.id, jobType: job.type, attempt: job.attempts });
    try {
      await execute(job, jobLog);
    } catch (error) {
      // Settling failed (database trouble): the lease expires and another claim retries the job.
      jobLog.error({ err: error }, 'job could not be settled; it runs again once its lease expires');
    }
  }

  async function execute(job: ClaimedJob, jobLog: Logger): Promise<void> {
    const definition = registry.find(job.type);
    if (!definition) {
      const error = new Error(`Unknown job type ${job.type}: no definition is registered in worker ${workerId}`);
      const outcome = await queue.fail(job, error);
      jobLog.error({ outcome }, 'job type unknown');
      return;
    }
    const check = definition.checkPayload(job.payload);
    if (!check.valid) {
      const error = new Error(`Invalid payload for ${job.type}: ${check.reason}`);
      const outcome = await queue.fail(job, error, { permanent: true });
      jobLog.error({ outcome, reason: check.reason }, 'job payload invalid; dead-lettered');
      return;
    }
    const startedAt = performance.now();
    try {
      await definition.handle(job.payload, { jobId: job.id, attempt: job.attempts, log: jobLog });
    } catch (error) {
      const outcome = await queue.fail(job, error);
      if (outcome !== 'lease_lost') events.publish({ type: 'job.failed', jobType: job.type, outcome: outcome === 'dead' ? 'dead' : 'retry' });
      const ms = Math.round(performance.now() - startedAt);
      jobLog.warn({ err: error, outcome, ms }, outcome === 'dead' ? 'job failed; dead-lettered' : 'job failed');
      return;
    }
    const outcome = await completeSoon(job);
    const ms = Math.round(performance.now() - startedAt);
    if (outcome === 'lease_lost') jobLog.warn({ ms }, 'job finished after its lease was taken over');
    else jobLog.debug({ ms }, 'job done');
  }

  /** Releases the leases of jobs that outran the stop's grace period and stops waiting for them. */
  async function abandon(running: Promise<void>[]): Promise<void> {
    const jobs = running.flatMap((promise) => claimedBy.get(promise) ?? []);
    for (const promise of running) inFlight.delete(promise);
    try {
      const released = await queue.release(jobs);
      log.warn({ released, running: jobs.length, jobs: jobs.map((job) => job.id) }, 'stopped before these jobs finished: released them to the queue');
    } catch (error) {
      log.error({ err: error }, 'could not release the unfinished jobs: they run again once their lease expires');
    }
  }

  return {
    start() {
      if (loop) return;
      stopping = false;
      unsubscribe = events.subscribe('job.enqueued', signal);
      // Jobs a crashed process on this machine held would otherwise wait out their whole lease.
      loop = queue.expireLeasesOf(isDeadLocalWorker).then(
        (expired) => {
          if (expired > 0) log.info({ expired }, 'took over the jobs of a worker that is gone');
          return runLoop();
        },
        (error: unknown) => {
          log.warn({ err: error }, 'could not check for jobs of crashed workers');
          return runLoop();
        },
      );
    },

    async stop(stopOptions = {}) {
      stopping = true;
      unsubscribe?.();
      unsubscribe = undefined;
      signal();
      await loop;
      loop = undefined;
      if (stopOptions.graceMs === undefined) {
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, stopOptions.graceMs)));
      let waiting = true;
      void graceOver.then(() => (waiting = false));
      while (inFlight.size > 0 && waiting) await Promise.race([Promise.allSettled([...inFlight]), graceOver]);
      clearTimeout(timer);
      if (inFlight.size > 0) await abandon([...inFlight]);
    },

    async runUntilIdle() {
      const slots = new Set<Promise<void>>();
      let count = 0;
      try {
        for (;;) {
          const { claimed, dry } = await claimInto(slots, () => {}, () => false);
          count += claimed;
          if (dry && slots.size === 0) break;
          // Wait for a slot; a finishing job may also have made more work ready.
          if (slots.size > 0) await Promise.race(slots);
        }
        await reap();
      } finally {
        await Promise.allSettled([...slots]);
      }
      return count;
    },
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`Job runner ${name} must be a positive integer`);
  return value;
}
