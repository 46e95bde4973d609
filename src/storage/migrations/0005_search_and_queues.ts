import { PostgresAdapter, sql, type Kysely, type SqlBool } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Agent console: full-text search over cases, and indexes that keep queue counts and pages cheap.
 *
 * Search (SQLite only). `case_search` is a contentless FTS5 table with one document per case
 * (subject, message text visible and full, customer name and email, tracking numbers, case
 * number). `case_search_docs` numbers the documents by creation time (seconds × 4096 + a
 * sequence within the second), so the index lists matches newest first. Triggers on every table a
 * document is made of rebuild the document inside the writing transaction, so no writer has to
 * remember to index. `unicode61 remove_diacritics 2` folds case and diacritics ("Ștefan" ~
 * "stefan"); prefix indexes of 2 and 3 characters keep typing-as-you-go prefix queries cheap.
 * PostgreSQL: the PostgreSQL issue adds a tsvector column with a GIN index instead; nothing here.
 *
 * Queues. Work queues list open cases (new, open, pending_customer); the SLA queues (due soon,
 * breached) list cases still awaiting their first answer (new, open, not yet answered). Partial
 * indexes match those definitions literally (src/modules/cases/case-queues.ts), so counts read
 * one index range and pages read `limit` entries in either order (newest first or by due time).
 * Each also holds the columns its count reads, so counts never touch the table. The SLA indexes
 * lead with `first_responded_at`, always null in them: `is null` is an equality the planner can
 * use, so without ANALYZE statistics it still prefers them to the older `cases_status_due`.
 */

const OPEN = `status in ('new', 'open', 'pending_customer')`;
const AWAITING_FIRST_RESPONSE = `first_responded_at is null and status in ('new', 'open')`;

/** Seconds since the epoch of an ISO-8601 time column, in SQL (null if unparseable). */
const epochSeconds = (column: string) => `unixepoch(${column})`;

/**
 * The document id of a new case: the next free id in its second's block of 4096; past the
 * block's end (4096 cases created in one second, an import) the next id overall; NULL (SQLite
 * then picks the next rowid) for an unparseable creation time. Seconds rather than milliseconds
 * keep the gaps between ids, and so the index's rowid deltas, small.
 */
const NEW_DOC_ID = `
  select case when last is null then base when last < base + 4095 then last + 1
              else (select max(doc_id) + 1 from case_search_docs) end
  from (select base, (select max(doc_id) from case_search_docs where doc_id between base and base + 4095) as last
        from (select ${epochSeconds('new.created_at')} * 4096 as base))`;

/** Rewrites the search documents of the cases `where` selects (alias `c` for cases). */
function refreshDocuments(where: string): string {
  return `
    insert or replace into case_search (rowid, number, subject, customer, tracking, body)
    select d.doc_id, c.number, c.subject, cu.name || ' ' || cu.email,
      coalesce((select group_concat(t.number, ' ') from case_tracking_numbers t where t.case_id = c.id), ''),
      coalesce((select group_concat(case when m.full_text is null or m.full_text = m.text then m.text
                                         else m.text || char(10) || m.full_text end, char(10))
                from messages m where m.case_id = c.id), '')
    from cases c
    join case_search_docs d on d.case_id = c.id
    join customers cu on cu.id = c.customer_id
    where ${where}`;
}

