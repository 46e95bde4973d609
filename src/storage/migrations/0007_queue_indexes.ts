import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Indexes the agent console needed once measured on a million cases (bench/console-queries.ts).
 *
 * - `cases_status_created`: a status filter without a queue (`GET /api/v1/cases?status=resolved`),
 *   newest first. `cases_status_due` leads with status too but is ordered by due time, so SQLite
 *   read every case of that status and sorted them (≈ 0.3 s with 170,000 cases generated); with
 *   `created_at, id` after the status a page reads `limit` entries in order.
 * - `attachments_case`: the case view lists a case's attachments by `case_id`, which no index
 *   covered (only `message_id` was), so every case view scanned the whole attachments table.
 * - `case_search_vocab` (SQLite): the words of the search index, so a search's last word typed in
 *   full (`delivered`) can be matched as the few indexed words it begins rather than as an FTS5
 *   prefix query, which merges every posting of those words first (≈ 0.2 s at a million cases);
 *   see `prefixTokenOf` in src/modules/search. Virtual, so it stores nothing.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('cases_status_created').on('cases').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('attachments_case').on('attachments').columns(['case_id', 'id']).execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`create virtual table case_search_vocab using fts5vocab(case_search, instance)`.execute(db);
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) await sql`drop table case_search_vocab`.execute(db);
  await db.schema.dropIndex('attachments_case').execute();
  await db.schema.dropIndex('cases_status_created').execute();
}
