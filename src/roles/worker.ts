import type { Container } from '../container.js';
import { startSearchIndexer } from '../modules/search/index.js';

/** How long a stopping worker lets running jobs finish before handing them back to the queue. */
export const JOB_STOP_GRACE_MS = 20_000;

/** The worker role: runs durable jobs (sending mail now; timers and retraining later) and keeps search documents current. */
export function startWorkerRole(container: Container, options: { stopGraceMs?: number } = {}): { stop(): Promise<void> } {
  container.jobRunner.start();
  const { db, dialect } = container.database;
  // SQLite only (a no-op on PostgreSQL); two rounds at once in two processes only repeat work: no lock needed.
  const indexer = startSearchIndexer({ db, dialect, log: container.log.child({ component: 'search-indexer' }) });
  return {
    async stop() {
      await Promise.all([container.jobRunner.stop({ graceMs: options.stopGraceMs ?? JOB_STOP_GRACE_MS }), indexer.stop()]);
    },
  };
}