const SQLITE_SEARCH_TRIGGERS: Record<string, string> = {
  case_search_case_inserted: `after insert on cases begin
    insert into case_search_docs (doc_id, case_id) values ((${NEW_DOC_ID}), new.id);
    ${refreshDocuments('c.id = new.id')}; end`,
  case_search_case_updated: `after update of number, subject, customer_id on cases begin
    ${refreshDocuments('c.id = new.id')}; end`,
  case_search_case_deleted: `after delete on cases begin
    delete from case_search where rowid = (select doc_id from case_search_docs where case_id = old.id);
    delete from case_search_docs where case_id = old.id; end`,
  case_search_message_inserted: `after insert on messages begin
    ${refreshDocuments('c.id = new.case_id')}; end`,
  case_search_message_updated: `after update of text, full_text, case_id on messages begin
    ${refreshDocuments('c.id in (new.case_id, old.case_id)')}; end`,
  case_search_message_deleted: `after delete on messages begin
    ${refreshDocuments('c.id = old.case_id')}; end`,
  case_search_tracking_inserted: `after insert on case_tracking_numbers begin
    ${refreshDocuments('c.id = new.case_id')}; end`,
  case_search_tracking_updated: `after update on case_tracking_numbers begin
    ${refreshDocuments('c.id in (new.case_id, old.case_id)')}; end`,
  case_search_tracking_deleted: `after delete on case_tracking_numbers begin
    ${refreshDocuments('c.id = old.case_id')}; end`,
  case_search_customer_updated: `after update of name, email on customers begin
    ${refreshDocuments('c.customer_id = new.id')}; end`,
};

const QUEUE_INDEXES: { name: string; columns: string[]; where: string }[] = [
  { name: 'cases_open_department_created', columns: ['department_id', 'created_at', 'id', 'status'], where: OPEN },
  { name: 'cases_open_department_due', columns: ['department_id', 'first_response_due_at', 'id', 'status'], where: OPEN },
  { name: 'cases_open_assignee_created', columns: ['assignee_id', 'created_at', 'id', 'status'], where: OPEN },
  { name: 'cases_open_assignee_due', columns: ['assignee_id', 'first_response_due_at', 'id', 'status'], where: OPEN },
  { name: 'cases_awaiting_due', columns: ['first_responded_at', 'first_response_due_at', 'id', 'status'], where: AWAITING_FIRST_RESPONSE },
  { name: 'cases_awaiting_created', columns: ['first_responded_at', 'created_at', 'id', 'first_response_due_at', 'status'], where: AWAITING_FIRST_RESPONSE },
];

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;

  for (const index of QUEUE_INDEXES) {
    await db.schema.createIndex(index.name).on('cases').columns(index.columns).where(sql.raw<SqlBool>(index.where)).execute();
  }
  // Every case in due order (sort=due without a queue); a department's cases newest first
  // (the `department` filter without a queue).
  await db.schema.createIndex('cases_due').on('cases').columns(['first_response_due_at', 'id']).execute();
  await db.schema.createIndex('cases_department_created').on('cases').columns(['department_id', 'created_at', 'id']).execute();

  if (pg) return;

  await db.schema
    .createTable('case_search_docs')
    .addColumn('doc_id', 'integer', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().unique())
    .execute();
  await sql`create virtual table case_search using fts5(
    number, subject, customer, tracking, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
  )`.execute(db);

  // Backfill: number the documents of existing cases as the trigger would (ties in a second by
  // creation time and id; a block overflow or an unparseable time goes after the rest), then
  // build them all.
  await sql.raw(`insert into case_search_docs (doc_id, case_id)
    select second * 4096 + seq, id from (
      select id, second, row_number() over (partition by second order by created_at, id) - 1 as seq
      from (select id, created_at, ${epochSeconds('created_at')} as second from cases))
    where second is not null and seq < 4096`).execute(db);
  await sql.raw(`insert into case_search_docs (doc_id, case_id)
    select (select coalesce(max(doc_id), 0) from case_search_docs) + row_number() over (order by created_at, id), id
    from cases where id not in (select case_id from case_search_docs)`).execute(db);
  await sql.raw(`${refreshDocuments('1 = 1')} order by d.doc_id`).execute(db);

  for (const [name, body] of Object.entries(SQLITE_SEARCH_TRIGGERS)) {
    await sql.raw(`create trigger ${name} ${body}`).execute(db);
  }
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (!pg) {
    for (const name of Object.keys(SQLITE_SEARCH_TRIGGERS)) await sql.raw(`drop trigger ${name}`).execute(db);
    await sql`drop table case_search`.execute(db);
    await db.schema.dropTable('case_search_docs').execute();
  }
  await db.schema.dropIndex('cases_department_created').execute();
  await db.schema.dropIndex('cases_due').execute();
  for (const index of QUEUE_INDEXES) await db.schema.dropIndex(index.name).execute();
}
