import { DEFAULT_MIGRATION_TABLE, type Kysely } from 'kysely';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

/**
 * How the database's schema compares with the migrations this code ships.
 * - `missing`: migrations the code expects but the database lacks. This code may read or write
 *   columns that are not there yet, so it must not serve (readiness fails).
 * - `ahead`: migrations a newer release applied that this code does not know. Shipped migrations
 *   only add (frozen files; new columns nullable or defaulted, nothing dropped while a release
 *   that reads it may run), so during a rolling deploy the old processes keep serving on the
 *   newer schema until they are replaced.
 */
export type MigrationState = { applied: number; expected: number; missing: string[]; ahead: string[] };

/** Compares applied migration names with the ones the code knows (pure, for tests). */
export function compareMigrations(appliedNames: readonly string[], knownNames: readonly string[]): MigrationState {
  const applied = new Set(appliedNames);
  const known = new Set(knownNames);
  return {
    applied: knownNames.filter((name) => applied.has(name)).length,
    expected: knownNames.length,
    missing: knownNames.filter((name) => !applied.has(name)),
    ahead: appliedNames.filter((name) => !known.has(name)).sort(),
  };
}

/** Reads Kysely's migration table (a few dozen rows); throws if the table does not exist yet. */
export async function readMigrationState(db: Kysely<Database>): Promise<MigrationState> {
  const rows = await db
    .withTables<{ [DEFAULT_MIGRATION_TABLE]: { name: string } }>()
    .selectFrom(DEFAULT_MIGRATION_TABLE)
    .select('name')
    .execute();
  return compareMigrations(rows.map((row) => row.name), Object.keys(migrations));
}
