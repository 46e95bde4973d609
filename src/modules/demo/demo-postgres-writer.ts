import { sql, type Transaction } from 'kysely';
import type { Database } from '../../storage/database.js';
import { openDatabase } from '../../storage/db.js';
import { dropForeignKeysAndIndexes, insertRowsThroughUnnest, type BulkColumn } from '../../storage/dialects/postgres-bulk-load.js';
import { refreshSearchDocuments } from '../search/index.js';
import {
  CATALOGUE_SQL, type AgentRow, type CaseRow, type Catalogue, type CustomerRow, type DemoRowSink, type DemoWriter, type EventRow, type MessageRow, type TrackingRow,
} from './demo-writer.js';

const TIME = 'timestamp with time zone';
const columns = (spec: string): BulkColumn[] => spec.split(',').map((pair) => {
  const [name, type] = pair.trim().split(':');
  return { name: name!, type: type === 'time' ? TIME : type! };
});

const CUSTOMER_COLUMNS = columns('id:text, email:text, name:text, phone:text, language:text, registered:boolean, created_at:time, updated_at:time');
const CASE_COLUMNS = columns(`id:text, number:text, customer_id:text, topic_id:text, department_id:text, assignee_id:text, status:text, priority:text,
  channel:text, subject:text, language:text, first_response_due_at:time, first_responded_at:time, created_at:time, updated_at:time, resolved_at:time`);
const MESSAGE_COLUMNS = columns(`id:text, case_id:text, direction:text, channel:text, author_type:text, author_id:text, subject:text, text:text,
  email_message_id:text, created_at:time, sender_email:text`);
const TRACKING_COLUMNS = columns('case_id:text, number:text, carrier:text, valid:boolean');
const EVENT_COLUMNS = columns('id:text, case_id:text, type:text, actor_type:text, actor_id:text, data:jsonb, created_at:time');

type Batch = { customers: CustomerRow[]; cases: CaseRow[]; messages: MessageRow[]; tracking: (readonly [...TrackingRow, string, boolean])[]; events: EventRow[] };

/** The tables the generator fills, parents first: PostgreSQL checks foreign keys at each insert. */
const TABLES = ['customers', 'cases', 'messages', 'case_tracking_numbers', 'case_events'] as const;

/**
 * Writes demo rows into PostgreSQL in one transaction: a batch is collected, then each table's
 * rows go in one `insert … select from unnest(…)`, written while the generator makes the next
 * batch, so node and the server work side by side. The five tables' foreign keys and secondary
 * indexes are dropped for the load and rebuilt before the commit (two to three times faster than
 * maintaining them row by row); in one transaction, nobody sees them bare, and a failure leaves the
 * database as it was. The commit skips the wait for the WAL flush (`synchronous_commit = off`, this
 * transaction only): demo data can be generated again. Search documents are brought up to date at
 * the end, through the search module.
 */
export function openDemoPostgresWriter(url: string): DemoWriter {
  const database = openDatabase({ kind: 'postgres', url });
  const db = database.db;

  const write = async (trx: Transaction<Database>, batch: Batch) => {
    await insertRowsThroughUnnest(trx, 'customers', CUSTOMER_COLUMNS, batch.customers);
    await insertRowsThroughUnnest(trx, 'cases', CASE_COLUMNS, batch.cases);
    await insertRowsThroughUnnest(trx, 'messages', MESSAGE_COLUMNS, batch.messages);
    await insertRowsThroughUnnest(trx, 'case_tracking_numbers', TRACKING_COLUMNS, batch.tracking);
    await insertRowsThroughUnnest(trx, 'case_events', EVENT_COLUMNS, batch.events);
  };

  return {
    countCases: async () => Number((await db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    caseNumbers: async () => new Set((await db.selectFrom('cases').select('number').execute()).map((row) => row.number)),
    readCatalogue: async () => {
      const topics = (await sql.raw<Catalogue['topics'][number]>(CATALOGUE_SQL).execute(db)).rows;
      const triage = await db.selectFrom('departments').select('id').where('slug', '=', 'triage').executeTakeFirst();
      return { topics, triageDepartmentId: triage?.id ?? null };
    },
    insertAgents: async (rows: readonly AgentRow[]) => {
      await db.insertInto('agents')
        .values(rows.map((row) => ({
          id: row.id, email: row.email, name: row.name, role: row.role, password_hash: row.passwordHash, active: true, failed_logins: 0, locked_until: null, created_at: row.createdAt,
        })))
        .onConflict((conflict) => conflict.column('email').doNothing())
        .execute();
      const found = await db.selectFrom('agents').select(['id', 'email']).where('email', 'in', rows.map((row) => row.email)).execute();
      return new Map(found.map((row) => [row.email, row.id]));
    },
    writeBatches: (batches, generate, onWritten) => db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx);
      await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
      const rebuild = await dropForeignKeysAndIndexes(trx, TABLES);
      let inFlight: Promise<void> = Promise.resolve();
      for (let index = 0; index < batches; index += 1) {
        const batch = collect((sink) => generate(sink, index));
        await inFlight;
        if (index > 0) onWritten(index - 1);
        inFlight = write(trx, batch);
        inFlight.catch(() => {}); // awaited before the next batch is handed over
      }
      await inFlight;
      if (batches > 0) onWritten(batches - 1);
      await rebuild();
    }),
    finish: async () => {
      await refreshSearchDocuments(db, 'postgres');
      // Fresh planner statistics, so the first queries on a million cases use their indexes.
      await sql`analyze`.execute(db);
    },
    close: () => database.close(),
  };
}

function collect(generate: (sink: DemoRowSink) => void): Batch {
  const batch: Batch = { customers: [], cases: [], messages: [], tracking: [], events: [] };
  generate({
    customer: (row) => batch.customers.push(row),
    caseRow: (row) => batch.cases.push(row),
    message: (row) => batch.messages.push(row),
    tracking: ([caseId, number]) => batch.tracking.push([caseId, number, 'usps', true]),
    event: (row) => batch.events.push(row),
  });
  return batch;
}
