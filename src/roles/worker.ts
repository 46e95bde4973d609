import type { Container } from '../container.js';
import { startSearchIndexer } from '../modules/search/index.js';

/** The worker role: runs durable jobs (sending mail now; timers and retraining later) and keeps search documents current. */
export function startWorkerRole(container: Container): { stop(): Promise<void> } {
  container.jobRunner.start();
  const { db, dialect } = container.database;
  const indexer = startSearchIndexer({ db, dialect, log: container.log.child({ component: 'search-indexer' }) });
  return {
    async stop() {
      await Promise.all([container.jobRunner.stop(), indexer.stop()]);
    },
  };
}
