import { PostgresAdapter, type Kysely, type SelectQueryBuilder } from 'kysely';

/**
 * Every unavoidable difference between SQLite and PostgreSQL has a name here, so repositories
 * stay portable. Values are written in one representation that both accept:
 * - timestamps: fixed-width ISO-8601 UTC strings (SQLite TEXT sorts them correctly; PostgreSQL
 *   casts them into timestamptz). PostgreSQL's pool (dialects/postgres.ts) reads them back as the
 *   same strings, so `fromDbTime` sees one form; it still accepts a Date. A time column is
 *   compared only with a time: `''` or another non-time string is an error on PostgreSQL (leave
 *   the condition out instead of comparing with a "minimum" string);
 * - booleans: SQLite INTEGER 0/1, PostgreSQL boolean (`toDbBool` writes each its own; a row
 *   holds 1/0 or true/false, `fromDbBool` reads both);
 * - JSON: SQLite TEXT, PostgreSQL jsonb; both read back as JSON text (`fromDbJson` parses it).
 *   jsonb normalises the text (key order, spaces) and has no LIKE, so compare parsed values and
 *   never match JSON text in SQL (give what a query filters on a column of its own);
 * - numbers: PostgreSQL's bigint and numeric (`count(*)`, `sum`, `avg`) are read back as numbers,
 *   as SQLite gives them;
 * - constraint errors: SQLite codes `SQLITE_CONSTRAINT_*`, PostgreSQL SQLSTATEs (`23505` unique,
 *   `23503` foreign key), in `error.code` for both drivers. A failed statement aborts a PostgreSQL
 *   transaction (its commit becomes a rollback), so never catch a constraint error and carry on
 *   inside a transaction: `insert … on conflict do nothing returning …` works the same on both;
 * - full-text search: SQLite FTS5 (migrations 0005/0007/0009/0013), PostgreSQL tsvector + GIN
 *   with `unaccent` in its text search configurations (0014), behind the same functions
 *   (src/modules/search for cases, src/modules/knowledge for help articles). A search reaches
 *   either only as sanitised tokens (`toMatchExpression`/`toTsSearch`). PostgreSQL also stems
 *   English, Spanish and Romanian prose (FTS5 indexes words as written, English help articles
 *   aside), lists matches by creation time rather than document id, and indexes the first
 *   100,000 characters of a case's subject and messages (a tsvector holds at most 1 MB).
 * Text comparison is case-sensitive in both (`=`); SQLite's LIKE ignores ASCII case and
 * PostgreSQL's does not, so match case-insensitively on a normalised column, not with LIKE.
 * NULLs sort first ascending in SQLite and last in PostgreSQL: say `nulls first`/`nulls last`
 * where it matters (both accept it).
 * Processes: on PostgreSQL domain events and cluster locks are shared by every process on the
 * database (LISTEN/NOTIFY in postgres-event-bus.ts, advisory locks in postgres-cluster-lock.ts);
 * on SQLite both stay in the process (kernel/events.ts, cluster-lock.ts). container.ts picks them.
 */
export type Dialect = 'sqlite' | 'postgres';

export type DbTime = string;

export function toDbTime(date: Date): DbTime {
  return date.toISOString();
}

export function fromDbTime(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

export function fromDbTimeOrNull(value: string | Date | null): Date | null {
  return value === null ? null : fromDbTime(value);
}

export type DbBool = number | boolean;

export function toDbBool(value: boolean, dialect: Dialect): DbBool {
  return dialect === 'sqlite' ? (value ? 1 : 0) : value;
}

export function fromDbBool(value: DbBool): boolean {
  return value === true || value === 1;
}

export type DbJson = string;

export function toDbJson(value: unknown): DbJson {
  return JSON.stringify(value);
}

export function fromDbJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** Which dialect a Kysely instance or transaction speaks, read from its adapter. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Locks the selected rows and skips rows another transaction has locked, so concurrent job
 * claims in PostgreSQL pick different rows instead of queueing behind one another. SQLite has
 * no row locks (a write statement holds the whole database) and no such clause, so the query is
 * returned unchanged.
 */
export function forUpdateSkipLocked<DB, TB extends keyof DB, O>(
  dialect: Dialect,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/**
 * Whether an `UPDATE … WHERE id IN (… FOR UPDATE SKIP LOCKED)` must repeat its condition on the
 * rows it updates. PostgreSQL re-evaluates only the outer WHERE after waiting for a row lock, so
 * it needs the repeat. SQLite runs the whole statement under its single write lock, so nothing can
 * change in between; there the repeated condition is redundant and, without ANALYZE statistics,
 * leads the planner to scan the condition's index (every ready job) instead of looking up the ids.
 */
export function rechecksLockedRows(dialect: Dialect): boolean {
  return dialect === 'postgres';
}
