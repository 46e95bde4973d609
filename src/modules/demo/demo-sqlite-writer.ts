import SQLite from 'better-sqlite3';
import { FORGET_NOTED_DOCUMENTS_SQL, REFRESH_NOTED_DOCUMENTS_SQL } from '../search/index.js';
import { CATALOGUE_SQL, type AgentRow, type CaseRow, type Catalogue, type DemoRowSink, type DemoWriter, type EventRow } from './demo-writer.js';

/**
 * Writes demo rows into a SQLite file with prepared better-sqlite3 statements in large synchronous
 * transactions — into the real tables, with foreign keys on, so every constraint and trigger of the
 * schema applies as for cases that arrive through intake. Within a transaction foreign keys are
 * deferred (checked at commit), so a batch's messages and tracking numbers are written as they are
 * generated, before its case rows. One transaction per batch. The triggers only note which search documents are out of date
 * (migration 0013); each batch then rebuilds its documents in one statement with the same SQL the
 * search indexer runs, so a million documents cost one FTS5 segment per batch.
 */
export function openDemoSqliteWriter(file: string): DemoWriter {
  const sqlite = new SQLite(file);
  // Demo data can be regenerated: skip fsyncs and give the indexes a large page cache.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -524288');
  sqlite.pragma('foreign_keys = ON');
  const statements = prepareStatements(sqlite);
  const pending: { cases: CaseRow[]; events: EventRow[] } = { cases: [], events: [] };
  const sink: DemoRowSink = {
    customer: ([id, email, name, phone, language, registered, createdAt, updatedAt]) => {
      statements.customer.run(id, email, name, phone, language, registered ? 1 : 0, createdAt, updatedAt);
    },
    caseRow: (row) => pending.cases.push(row),
    message: (row) => statements.message.run(...row),
    tracking: (row) => statements.tracking.run(...row),
    event: (row) => pending.events.push(row),
  };
  const writeBatch = sqlite.transaction((generate: (sink: DemoRowSink) => void) => {
    sqlite.pragma('defer_foreign_keys = ON');
    generate(sink);
    statements.cases.run(JSON.stringify(pending.cases));
    for (const row of pending.events) statements.event.run(...row);
    const batch = Math.max(1, pending.cases.length);
    pending.cases = [];
    pending.events = [];
    // Every document this batch noted (and any noted before it) is rebuilt before the commit.
    while (statements.anyNoted.get() === 1) {
      statements.refreshNoted.run(batch);
      statements.forgetNoted.run(batch);
    }
  });
  return {
    countCases: async () => Number(sqlite.prepare('select count(*) from cases').pluck().get()),
    caseNumbers: async () => new Set(sqlite.prepare('select number from cases').pluck().all() as string[]),
    readCatalogue: async () => {
      const topics = sqlite.prepare(CATALOGUE_SQL).all() as Catalogue['topics'];
      const triage = sqlite.prepare(`select id from departments where slug = 'triage'`).pluck().get() as string | undefined;
      return { topics, triageDepartmentId: triage ?? null };
    },
    insertAgents: async (rows: readonly AgentRow[]) => {
      const insert = sqlite.prepare(`insert into agents (id, email, name, role, password_hash, active, failed_logins, locked_until, created_at)
        values (?, ?, ?, ?, ?, 1, 0, null, ?) on conflict (email) do nothing`);
      const find = sqlite.prepare('select id from agents where email = ?').pluck();
      for (const row of rows) insert.run(row.id, row.email, row.name, row.role, row.passwordHash, row.createdAt);
      return new Map(rows.map((row) => [row.email, String(find.get(row.email))]));
    },
    writeBatches: async (batches, generate, onWritten) => {
      for (let index = 0; index < batches; index += 1) {
        writeBatch((sink) => generate(sink, index));
        onWritten(index);
      }
    },
    finish: async () => {
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    },
    close: async () => {
      sqlite.close();
    },
  };
}

function prepareStatements(sqlite: SQLite.Database) {
  return {
    customer: sqlite.prepare(`insert into customers (id, email, name, phone, address, language, registered, created_at, updated_at)
      values (?, ?, ?, ?, null, ?, ?, ?, ?)`),
    // One statement for a batch of cases: FTS5 flushes its pending documents at every statement
    // savepoint, so a statement per case would write a tiny index segment per case and merge
    // them all again (measured: 4× the cost of the documents themselves).
    cases: sqlite.prepare(`insert into cases (id, number, customer_id, topic_id, department_id, assignee_id, status, priority, channel, subject, language,
      first_response_due_at, first_responded_at, created_at, updated_at, resolved_at)
      select ${Array.from({ length: 16 }, (_, i) => `json_extract(value, '$[${i}]')`).join(', ')} from json_each(?) order by key`),
    message: sqlite.prepare(`insert into messages (id, case_id, direction, channel, author_type, author_id, subject, text, html, email_message_id,
      created_at, full_text, sender_email) values (?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, null, ?)`),
    tracking: sqlite.prepare(`insert into case_tracking_numbers (case_id, number, carrier, valid) values (?, ?, 'usps', 1)`),
    event: sqlite.prepare(`insert into case_events (id, case_id, type, actor_type, actor_id, data, created_at) values (?, ?, ?, ?, ?, ?, ?)`),
    refreshNoted: sqlite.prepare(REFRESH_NOTED_DOCUMENTS_SQL.replace('?1', '?')),
    forgetNoted: sqlite.prepare(FORGET_NOTED_DOCUMENTS_SQL.replace('?1', '?')),
    anyNoted: sqlite.prepare(`select exists (select 1 from case_search_dirty)`).pluck(),
  };
}
