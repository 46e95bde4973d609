import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Logger } from '../kernel/log.js';

/** What the worker thread tells the thread that started it. */
export type WorkerThreadReport = { kind: 'started' };
/** What it is told. */
export type WorkerThreadCommand = { kind: 'stop' };
/** Handed to the thread at its start. */
export type WorkerThreadData = { events: MessagePort; entry: string; typescriptLoader: string | null };

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.typescriptLoader) (await import(workerData.typescriptLoader)).register();
  await import(workerData.entry);
})().catch((error) => { setImmediate(() => { throw error; }); });
`;

/** A port pair: one end for this thread's event bus, the other for the worker thread's. */
export function createThreadLink(): { here: MessagePort; there: MessagePort } {
  const { port1, port2 } = new MessageChannel();
  return { here: port1, there: port2 };
}

/**
 * Runs the worker role on a thread of its own, with its own container and SQLite connection
 * (worker-thread-entry.ts): jobs (triage of inbound mail, sending mail) then use a second core
 * instead of queueing behind HTTP and SMTP intake on this one. Resolves once the thread runs
 * its jobs. A thread that fails calls `onFailure`: without it no mail would leave.
 */
export async function startWorkerThread(options: { events: MessagePort; log: Logger; onFailure(error: unknown): void }): Promise<{ stop(): Promise<void> }> {
  const fromSource = import.meta.url.endsWith('.ts');
  const data: WorkerThreadData = {
    events: options.events,
    entry: new URL(fromSource ? './worker-thread-entry.ts' : './worker-thread-entry.js', import.meta.url).href,
    // Node 20 does not apply the parent's `--import tsx` to a worker thread: the thread registers it itself.
    typescriptLoader: fromSource ? import.meta.resolve('tsx/esm/api') : null,
  };
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data, transferList: [options.events], name: 'postdesk-worker' });
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onError = (error: unknown) => reject(error);
    worker.once('error', onError);
    worker.on('message', (report: WorkerThreadReport) => {
      if (report.kind !== 'started') return;
      worker.off('error', onError);
      resolve();
    });
    worker.once('exit', (code) => reject(new Error(`the worker thread exited during start-up (code ${code})`)));
  });
  worker.on('error', (error) => options.onFailure(error));
  worker.on('exit', (code) => {
    if (!stopping) options.onFailure(new Error(`the worker thread exited (code ${code})`));
  });
  options.log.info({ threadId: worker.threadId }, 'worker role running on its own thread');
  return {
    async stop() {
      stopping = true;
      const command: WorkerThreadCommand = { kind: 'stop' };
      worker.postMessage(command);
      await exited;
    },
  };
}
