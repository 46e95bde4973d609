import { sql, type Kysely } from 'kysely';

/** A column of a bulk insert: its name and its PostgreSQL type as `format_type` spells it (`text`, `timestamp with time zone`…). */
export type BulkColumn = { name: string; type: string };

/** A type name as the catalogue or our own code writes it; never text from rows. */
const TYPE_NAME = /^[a-z][a-z0-9 _]*(\([0-9, ]+\))?$/;

/**
 * Inserts many rows in one statement: one array parameter per column, zipped back into rows by
 * `unnest`. A multi-row `values (…), (…)` needs a parameter per value (at most 65,535 per
 * statement, each bound and parsed on its own); arrays carry any number of rows in
 * `columns.length` parameters. `overriding system value` keeps identity columns' values as given.
 * Rows are arrays in the order of `columns`; values are written as for any Kysely insert
 * (dialect-helpers.ts: ISO time strings, JSON text, booleans, Buffers for bytea).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function insertRowsThroughUnnest(db: Kysely<any>, table: string, columns: readonly BulkColumn[], rows: readonly (readonly unknown[])[]): Promise<void> {
  if (rows.length === 0) return;
  for (const column of columns) {
    if (!TYPE_NAME.test(column.type)) throw new Error(`${table}.${column.name}: unexpected type name ${JSON.stringify(column.type)}`);
  }
  const arrays = columns.map((column, index) => sql`${rows.map((row) => row[index] ?? null)}::${sql.raw(column.type)}[]`);
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column.name)))}) overriding system value
    select * from unnest(${sql.join(arrays)})`.execute(db);
}
