import { sql, type Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import type { Dialect } from '../../storage/dialect-helpers.js';

/**
 * Search documents are rebuilt in batches (migration 0013): writes only note a case in
 * `case_search_dirty`; this rebuilds the noted documents, many in one FTS5 write. SQLite only —
 * PostgreSQL keeps a tsvector in step instead (the PostgreSQL issue).
 */

/** Cases rebuilt per transaction: large enough to amortise an FTS5 segment, small enough to keep a write short. */
export const SEARCH_REFRESH_BATCH = 1_000;

/**
 * Rebuilds the documents of the first `?` noted cases, then forgets them: run both statements in
 * one transaction. Plain SQL with one positional parameter, so the bulk demo generator can run the
 * same text as a prepared statement.
 */
export const REFRESH_NOTED_DOCUMENTS_SQL = `
  insert or replace into case_search (rowid, number, subject, customer, tracking, body)
  select d.doc_id, c.number, c.subject, cu.name || ' ' || cu.email,
    coalesce((select group_concat(t.number, ' ') from case_tracking_numbers t where t.case_id = c.id), ''),
    coalesce((select group_concat(case when m.full_text is null or m.full_text = m.text then m.text
                                       else m.text || char(10) || m.full_text end, char(10))
              from messages m where m.case_id = c.id), '')
  from (select case_id from case_search_dirty order by case_id limit ?1) noted
  join cases c on c.id = noted.case_id
  join case_search_docs d on d.case_id = c.id
  join customers cu on cu.id = c.customer_id
  order by d.doc_id`;

export const FORGET_NOTED_DOCUMENTS_SQL = `
  delete from case_search_dirty where case_id in (select case_id from case_search_dirty order by case_id limit ?1)`;

/**
 * Brings every noted search document up to date; returns how many cases were rebuilt. Searches
 * call it first, so an agent finds what was written a moment ago even in a process without the
 * indexer. Each batch is its own short transaction, so writers wait at most one batch.
 */
export async function refreshSearchDocuments(db: Kysely<Database>, dialect: Dialect, batch = SEARCH_REFRESH_BATCH): Promise<number> {
  if (dialect !== 'sqlite') return 0;
  const size = Math.max(1, Math.trunc(batch));
  const limit = String(size);
  let refreshed = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const noted = await sql<{ n: number }>`select count(*) as n from (select 1 from case_search_dirty limit ${sql.raw(limit)})`.execute(trx);
      const count = Number(noted.rows[0]?.n ?? 0);
      if (count === 0) return 0;
      await sql.raw(REFRESH_NOTED_DOCUMENTS_SQL.replaceAll('?1', limit)).execute(trx);
      await sql.raw(FORGET_NOTED_DOCUMENTS_SQL.replaceAll('?1', limit)).execute(trx);
      return count;
    });
    refreshed += done;
    if (done < size) return refreshed;
  }
}
