import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Logger } from '../../kernel/log.js';
import type { Database } from '../../storage/database.js';
import { readMigrationState } from '../../storage/migration-state.js';
import { judgeReadiness, type Readiness, type ReadinessPolicy, type ReadinessProbe } from './ops.js';
import { findOldestDueJobRunAt, pingDatabase } from './ops.repository.js';

export interface ReadinessService {
  /** Asks the database now (three small indexed queries); concurrent callers share one probe. */
  check(): Promise<Readiness>;
}

export function createReadinessService(deps: { db: Kysely<Database>; clock: Clock; log: Logger; policy: ReadinessPolicy }): ReadinessService {
  const { db, log } = deps;

  async function probe(): Promise<ReadinessProbe> {
    try {
      await pingDatabase(db);
    } catch (error) {
      log.warn({ err: error }, 'readiness: the database did not answer');
      return { database: false, migrations: null, jobLagMs: null };
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
    return { database: true, migrations, jobLagMs };
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
