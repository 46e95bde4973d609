import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Search documents are rebuilt in batches instead of inside every writing transaction (SQLite).
 *
 * Migration 0005's triggers rebuilt a case's FTS5 document on every write that touched it: three
 * times for a new case (the case, its tracking numbers, its first message), and each rebuild in its
 * own transaction wrote a new FTS5 segment that automerge then had to fold in. That was a quarter
 * to a third of the CPU of opening a case. Now the same triggers only note the case in
 * `case_search_dirty`; `refreshSearchDocuments` (src/modules/search) rebuilds the noted documents
 * many at a time — from the worker's indexer every few hundred milliseconds, and before every
 * search, so an agent always finds what was just written.
 *
 * A case's document id is still assigned by the insert trigger (it orders the index by creation
 * time); a deleted case still leaves the index at once (a deleted document must never match).
 */

const MARK = (caseId: string) => `insert or ignore into case_search_dirty (case_id) values (${caseId})`;

const TRIGGERS_OF_0005 = [
  'case_search_case_inserted', 'case_search_case_updated', 'case_search_case_deleted',
  'case_search_message_inserted', 'case_search_message_updated', 'case_search_message_deleted',
  'case_search_tracking_inserted', 'case_search_tracking_updated', 'case_search_tracking_deleted',
  'case_search_customer_updated',
];

/** The document id of a new case: as in 0005 (seconds × 4096 + a sequence within the second). */
const NEW_DOC_ID = `
  select case when last is null then base when last < base + 4095 then last + 1
              else (select max(doc_id) + 1 from case_search_docs) end
  from (select base, (select max(doc_id) from case_search_docs where doc_id between base and base + 4095) as last
        from (select unixepoch(new.created_at) * 4096 as base))`;

const MARKING_TRIGGERS: Record<string, string> = {
  case_search_case_inserted: `after insert on cases begin
    insert into case_search_docs (doc_id, case_id) values ((${NEW_DOC_ID}), new.id);
    ${MARK('new.id')}; end`,
  case_search_case_updated: `after update of number, subject, customer_id on cases begin ${MARK('new.id')}; end`,
  case_search_case_deleted: `after delete on cases begin
    delete from case_search where rowid = (select doc_id from case_search_docs where case_id = old.id);
    delete from case_search_docs where case_id = old.id;
    delete from case_search_dirty where case_id = old.id; end`,
  case_search_message_inserted: `after insert on messages begin ${MARK('new.case_id')}; end`,
  case_search_message_updated: `after update of text, full_text, case_id on messages begin
    ${MARK('new.case_id')}; ${MARK('old.case_id')}; end`,
  case_search_message_deleted: `after delete on messages begin ${MARK('old.case_id')}; end`,
  case_search_tracking_inserted: `after insert on case_tracking_numbers begin ${MARK('new.case_id')}; end`,
  case_search_tracking_updated: `after update on case_tracking_numbers begin ${MARK('new.case_id')}; ${MARK('old.case_id')}; end`,
  case_search_tracking_deleted: `after delete on case_tracking_numbers begin ${MARK('old.case_id')}; end`,
  case_search_customer_updated: `after update of name, email on customers begin
    insert or ignore into case_search_dirty (case_id) select id from cases where customer_id = new.id; end`,
};

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`create table case_search_dirty (case_id text primary key) without rowid`.execute(db);
  for (const name of TRIGGERS_OF_0005) await sql.raw(`drop trigger ${name}`).execute(db);
  for (const [name, body] of Object.entries(MARKING_TRIGGERS)) await sql.raw(`create trigger ${name} ${body}`).execute(db);
}

/** 0005's document rebuild, for `down` (a frozen migration carries its own copy). */
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

/** The rebuild-in-place triggers of 0005, restored by `down`. */
const REBUILDING_TRIGGERS: Record<string, string> = {
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

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  // Documents still waiting for the indexer are rebuilt now: 0005 expects them current.
  await sql.raw(`${refreshDocuments('c.id in (select case_id from case_search_dirty)')} order by d.doc_id`).execute(db);
  for (const name of TRIGGERS_OF_0005) await sql.raw(`drop trigger ${name}`).execute(db);
  await sql`drop table case_search_dirty`.execute(db);
  for (const [name, body] of Object.entries(REBUILDING_TRIGGERS)) await sql.raw(`create trigger ${name} ${body}`).execute(db);
}
