import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../storage/database.js';
import { migrateToLatest, openDatabase } from '../../storage/db.js';
import { dropForeignKeysAndIndexes, insertRowsThroughUnnest, type BulkColumn } from '../../storage/dialects/postgres-bulk-load.js';
import { readMigrationState } from '../../storage/migration-state.js';
import { refreshSearchDocuments } from '../search/index.js';
import { COPIED_TABLES, findOrderProblems, roleOfSqliteTable, type CopiedTable } from './copy-plan.js';
import { approximateSize, createValueConverter, type RepairCounter } from './copy-values.js';
import { readTargetSchema, type TargetSchema } from './target-schema.js';

/**
 * `npx postdesk copy-to-postgres`: moves a SQLite installation into PostgreSQL in one PostgreSQL
 * transaction, so a copy that fails half-way leaves the target as it was and can simply be run
 * again. The source is read inside one SQLite read transaction (a consistent snapshot, even if a
 * process still writes to it), table by table in foreign-key order, streamed (`iterate`) in
 * batches bounded by rows and bytes, so memory stays flat however many messages there are. Each
 * batch is one `insert … select from unnest(…)`; the next batch is read while PostgreSQL writes the
 * previous one. Foreign keys and secondary indexes are dropped for the load and rebuilt after it
 * (in the same transaction). PostgreSQL then rebuilds what it derives (search documents, sequences,
 * planner statistics) and the row count of every table is compared with the source's before the commit.
 */

export type CopyProgress = { table: CopiedTable; copied: number; total: number };

export type CopyToPostgresOptions = {
  sourceFile: string;
  targetUrl: string;
  /** Rows per insert (default 5,000). */
  batchRows?: number;
  /** Approximate bytes per insert (default 16 MiB): a batch of large raw emails stays small in memory. */
  batchBytes?: number;
  onProgress?: (progress: CopyProgress) => void;
  /** Steps worth telling the operator (a migrated source, rows replaced in the target). */
  onNotice?: (line: string) => void;
};

export type CopyResult = {
  tables: { table: CopiedTable; rows: number }[];
  /** Rows the target held before (what a first start seeds: departments, topics, articles, the admin). */
  replaced: { table: CopiedTable; rows: number }[];
  /** U+0000 characters that PostgreSQL text cannot hold, written as U+FFFD. */
  repairedNulCharacters: number;
  /** Search documents PostgreSQL rebuilt after the commit. */
  searchDocuments: number;
  elapsedMs: number;
};

/** The copy cannot start (or would be unsafe): nothing in the target was changed. */
export class CopyRefusedError extends Error {}

const DEFAULT_BATCH_ROWS = 5_000;
const DEFAULT_BATCH_BYTES = 16 * 2 ** 20;

export async function copyToPostgres(options: CopyToPostgresOptions): Promise<CopyResult> {
  const started = Date.now();
  const notice = options.onNotice ?? (() => {});
  await migrateSource(options.sourceFile, notice);
  const source = new SQLite(options.sourceFile, { readonly: true, fileMustExist: true });
  try {
    refuseUnknownTables(source);
    const target = openDatabase({ kind: 'postgres', url: options.targetUrl });
    try {
      await migrateTarget(target.db, notice);
      const schema = await readTargetSchema(target.db);
      const problems = findOrderProblems(COPIED_TABLES, schema.references);
      if (problems.length > 0) throw new Error(`The copy order (copy-plan.ts) breaks foreign keys: ${problems.join('; ')}`);
      const repairs: RepairCounter = { nulCharacters: 0 };
      const copied = await target.db.transaction().execute(async (trx) => {
        await refuseTargetWithCases(trx);
        const replaced = await clearTarget(trx);
        for (const { table, rows } of replaced) notice(`Replacing the target's ${rows} row(s) of ${table}.`);
        // Index builds at the end get room to sort in memory (this transaction only).
        await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
        const recreate = await dropForeignKeysAndIndexes(trx, COPIED_TABLES);
        const tables = await copyTables(source, trx, schema, options, repairs);
        notice('Building indexes and checking foreign keys…');
        await recreate();
        await noteCasesForSearch(trx, schema);
        await resetSequences(trx, schema);
        await verifyCounts(trx, tables);
        return { tables, replaced };
      });
      await sql`analyze`.execute(target.db);
      const searchDocuments = await refreshSearchDocuments(target.db, 'postgres').catch((error: unknown) => {
        throw new Error(`The copy is committed, but rebuilding the search documents failed (the search indexer rebuilds them when a worker runs): ${String(error)}`, { cause: error });
      });
      return { ...copied, repairedNulCharacters: repairs.nulCharacters, searchDocuments, elapsedMs: Date.now() - started };
    } finally {
      await target.close();
    }
  } finally {
    source.close();
  }
}

