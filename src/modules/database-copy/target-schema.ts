import { sql, type Kysely } from 'kysely';
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

