import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../src/storage/db.js';

export type TestDatabase = DatabaseHandle & { dir: string; file: string; cleanup(): Promise<void> };

/** A real, migrated SQLite file in a fresh temp dir (the PostgreSQL issue adds the dialect matrix here). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-test-'));
  const file = path.join(dir, 'postdesk.sqlite');
  const handle = openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    dir,
    file,
    async cleanup() {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
