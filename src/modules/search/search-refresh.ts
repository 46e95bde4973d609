import { sql, type Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import type { Dialect } from '../../storage/dialect-helpers.js';
import { rebuildDocumentsQuery } from './search-postgres.js';

/**
 * Search documents are rebuilt in batches (migrations 0013 on SQLite, 0014 on PostgreSQL): writes
 * only note a case in `case_search_dirty`; this rebuilds the noted documents, many in one write
 * (one FTS5 segment; one statement of tsvectors).
 */

/** Cases rebuilt per transaction: large enough to amortise an FTS5 segment, small enough to keep a write short. */
export const SEARCH_REFRESH_BATCH = 1_000;

/**
 * SQLite: rebuilds the documents of the first `?` noted cases, then forgets them: run both
 * statements in one transaction. Plain SQL with one positional parameter, so the bulk demo generator can run the
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
 * indexer. Each batch is its own short transaction, so writers wait at most one batch (on
 * PostgreSQL only writers of the cases in that batch wait).
 */
export async function refreshSearchDocuments(db: Kysely<Database>, dialect: Dialect, batch = SEARCH_REFRESH_BATCH): Promise<number> {
  const size = Math.max(1, Math.trunc(batch));
  if (dialect === 'postgres') return refreshOnPostgres(db, size);
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

/**
 * One key for every process's rebuilds (`pg_advisory_xact_lock`): rebuilds take turns a batch at a
 * time, so a search that catches up waits for the batch the worker's indexer is writing (and then
 * finds it) instead of passing over notes that batch has claimed but not committed.
 */
export const SEARCH_REFRESH_LOCK = 7_305_418_932_001;

/**
 * PostgreSQL: each batch claims notes and deletes them in one statement (`for update skip locked`
 * passes over the notes of writes not yet committed: their triggers hold the note's lock, see
 * migration 0014), then rebuilds the claimed documents in a second statement, whose snapshot holds
 * every write committed before the claim. A write after the claim waits for this transaction to
 * end and notes its case again. The cheap check first keeps a search's catch-up to one query when
 * nothing is noted; a note being rebuilt by another process still shows until it commits.
 */
async function refreshOnPostgres(db: Kysely<Database>, size: number): Promise<number> {
  let refreshed = 0;
  for (;;) {
    const noted = await sql<{ noted: boolean }>`select exists (select 1 from case_search_dirty) as noted`.execute(db);
    if (!noted.rows[0]?.noted) return refreshed;
    const done = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${SEARCH_REFRESH_LOCK})`.execute(trx);
      const claimed = await sql<{ case_id: string }>`
        delete from case_search_dirty where case_id in (
          select case_id from case_search_dirty order by case_id limit ${size} for update skip locked)
        returning case_id`.execute(trx);
      const ids = claimed.rows.map((row) => row.case_id);
      if (ids.length > 0) await rebuildDocumentsQuery(ids).execute(trx);
      return ids.length;
    });
    refreshed += done;
    if (done < size) return refreshed;
  }
}
