import type { Kysely } from 'kysely';

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
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('cases_status_created').on('cases').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('attachments_case').on('attachments').columns(['case_id', 'id']).execute();
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('attachments_case').execute();
  await db.schema.dropIndex('cases_status_created').execute();
}
