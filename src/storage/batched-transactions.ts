import { sql, type Kysely, type Transaction } from 'kysely';
import { createTurnBatcher } from '../kernel/turn-batcher.js';
import type { Database } from './database.js';

export type TransactionWork<T> = (trx: Transaction<Database>) => Promise<T>;

type Unit = {
  work: TransactionWork<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
};

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Runs the units of work that arrive together in one SQLite transaction, each inside a savepoint
 * of its own, and commits them with one COMMIT and one durability wait.
 *
 * Why: on SQLite a commit costs about as much as the writes of a whole web case (≈ 370 µs of
 * the form's ≈ 1 ms of SQL, measured per statement during `npm run bench -- cases-http`): it writes
 * every page the transaction dirtied to the WAL, and a case dirties a page in each of the cases
 * table's 17 indexes. Cases that arrive together mostly dirty the same pages (keys that grow with
 * time land on the same last leaf), so one commit for several of them writes little more than one
 * commit for one: measured, ≈ 1,040 µs for a batch of ≈ 12 cases.
 *
 * Each unit keeps the outcome it had alone: it sees what the units before it wrote; one that
 * throws is rolled back to its savepoint and rejected while the others commit; none resolves before
 * the commit (and `afterCommit`, the WAL sync) that makes it durable. When SQLite abandons the
 * whole transaction (an I/O error, a full disk) or the commit fails, every unit of the batch is
 * rejected: nothing of it was stored.
 */
export function createBatchedTransactions(deps: {
  db: Kysely<Database>;
  /** Whether the connection is still inside the batch's transaction (SQLite rolls back the whole of it on some errors). */
  inTransaction: () => boolean;
  afterCommit: () => Promise<void>;
  /** Caps how long one batch holds the event loop and the write lock: each unit is about a millisecond of work. */
  maxBatch?: number;
}): <T>(work: TransactionWork<T>) => Promise<T> {
  async function runBatch(batch: Unit[]): Promise<void> {
    const outcomes: Outcome[] = [];
    // Kysely answers an abandoned transaction with its own failed ROLLBACK; the cause is what callers need.
    let abandonedBy = null as { error: unknown } | null;
    try {
      await deps.db.transaction().execute(async (trx) => {
        for (const unit of batch) {
          await sql`savepoint unit`.execute(trx);
          try {
            const value = await unit.work(trx);
            await sql`release savepoint unit`.execute(trx);
            outcomes.push({ ok: true, value });
          } catch (error) {
            if (!deps.inTransaction()) {
              abandonedBy = { error };
              throw error;
            }
            await sql`rollback to savepoint unit`.execute(trx);
            await sql`release savepoint unit`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
      });
      await deps.afterCommit();
    } catch (failure) {
      const error = abandonedBy ? abandonedBy.error : failure;
      batch.forEach((unit, i) => {
        const outcome = outcomes[i];
        unit.reject(outcome && !outcome.ok ? outcome.error : error);
      });
      return;
    }
    batch.forEach((unit, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.error);
    });
  }

  const submit = createTurnBatcher(runBatch, deps.maxBatch ?? 16);
  return <T>(work: TransactionWork<T>) =>
    new Promise<T>((resolve, reject) => submit({ work: work as TransactionWork<unknown>, resolve: resolve as (value: unknown) => void, reject }));
}
