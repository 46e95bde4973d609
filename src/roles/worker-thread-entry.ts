import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../config.js';
import { createContainer, type Container } from '../container.js';
import { useShippedModel } from '../modules/triage/triage.service.js';
import { startWorkerRole } from './worker.js';
import type { WorkerThreadCommand, WorkerThreadData, WorkerThreadReport } from './worker-thread.js';

/** The worker role's thread (see worker-thread.ts): the same configuration, a container of its own. */
function run(): void {
  if (!parentPort) throw new Error('worker-thread-entry.ts runs only as a worker thread');
  const port = parentPort;
  const data = workerData as WorkerThreadData;
  const report = (message: WorkerThreadReport) => port.postMessage(message);
  let running: { container: Container; role: { stop(): Promise<void> } } | null = null;

  const start = async (command: Extract<WorkerThreadCommand, { kind: 'start' }>) => {
    useShippedModel(command.shippedTopicModel);
    const container = createContainer(loadConfig(), { threadLink: data.events });
    await container.services.triage.warm();
    running = { container, role: startWorkerRole(container) };
    report({ kind: 'started' });
  };
  const stop = async () => {
    if (running) {
      await running.role.stop();
      await running.container.close();
    }
    // Ends this thread only; whatever a library left open must not keep the process waiting.
    process.exit(0);
  };

  port.on('message', (command: WorkerThreadCommand) => {
    // A failure becomes the thread's error event: the process exits (main.ts), and is restarted whole.
    const fail = (error: unknown) => setImmediate(() => { throw error; });
    if (command.kind === 'start') start(command).catch(fail);
    else stop().catch(fail);
  });
  report({ kind: 'loaded' });
}

run();
