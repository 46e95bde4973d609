import { Worker, type MessagePort } from 'node:worker_threads';
import type { Logger } from '../kernel/log.js';
import { shippedModelJson } from '../modules/triage/triage.service.js';
import type { TopicModelJson } from '../modules/triage/classifier.js';

/** What the worker thread tells the thread that started it: its code is loaded; its role runs. */
export type WorkerThreadReport = { kind: 'loaded' } | { kind: 'started' };
/** What it is told. */
export type WorkerThreadCommand = { kind: 'start'; shippedTopicModel: TopicModelJson } | { kind: 'stop' };
/** Handed to the thread at its start. */
export type WorkerThreadData = { events: MessagePort; entry: string; typescriptLoader: string | null };

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.typescriptLoader) (await import(workerData.typescriptLoader)).register();
  await import(workerData.entry);
})().catch((error) => { setImmediate(() => { throw error; }); });
`;

export type WorkerThread = {
  /**
   * Starts the worker role on the thread, once the database is migrated and seeded (start-up
   * work of this thread). Resolves once it runs its jobs, with its triage model ready: a job it
   * claims must not wait for it (a process killed in that wait would cost each claimed job an attempt).
   */
  start(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Runs the worker role on a thread of its own, with its own container and SQLite connection
 * (worker-thread-entry.ts): jobs (processing inbound mail, sending mail) then use a second core
 * instead of queueing behind HTTP and SMTP intake on this one. The thread loads its code at
 * once, while this one prepares the database; `start` then starts the role. A thread that fails
 * calls `onFailure`: without it no mail would leave.
 */
export function launchWorkerThread(options: { events: MessagePort; log: Logger; onFailure(error: unknown): void }): WorkerThread {
  const fromSource = import.meta.url.endsWith('.ts');
  const data: WorkerThreadData = {
    events: options.events,
    entry: new URL(fromSource ? './worker-thread-entry.ts' : './worker-thread-entry.js', import.meta.url).href,
    // Node 20 does not apply the parent's `--import tsx` to a worker thread (later versions may): the
    // thread registers the loader itself, and is started without the flag so that it happens once.
    typescriptLoader: fromSource ? import.meta.resolve('tsx/esm/api') : null,
  };
  const worker = new Worker(BOOTSTRAP, {
    eval: true, execArgv: withoutTypescriptLoader(process.execArgv), workerData: data, transferList: [options.events], name: 'postdesk-worker',
  });
  let phase: 'loading' | 'starting' | 'running' | 'stopping' = 'loading';
  const reported = (kind: WorkerThreadReport['kind']) => new Promise<void>((resolve, reject) => {
    const onMessage = (report: WorkerThreadReport) => {
      if (report.kind !== kind) return;
      worker.off('message', onMessage);
      resolve();
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the worker thread exited while ${phase === 'loading' ? 'loading' : 'starting'} (code ${code})`)));
  });
  const loaded = reported('loaded');
  // Until `start` is awaited, a failure must not go unhandled.
  loaded.catch(() => {});
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const send = (command: WorkerThreadCommand) => worker.postMessage(command);

  return {
    async start() {
      await loaded;
      phase = 'starting';
      const started = reported('started');
      // Trained here at start-up already: the thread need not spend that second again.
      send({ kind: 'start', shippedTopicModel: shippedModelJson() });
      await started;
      phase = 'running';
      worker.on('error', (error) => options.onFailure(error));
      worker.on('exit', (code) => {
        if (phase !== 'stopping') options.onFailure(new Error(`the worker thread exited (code ${code})`));
      });
      options.log.info({ threadId: worker.threadId }, 'worker role running on its own thread');
    },
    async stop() {
      phase = 'stopping';
      send({ kind: 'stop' });
      await exited;
    },
  };
}

/** The process's Node flags (profiling, say) without `--import tsx`. */
function withoutTypescriptLoader(flags: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i] ?? '';
    if ((flag === '--import' || flag === '--loader') && /^tsx(\/|$)/.test(flags[i + 1] ?? '')) {
      i++;
      continue;
    }
    if (/^--(import|loader)=tsx(\/|$)/.test(flag)) continue;
    kept.push(flag);
  }
  return kept;
}
