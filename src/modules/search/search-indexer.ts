import type { Kysely } from 'kysely';
import type { Logger } from '../../kernel/log.js';
import type { Database } from '../../storage/database.js';
import type { Dialect } from '../../storage/dialect-helpers.js';
import { refreshSearchDocuments } from './search-refresh.js';

export type SearchIndexer = { stop(): Promise<void> };

/**
 * Keeps search documents close behind the writes (worker role): every `intervalMs` it rebuilds
 * what was noted since. Searches catch up on their own as well, so this only keeps that catch-up
 * short. A failed round is logged and retried on the next tick; nothing is lost, the notes stay.
 */
export function startSearchIndexer(deps: { db: Kysely<Database>; dialect: Dialect; log: Logger; intervalMs?: number }): SearchIndexer {
  const intervalMs = deps.intervalMs ?? 250;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = refreshSearchDocuments(deps.db, deps.dialect)
      .then(() => undefined, (error: unknown) => deps.log.error({ err: error }, 'search documents could not be refreshed; retrying'))
      .finally(() => { running = null; });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
