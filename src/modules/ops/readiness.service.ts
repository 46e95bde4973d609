import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Logger } from '../../kernel/log.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { Database } from '../../storage/database.js';
import { readMigrationState } from '../../storage/migration-state.js';
import { judgeReadiness, type Readiness, type ReadinessPolicy, type ReadinessProbe } from './ops.js';
import { findOldestDueJobRunAt, pingDatabase } from './ops.repository.js';

export interface ReadinessService {
  /** Asks the database (three small indexed queries) and the blob store now; concurrent callers share one probe. */
  check(): Promise<Readiness>;
}

type Deps = {
  db: Kysely<Database>;
  clock: Clock;
  log: Logger;
  policy: ReadinessPolicy;
  blobs: Pick<BlobStore, 'checkAvailable'>;
  /** A blob store that has not answered by then counts as unavailable (S3: one HeadBucket). */
  blobProbeTimeoutMs: number;
  /** Whether this process hears the others' events now; null when it is the only one (SQLite). */
  eventsHeard: () => boolean | null;
};

export function createReadinessService(deps: Deps): ReadinessService {
  const { db, log } = deps;

  async function probeBlobStore(): Promise<boolean> {
    try {
      await deps.blobs.checkAvailable(AbortSignal.timeout(deps.blobProbeTimeoutMs));
      return true;
    } catch (error) {
      log.warn({ err: error }, `readiness: ${(error as Error).message}`);
      return false;
    }
  }

  async function probe(): Promise<ReadinessProbe> {
    const blobStore = probeBlobStore();
    try {
      await pingDatabase(db);
    } catch (error) {
      log.warn({ err: error }, 'readiness: the database did not answer');
      return { database: false, migrations: null, jobLagMs: null, blobStore: await blobStore, eventsHeard: deps.eventsHeard() };
    }
    const now = deps.clock.now();
    const [migrations, jobLagMs] = await Promise.all([
      readMigrationState(db).catch((error: unknown) => {
        log.warn({ err: error }, 'readiness: could not read the applied migrations');
        return null;
      }),
      findOldestDueJobRunAt(db, now).then(
        (runAt) => (runAt ? Math.max(0, now.getTime() - runAt.getTime()) : 0),
        (error: unknown) => {
          log.warn({ err: error }, 'readiness: could not read the job queue');
          return null;
        },
      ),
    ]);
    return { database: true, migrations, jobLagMs, blobStore: await blobStore, eventsHeard: deps.eventsHeard() };
  }

  // A flood of probes (many load balancers, or a loop) costs one database round at a time.
  let inFlight: Promise<Readiness> | null = null;
  return {
    check() {
      inFlight ??= probe()
        .then((found) => judgeReadiness(found, deps.policy))
        .finally(() => {
          inFlight = null;
        });
      return inFlight;
    },
  };
}
