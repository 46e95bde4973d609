import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * SQLite (WAL mode) checkpoints inside the commit that crosses `wal_autocheckpoint` pages, on
 * the connection that committed: it copies the WAL into the database file and fsyncs both, on the
 * event loop. Measured here, that is most of an average commit's cost (about 1 ms of 1.4 ms per
 * web-form case on a real disk). This moves the work to a worker thread with its own connection,
 * which runs PASSIVE checkpoints (they never block the writer, and the writer restarts the WAL
 * once they have caught up). The writer keeps a much higher `wal_autocheckpoint` as a safety net
 * should the thread fall behind or fail.
 *
 * The thread starts only once the WAL has grown past `startAtBytes`, so the many short-lived
 * databases of the test suite and the CLI never pay for a thread.
 */
export type WalCheckpointer = { close(): Promise<void> };

/** Pages the writer lets the WAL reach before checkpointing itself (SQLite's default is 1,000). */
export const WRITER_AUTOCHECKPOINT_PAGES = 16_384;

const START_AT_BYTES = 4 * 1024 * 1024;
const INTERVAL_MS = 100;

// The thread's code is plain CommonJS evaluated from a string: a module file would need the
// TypeScript loader in the thread, which test runners and `node --import tsx` provide differently.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = NORMAL');
let stopped = false;
function round() {
  if (stopped) return;
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage({ error: String(error) }); }
  setTimeout(round, workerData.intervalMs);
}
parentPort.on('message', () => { stopped = true; db.close(); process.exit(0); });
round();
`;

export function startWalCheckpointer(databaseFile: string, onError: (message: string) => void): WalCheckpointer {
  const walFile = `${databaseFile}-wal`;
  let worker: Worker | null = null;
  let closed = false;

  const start = () => {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { file: databaseFile, driver, intervalMs: INTERVAL_MS } });
    worker.on('message', (message: { error?: string }) => {
      if (message.error) onError(message.error);
    });
    worker.on('error', (error) => onError(String(error)));
    worker.unref();
  };

  // An unreferenced timer: watching the WAL's size never keeps a process alive.
  const watch = setInterval(() => {
    fs.stat(walFile, (error, stats) => {
      if (error || closed || worker || stats.size < START_AT_BYTES) return;
      clearInterval(watch);
      start();
    });
  }, 1_000);
  watch.unref();

  return {
    async close() {
      closed = true;
      clearInterval(watch);
      const running = worker;
      worker = null;
      if (!running) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.postMessage('close');
      await exited;
    },
  };
}
