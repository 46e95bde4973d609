import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type MigrationResultSet, type QueryResult, type SqliteDialectConfig, type Transaction } from 'kysely';
import type { Database } from './database.js';
import type { Dialect } from './dialect-helpers.js';
import { openPostgres } from './dialects/postgres.js';
import { migrations } from './migrations/index.js';
import { readMigrationState } from './migration-state.js';
import { createBatchedTransactions } from './batched-transactions.js';
import { startWalCheckpointer, WRITER_AUTOCHECKPOINT_PAGES } from './wal-checkpointer.js';

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
 * Opens the configured database: PostgreSQL through a pool (dialects/postgres.ts), or SQLite. SQLite runs in WAL mode with foreign keys on;
 * a statement that finds the write lock held by another connection (the worker role's thread,
 * `npx postdesk`) waits up to 5 s for it without blocking the event loop. Commits are
 * synchronous=NORMAL: safe against a process crash, with no fsync on the event loop.
 * `durableTransaction` runs the units of work submitted together in one transaction
 * (batched-transactions.ts), then waits for an fdatasync of the WAL file, shared by every commit
 * that finished before it started (group commit, off the event loop); the WAL is replayed in
 * order, so that sync makes every earlier commit durable too.
 */
export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.kind === 'postgres') return openPostgres(target.url);
  fs.mkdirSync(path.dirname(target.file), { recursive: true });
  const sqlite = new SQLite(target.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // A statement that fires a trigger or may change many rows keeps a statement journal; as a
  // temporary file that cost a file creation per statement (≈ 120 µs of opening a case, measured).
  // In memory it is only the pages one statement changes; the console's sorts are served by indexes.
  sqlite.pragma('temp_store = MEMORY');
  // Checkpoints run on a thread of their own (wal-checkpointer.ts); this is only the safety net.
  sqlite.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`);
  cachePreparedStatements(sqlite);
  // Statements through Kysely wait for another connection's write lock without blocking the event
  // loop (waitingForLocks below); SQLite's own wait, used until here, sleeps the thread, longer each retry.
  sqlite.pragma('busy_timeout = 0');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  const walSync = createGroupSync(`${target.file}-wal`);
  // One checkpointing thread per database file is enough: a connection opened on another thread
  // of the process (the worker role's, roles/worker-thread.ts) leaves it to the main thread's.
  const checkpointer = !isMainThread
    ? { close: async () => {} }
    : startWalCheckpointer(target.file, (message) => process.emitWarning(`WAL checkpoint failed: ${message}`));
  return {
    db,
    dialect: 'sqlite',
    durableTransaction: createBatchedTransactions({ db, inTransaction: () => sqlite.inTransaction, afterCommit: () => walSync.sync() }),
    close: async () => {
      await checkpointer.close();
      await db.destroy();
      await walSync.close();
    },
  };
}

/**
 * Group commit for the WAL: a caller waits for an fdatasync that started after its call, and
 * every caller arriving while one runs shares the next. fsync on any descriptor of a file flushes
 * all of its dirty pages, so our own descriptor of the -wal file is enough.
 */
export function createGroupSync(walFile: string): { sync(): Promise<void>; close(): Promise<void> } {
  let handle: Promise<fs.promises.FileHandle> | null = null;
  let inFlight: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const open = () => (handle ??= fs.promises.open(walFile, 'r+'));
  const syncOnce = async () => {
    await (await open()).datasync();
  };
  const sync = (): Promise<void> => {
    if (!inFlight) {
      inFlight = syncOnce().finally(() => {
        inFlight = null;
      });
      return inFlight;
    }
    queued ??= inFlight.catch(() => {}).then(() => {
      queued = null;
      return sync();
    });
    return queued;
  };
  return {
    sync,
    async close() {
      if (handle) await (await handle).close().catch(() => {});
      handle = null;
    },
  };
}

/**
 * Transactions take the write lock when they begin (`BEGIN IMMEDIATE`), where SQLite's default
 * takes it at the first write. Another connection (the worker role's thread, `npx postdesk`) may
 * commit in between, and a transaction that has already read then cannot write: SQLite fails it
 * at once (SQLITE_BUSY, without waiting the busy timeout). Taken at the start, the lock is waited
 * for like any other.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #database: SQLite.Database;
  #connection: DatabaseConnection | undefined;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#database = config.database as SQLite.Database;
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.#connection ??= waitingForLocks(connection, this.#database);
    return this.#connection;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** How long a statement waits for another connection's write lock before it fails (SQLite's busy timeout, as it was). */
const LOCK_WAIT_MS = 5_000;

/**
 * Retries a statement that found the database locked by another connection (SQLITE_BUSY), after
 * yielding to the event loop, until LOCK_WAIT_MS have passed. Only statements outside a
 * transaction and `BEGIN` itself are retried: they failed as a whole, so running them again is
 * safe. Inside a transaction begun IMMEDIATE the lock is ours, and SQLITE_BUSY cannot occur.
 */
function waitingForLocks(connection: DatabaseConnection, database: SQLite.Database): DatabaseConnection {
  const retryable = (error: unknown) =>
    !database.inTransaction && typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code.startsWith('SQLITE_BUSY');
  async function retry<R>(query: CompiledQuery, firstError: unknown): Promise<QueryResult<R>> {
    const waitingSince = performance.now();
    let error = firstError;
    for (let attempt = 0; performance.now() - waitingSince <= LOCK_WAIT_MS; attempt++) {
      // The other thread holds the lock for about a millisecond: the first retries come as soon as pending I/O has run.
      await (attempt < 3 ? new Promise((resolve) => setImmediate(resolve)) : delay(Math.min(attempt - 2, 5)));
      try {
        return await connection.executeQuery<R>(query);
      } catch (refused) {
        if (!retryable(refused)) throw refused;
        error = refused;
      }
    }
    throw error;
  }
  return {
    // better-sqlite3 runs the statement before returning and throws at once: the usual case adds no promise of its own.
    executeQuery<R>(query: CompiledQuery) {
      try {
        return connection.executeQuery<R>(query);
      } catch (error) {
        if (!retryable(error)) throw error;
        return retry<R>(query, error);
      }
    },
    streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
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

/**
 * Applies pending migrations; throws with the failing migration's name. A database that already
 * has every migration this code knows is left alone, even when a newer release migrated it
 * further: Kysely's Migrator refuses such a database, which would stop an old process that
 * restarts during a rolling deploy (see MigrationState for why the old code may run on it).
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  // A fresh database has no migration table yet: the Migrator creates it.
  const state = await readMigrationState(db).catch(() => null);
  if (state && state.missing.length === 0) return { results: [] };
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}
