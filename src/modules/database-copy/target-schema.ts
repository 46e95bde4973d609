import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../storage/database.js';

export type TargetColumn = {
  /** As `format_type` spells it: `text`, `boolean`, `timestamp with time zone`, `jsonb`, `bytea`… */
  type: string;
  /** Computed by PostgreSQL (`generated always as … stored`): never written. */
  generated: boolean;
  /** The sequence of a serial or identity column, to continue after the copied values. */
  sequence: string | null;
};

export type TargetSchema = {
  /** Columns of every table in the current schema, by table and column name. */
  columns: Map<string, Map<string, TargetColumn>>;
  /** Foreign keys: `table` has a column referencing `referenced`. */
  references: { table: string; referenced: string }[];
};

/** Reads the PostgreSQL catalogue: what the copy writes into, and the order foreign keys impose. */
export async function readTargetSchema(db: Kysely<Database>): Promise<TargetSchema> {
  const columns = await sql<{ table: string; column: string; type: string; generated: boolean; sequence: string | null }>`
    select c.relname as "table", a.attname as "column", format_type(a.atttypid, a.atttypmod) as "type",
      a.attgenerated <> '' as "generated", pg_get_serial_sequence(format('%I', c.relname), a.attname) as "sequence"
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped`.execute(db);
  const references = await sql<{ table: string; referenced: string }>`
    select child.relname as "table", parent.relname as "referenced"
    from pg_constraint k
    join pg_class child on child.oid = k.conrelid
    join pg_class parent on parent.oid = k.confrelid
    join pg_namespace n on n.oid = k.connamespace
    where k.contype = 'f' and n.nspname = current_schema()`.execute(db);
  const byTable = new Map<string, Map<string, TargetColumn>>();
  for (const row of columns.rows) {
    const table = byTable.get(row.table) ?? new Map<string, TargetColumn>();
    table.set(row.column, { type: row.type, generated: row.generated, sequence: row.sequence });
    byTable.set(row.table, table);
  }
  return { columns: byTable, references: references.rows };
}

/**
 * Drops the foreign keys and secondary indexes of `tables` and returns what recreates them. A bulk
 * load into bare tables, then one index build and one validating join per constraint, is two to
 * three times faster than checking and indexing row by row (measured on case events). Run both
 * inside the copy's transaction: a failure rolls the drops back too. Primary keys and unique
 * constraints stay (other constraints lean on them).
 */
export async function dropForeignKeysAndIndexes(trx: Transaction<Database>, tables: readonly string[]): Promise<() => Promise<void>> {
  const foreignKeys = await sql<{ table: string; name: string; definition: string }>`
    select k.conrelid::regclass::text as "table", quote_ident(k.conname) as "name", pg_get_constraintdef(k.oid) as "definition"
    from pg_constraint k
    where k.contype = 'f' and k.conrelid = any(${tables}::regclass[])
    order by k.conrelid::regclass::text, k.conname`.execute(trx);
  const indexes = await sql<{ name: string; definition: string }>`
    select i.indexrelid::regclass::text as "name", pg_get_indexdef(i.indexrelid) as "definition"
    from pg_index i
    where i.indrelid = any(${tables}::regclass[])
      and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.contype in ('p', 'u', 'x'))
    order by 1`.execute(trx);
  for (const key of foreignKeys.rows) await sql.raw(`alter table ${key.table} drop constraint ${key.name}`).execute(trx);
  for (const index of indexes.rows) await sql.raw(`drop index ${index.name}`).execute(trx);
  return async () => {
    for (const index of indexes.rows) await sql.raw(index.definition).execute(trx);
    for (const key of foreignKeys.rows) await sql.raw(`alter table ${key.table} add constraint ${key.name} ${key.definition}`).execute(trx);
  };
}
