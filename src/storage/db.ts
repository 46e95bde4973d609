import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type MigrationResultSet, type Transaction } from 'kysely';
import type { Database } from './database.js';
import type { Dialect } from './dialect-helpers.js';
import { migrations } from './migrations/index.js';

export type DatabaseHandle = {
  db: Kysely<Database>;
  dialect: Dialect;
  /**
   * A transaction whose commit survives a power cut before this resolves: for what we
   * acknowledge to the outside (an SMTP 250, an HTTP 201 with a case number). Other writes
   * (job leases, sent marks) are crash-safe but may lose their last moments to a power cut,
   * which their idempotent jobs repair.
   */
  durableTransaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/**
 * Opens the configured database. SQLite runs in WAL mode with foreign keys on and a busy timeout
 * (other processes such as `npx postdesk` may hold the write lock briefly). Commits are
 * synchronous=NORMAL (safe against a process crash, one fsync per checkpoint) except
 * `durableTransaction`, which syncs the WAL; the WAL is written in order, so that sync also makes
 * every earlier commit durable.
 */
export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.kind === 'postgres') {
    throw new Error('PostgreSQL support arrives with the PostgreSQL issue; unset POSTDESK_DATABASE_URL to use SQLite');
  }
  fs.mkdirSync(path.dirname(target.file), { recursive: true });
  const sqlite = new SQLite(target.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  cachePreparedStatements(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    dialect: 'sqlite',
    // The connection is held for the whole block, so no other statement runs under FULL or NORMAL by mistake.
    durableTransaction: (work) =>
      db.connection().execute(async (connection) => {
        await sql`pragma synchronous = FULL`.execute(connection);
        try {
          return await connection.transaction().execute(work);
        } finally {
          await sql`pragma synchronous = NORMAL`.execute(connection);
        }
      }),
    close: () => db.destroy(),
  };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every statement anew (18–44 µs each here); queries are built from a few hundred
 * shapes, so the prepared statements are kept. Safe because better-sqlite3 runs each statement to
 * completion synchronously (`all`/`run`/`get`), and Kysely never holds one open across an await
 * except for streaming, which Postdesk does not use.
 */
function cachePreparedStatements(sqlite: SQLite.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, SQLite.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

/** Applies pending migrations; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}
