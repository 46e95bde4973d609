import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from '../database.js';
import type { DatabaseHandle } from '../db.js';

const { Pool, types } = pg;

/** Connections per process; with the listening and lock connections beside it, PostgreSQL's default max_connections (100) fits about eight such processes. */
const POOL_SIZE = 10;

/**
 * Rows come back from PostgreSQL in the representation SQLite gives them (dialect-helpers.ts), so a
 * row means the same in both dialects and the table types stay true:
 * - timestamptz: the fixed-width ISO-8601 UTC string we wrote (`2026-05-20T10:00:00.000Z`), not a
 *   Date; columns hold microseconds but we only ever write milliseconds, so nothing is cut;
 * - json/jsonb: the JSON text, not a parsed value (`fromDbJson` parses it, as it does for SQLite);
 * - int8 and numeric (`count(*)`, `sum`, `avg`, the bigint IMAP uid): numbers, not strings; an
 *   int8 past 2^53 throws rather than silently losing digits.
 * Booleans stay booleans: `fromDbBool` reads both, and `toDbBool` writes each dialect's own.
 */
const READ_AS_IN_SQLITE: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === 'binary') return types.getTypeParser(oid, format);
    switch (oid) {
      case types.builtins.TIMESTAMPTZ:
      case types.builtins.TIMESTAMP: {
        const parseDate = types.getTypeParser(oid, 'text') as (text: string) => Date;
        return (text: string) => parseDate(text).toISOString();
      }
      case types.builtins.JSON:
      case types.builtins.JSONB:
        return (text: string) => text;
      case types.builtins.INT8:
        return parseSafeInteger;
      case types.builtins.NUMERIC:
        return Number;
      default:
        return types.getTypeParser(oid, format);
    }
  }) as pg.CustomTypesConfig['getTypeParser'],
};

function parseSafeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} does not fit a JavaScript number`);
  return value;
}

/**
 * Opens a pool on a PostgreSQL database. Sessions run in UTC so that SQL date functions agree with
 * the UTC strings we store. `durableTransaction` commits with `synchronous_commit = on` whatever the
 * server, database or role sets: with `off` (a common throughput setting, and the test cluster's)
 * a commit returns before its WAL is flushed, and a server crash in the next moments would lose
 * mail already answered 250. The setting is the transaction's own, so other writes keep the
 * configured one (PostgreSQL documents mixing synchronous and asynchronous commits).
 */
export function openPostgres(url: string): DatabaseHandle {
  const pool = new Pool({
    connectionString: url,
    max: POOL_SIZE,
    application_name: 'postdesk',
    options: '-c TimeZone=UTC',
    types: READ_AS_IN_SQLITE,
  });
  // An idle connection the server ends (restart, admin) must not crash the process: the pool
  // drops it and opens another on the next query.
  pool.on('error', (error) => process.emitWarning(`PostgreSQL connection lost: ${error.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closing: Promise<void> | null = null;
  return {
    db,
    dialect: 'postgres',
    durableTransaction: (work) =>
      db.transaction().execute(async (trx) => {
        await sql`set local synchronous_commit = on`.execute(trx);
        return work(trx);
      }),
    close: () =>
      (closing ??= (async () => {
        await db.destroy();
        // Kysely ends the pool only if it ever queried it; ending it here too makes a late query fail instead of reopening it.
        if (!pool.ending) await pool.end();
      })()),
  };
}