/**
 * Brings the source to this release's schema (migrations only add, so a process of the previous
 * release still running on it is not disturbed); refuses a file that is not a Postdesk database
 * or that a newer release migrated, whose tables this release cannot know.
 */
async function migrateSource(file: string, notice: (line: string) => void): Promise<void> {
  if (!fs.existsSync(file)) throw new CopyRefusedError(`${file} does not exist.`);
  const handle = openDatabase({ kind: 'sqlite', file });
  try {
    const state = await readMigrationState(handle.db).catch(() => null);
    if (!state) throw new CopyRefusedError(`${file} is not a Postdesk database (it has no migration table).`);
    if (state.ahead.length > 0) {
      throw new CopyRefusedError(`${file} has migrations this release does not know (${state.ahead.join(', ')}): copy it with the release that applied them.`);
    }
    if (state.missing.length > 0) {
      await migrateToLatest(handle.db);
      notice(`Migrated the source to this release's schema: ${state.missing.join(', ')}.`);
    }
  } finally {
    await handle.close();
  }
}

function refuseUnknownTables(source: SQLite.Database): void {
  const names = source.prepare(`select name from sqlite_master where type = 'table' order by name`).pluck().all() as string[];
  const unknown = names.filter((name) => roleOfSqliteTable(name) === 'unknown');
  if (unknown.length > 0) {
    throw new CopyRefusedError(
      `The SQLite database has table(s) the copier does not know: ${unknown.join(', ')}. ` +
      'Nothing was copied; name them in src/modules/database-copy/copy-plan.ts (copied or derived) first.',
    );
  }
}

async function migrateTarget(db: Kysely<Database>, notice: (line: string) => void): Promise<void> {
  const result = await migrateToLatest(db);
  const applied = result.results?.map((r) => r.migrationName) ?? [];
  if (applied.length > 0) notice(`Migrated the target: ${applied.join(', ')}.`);
  const state = await readMigrationState(db);
  if (state.ahead.length > 0) {
    throw new CopyRefusedError(`The target has migrations this release does not know (${state.ahead.join(', ')}): copy with the release that applied them.`);
  }
}

/**
 * Two installations cannot be merged (case numbers, customers' and agents' emails would collide),
 * and replacing cases would destroy them, so a target with cases is refused outright; there is no
 * --force. A target without cases holds at most what a first start writes, which the copy replaces.
 */
async function refuseTargetWithCases(trx: Transaction<Database>): Promise<void> {
  const row = await trx.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(row.n) > 0) {
    throw new CopyRefusedError(`The target already holds ${row.n} case(s): copy into a new, empty PostgreSQL database (nothing was changed).`);
  }
}

async function clearTarget(trx: Transaction<Database>): Promise<{ table: CopiedTable; rows: number }[]> {
  const replaced: { table: CopiedTable; rows: number }[] = [];
  for (const table of COPIED_TABLES) {
    const rows = await countRows(trx, table);
    if (rows > 0) replaced.push({ table, rows });
  }
  // CASCADE also empties PostgreSQL-only tables derived from these (search data of the seed articles).
  if (replaced.length > 0) await sql`truncate table ${sql.join(COPIED_TABLES.map((table) => sql.table(table)))} restart identity cascade`.execute(trx);
  return replaced;
}

