import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openDatabase, type DatabaseHandle, type DatabaseTarget } from '../src/storage/db.js';
import { createPostgresTestDatabase, testDatabaseKind } from './postgres-databases.js';

export type TestDatabase = DatabaseHandle & {
  /** A fresh temp dir for the test's other files. */
  dir: string;
  /** The SQLite file; empty on PostgreSQL. */
  file: string;
  /** Opens this database again: a second handle, as a second process would have. */
  target: DatabaseTarget;
  cleanup(): Promise<void>;
};

/**
 * A real, migrated database of the dialect this test project runs on (testDatabaseKind): a SQLite
 * file in a fresh temp dir, or a fresh PostgreSQL database copied from the run's migrated template.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-test-'));
  if (testDatabaseKind() === 'postgres') {
    const database = await createPostgresTestDatabase();
    const target: DatabaseTarget = { kind: 'postgres', url: database.url };
    const handle = openDatabase(target);
    return {
      ...handle,
      dir,
      file: '',
      target,
      async cleanup() {
        await handle.close();
        await database.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const file = path.join(dir, 'postdesk.sqlite');
  const target: DatabaseTarget = { kind: 'sqlite', file };
  const handle = openDatabase(target);
  await migrateToLatest(handle.db);
  return {
    ...handle,
    dir,
    file,
    target,
    async cleanup() {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
