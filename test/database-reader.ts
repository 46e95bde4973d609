import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../src/storage/database.js';
import { openDatabase, type DatabaseTarget } from '../src/storage/db.js';

export type DatabaseReader = { db: Kysely<Database>; close(): Promise<void> };

/**
 * A connection of its own to a database that an app or a child process is writing, as another
 * process would have one: it sees only what was committed. On SQLite a read-only connection to the
 * file (it can neither write nor checkpoint the WAL under the writer); on PostgreSQL a pool of its
 * own that reads rows back as the app does (dialects/postgres.ts), so the same queries serve both.
 */
export function openDatabaseReader(target: DatabaseTarget): DatabaseReader {
  if (target.kind === 'postgres') {
    const handle = openDatabase(target);
    return { db: handle.db, close: () => handle.close() };
  }
  const sqlite = new SQLite(target.file, { readonly: true, fileMustExist: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  // Kysely closes the better-sqlite3 connection on destroy.
  return { db, close: () => db.destroy() };
}
