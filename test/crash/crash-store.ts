/**
 * What the crash test reads from the store the killed servers wrote, as Kysely queries that run the
 * same on SQLite and PostgreSQL (through test/database-reader.ts: a connection of the test's own).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/storage/database.js';
import { fromDbJson } from '../../src/storage/dialect-helpers.js';

type Db = Kysely<Database>;

/** Counts the drain loop watches: stored, finished (processed or ignored), unfinished jobs, cases opened. */
export async function readProgress(db: Db): Promise<{ inbound: number; finished: number; openJobs: number; cases: number }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('inbound_messages').select(eb.fn.countAll().as('n')).as('inbound'),
      eb.selectFrom('inbound_messages').select(eb.fn.countAll().as('n')).where('status', 'in', ['processed', 'ignored']).as('finished'),
      eb.selectFrom('jobs').select(eb.fn.countAll().as('n')).where('status', 'in', ['queued', 'running']).as('openJobs'),
      eb.selectFrom('inbound_messages').select(eb.fn.countAll().as('n')).where('status', '=', 'processed').where('case_id', 'is not', null).as('cases'),
    ])
    .executeTakeFirstOrThrow();
  return { inbound: Number(row.inbound), finished: Number(row.finished), openJobs: Number(row.openJobs), cases: Number(row.cases) };
}

export type CrashInboundRow = { id: string; messageIdHeader: string | null; status: string; caseId: string | null; outcomeKind: string | null };

/** Everything the checks after the drain look at. */
export type CrashOutcome = {
  inbound: CrashInboundRow[];
  /** Case id → case number, for every case. */
  caseNumbers: Map<string, string>;
  /** Inbound messages stored as more than one case message. */
  repeatedMessages: { inboundId: string; count: number }[];
  /** Cases with more than one confirmation in the outbox. */
  repeatedConfirmations: { caseId: string; count: number }[];
  deadJobs: { type: string; lastError: string | null }[];
};

export async function readOutcome(db: Db): Promise<CrashOutcome> {
  const inbound = await db.selectFrom('inbound_messages').select(['id', 'message_id_header', 'status', 'case_id', 'outcome']).execute();
  const cases = await db.selectFrom('cases').select(['id', 'number']).execute();
  const repeatedMessages = await db
    .selectFrom('messages')
    .select((eb) => ['inbound_id', eb.fn.countAll().as('n')])
    .where('inbound_id', 'is not', null)
    .groupBy('inbound_id')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  const repeatedConfirmations = await db
    .selectFrom('outbound_mail')
    .select((eb) => ['case_id', eb.fn.countAll().as('n')])
    .where('kind', '=', 'confirmation')
    .groupBy('case_id')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  const deadJobs = await db.selectFrom('jobs').select(['type', 'last_error']).where('status', '=', 'dead').execute();
  return {
    inbound: inbound.map((row) => ({
      id: row.id,
      messageIdHeader: row.message_id_header,
      status: row.status,
      caseId: row.case_id,
      outcomeKind: row.outcome === null ? null : (fromDbJson<{ kind?: string }>(row.outcome).kind ?? null),
    })),
    caseNumbers: new Map(cases.map((c) => [c.id, c.number])),
    repeatedMessages: repeatedMessages.map((m) => ({ inboundId: String(m.inbound_id), count: Number(m.n) })),
    repeatedConfirmations: repeatedConfirmations.map((c) => ({ caseId: String(c.case_id), count: Number(c.n) })),
    deadJobs: deadJobs.map((job) => ({ type: job.type, lastError: job.last_error })),
  };
}