async function countRows(db: Kysely<Database> | Transaction<Database>, table: CopiedTable): Promise<number> {
  const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

const quoteSqliteName = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Copies every table inside one read transaction of the source (its snapshot); returns the source's row counts. */
async function copyTables(
  source: SQLite.Database, trx: Transaction<Database>, schema: TargetSchema, options: CopyToPostgresOptions, repairs: RepairCounter,
): Promise<{ table: CopiedTable; rows: number }[]> {
  source.exec('begin');
  try {
    const totals = COPIED_TABLES.map((table) => ({
      table, rows: Number(source.prepare(`select count(*) from ${quoteSqliteName(table)}`).pluck().get()),
    }));
    for (const { table, rows } of totals) await copyTable(source, trx, schema, table, rows, options, repairs);
    return totals;
  } finally {
    if (source.inTransaction) source.exec('rollback');
  }
}

async function copyTable(
  source: SQLite.Database, trx: Transaction<Database>, schema: TargetSchema, table: CopiedTable, total: number,
  options: CopyToPostgresOptions, repairs: RepairCounter,
): Promise<void> {
  const names = (source.prepare(`select name from pragma_table_info(?)`).pluck().all(table) as string[]);
  const targetColumns = schema.columns.get(table) ?? new Map();
  const columns: BulkColumn[] = names.map((name) => {
    const column = targetColumns.get(name);
    if (!column || column.generated) throw new CopyRefusedError(`${table}.${name} exists in the SQLite database but not (as a writable column) in PostgreSQL.`);
    return { name, type: column.type };
  });
  const converters = columns.map((column) => createValueConverter(column.type, `${table}.${column.name}`, repairs));
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const batchBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES;
  const rows = source.prepare(`select ${names.map(quoteSqliteName).join(', ')} from ${quoteSqliteName(table)}`).raw(true).iterate() as IterableIterator<unknown[]>;

  let inFlight: Promise<void> = Promise.resolve();
  let batch: unknown[][] = [];
  let bytes = 0;
  let copied = 0;
  const send = async () => {
    await inFlight;
    const rowsOfBatch = batch;
    const range = `rows ${copied - rowsOfBatch.length + 1}–${copied}`;
    // The next batch is read while PostgreSQL writes this one; a failure surfaces at the next await.
    inFlight = insertRowsThroughUnnest(trx, table, columns, rowsOfBatch).catch((error: unknown) => {
      throw new Error(`Copying ${table} failed (${range}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    inFlight.catch(() => {}); // awaited below; this only keeps it from counting as unhandled meanwhile
    batch = [];
    bytes = 0;
  };
  for (const row of rows) {
    const converted = row.map((value, index) => {
      bytes += approximateSize(value);
      return converters[index]!(value);
    });
    batch.push(converted);
    if (batch.length >= batchRows || bytes >= batchBytes) {
      copied += batch.length;
      await send();
      if (copied < total) options.onProgress?.({ table, copied, total });
    }
  }
  if (batch.length > 0) {
    copied += batch.length;
    await send();
  }
  await inFlight;
  options.onProgress?.({ table, copied, total });
}

/** Notes every case for the search indexer, where PostgreSQL keeps such a list. */
async function noteCasesForSearch(trx: Transaction<Database>, schema: TargetSchema): Promise<void> {
  if (!schema.columns.get('case_search_dirty')?.has('case_id')) return;
  await sql`insert into case_search_dirty (case_id) select id from cases on conflict do nothing`.execute(trx);
}

/** Sequences behind serial and identity columns continue after the copied values. */
async function resetSequences(trx: Transaction<Database>, schema: TargetSchema): Promise<void> {
  for (const table of COPIED_TABLES) {
    for (const [name, column] of schema.columns.get(table) ?? []) {
      if (!column.sequence) continue;
      await sql`select setval(${column.sequence}, coalesce((select max(${sql.ref(name)}) from ${sql.table(table)}), 0) + 1, false)`.execute(trx);
    }
  }
}

async function verifyCounts(trx: Transaction<Database>, expected: { table: CopiedTable; rows: number }[]): Promise<void> {
  const mismatches: string[] = [];
  for (const { table, rows } of expected) {
    const found = await countRows(trx, table);
    if (found !== rows) mismatches.push(`${table}: ${rows} in SQLite, ${found} in PostgreSQL`);
  }
  if (mismatches.length > 0) throw new Error(`Row counts differ after the copy (rolled back): ${mismatches.join('; ')}`);
}
