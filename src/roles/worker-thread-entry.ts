import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../config.js';
import { createContainer } from '../container.js';
import { startWorkerRole } from './worker.js';
import type { WorkerThreadCommand, WorkerThreadData, WorkerThreadReport } from './worker-thread.js';

/** The worker role's thread (see worker-thread.ts): the same configuration, a container of its own. */
async function run(): Promise<void> {
  if (!parentPort) throw new Error('worker-thread-entry.ts runs only as a worker thread');
  const port = parentPort;
  const data = workerData as WorkerThreadData;
  const container = createContainer(loadConfig(), { threadLink: data.events, walCheckpoints: false });
  const role = startWorkerRole(container);
  const report = (message: WorkerThreadReport) => port.postMessage(message);
  port.on('message', (command: WorkerThreadCommand) => {
    if (command.kind !== 'stop') return;
    void (async () => {
      await role.stop();
      await container.close();
      // Ends this thread only; whatever a library left open must not keep the process waiting.
      process.exit(0);
    })();
  });
  report({ kind: 'started' });
}

await run();
