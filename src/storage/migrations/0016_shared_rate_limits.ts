import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Request rate limits shared by every process on PostgreSQL (src/http/rate-limit-store.ts): one
 * row per limited route and client address, counting the requests of the current window. Without
 * it each web process counted alone, so N processes let a client through N times as often.
 *
 * Unlogged: the counters are worth nothing after a crash (they restart empty, as a process's own
 * counters do) and need no WAL, so counting adds no commit flush to a request. SQLite serves one
 * machine, where a process's own counters are the whole truth: nothing changes there.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create unlogged table rate_limit_counters (
    key text primary key,
    hits integer not null,
    window_ends_at timestamptz not null)`.execute(db);
  await sql`create index rate_limit_counters_window_ends_at on rate_limit_counters (window_ends_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop table rate_limit_counters`.execute(db);
}
