import type { Executor } from '../../storage/database.js';
import { fromDbJson, fromDbTime, toDbJson, toDbTime } from '../../storage/dialect-helpers.js';

export type InboundStatus = 'received' | 'processed' | 'ignored' | 'failed';

/** A stored raw message as the pipeline sees it. */
export type InboundMessage = {
  id: string;
  source: 'smtp' | 'imap';
  mailboxId: string | null;
  mailFrom: string | null;
  rcptTo: string[];
  remoteAddress: string | null;
  helo: string | null;
  raw: Uint8Array;
  messageIdHeader: string | null;
  status: InboundStatus;
  caseId: string | null;
  receivedAt: Date;
};

/** What processing concluded, kept on the inbound row for operators. */
export type InboundOutcome = { kind: string; reason?: string; [key: string]: unknown };

export async function findInbound(executor: Executor, id: string): Promise<InboundMessage | null> {
  const row = await executor.selectFrom('inbound_messages').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    source: row.source as InboundMessage['source'],
    mailboxId: row.mailbox_id,
    mailFrom: row.envelope_from,
    rcptTo: fromDbJson<string[]>(row.envelope_to),
    remoteAddress: row.remote_address,
    helo: row.helo,
    raw: row.raw,
    messageIdHeader: row.message_id_header,
    status: row.status as InboundStatus,
    caseId: row.case_id,
    receivedAt: fromDbTime(row.received_at),
  };
}

export async function finishInbound(
  executor: Executor,
  id: string,
  result: { status: InboundStatus; caseId: string | null; outcome: InboundOutcome },
  now: Date,
): Promise<void> {
  await executor
    .updateTable('inbound_messages')
    .set({ status: result.status, case_id: result.caseId, outcome: toDbJson(result.outcome), processed_at: toDbTime(now) })
    .where('id', '=', id)
    .execute();
}

/** Sends a message back through processing (after a fix): only for ones that did not complete. */
export async function markForReprocessing(executor: Executor, id: string, force: boolean): Promise<InboundStatus | null> {
  const row = await executor.selectFrom('inbound_messages').select('status').where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  if (!force && (row.status === 'processed' || row.status === 'ignored')) return row.status as InboundStatus;
  await executor.updateTable('inbound_messages').set({ status: 'received', processed_at: null }).where('id', '=', id).execute();
  return 'received';
}

export async function listInbound(executor: Executor, filter: { status?: InboundStatus; limit: number }) {
  let query = executor
    .selectFrom('inbound_messages')
    .leftJoin('cases', 'cases.id', 'inbound_messages.case_id')
    .select([
      'inbound_messages.id', 'source', 'envelope_from', 'message_id_header', 'size', 'inbound_messages.status', 'outcome', 'case_id',
      'cases.number as case_number', 'received_at', 'processed_at',
    ])
    .orderBy('received_at', 'desc')
    .limit(filter.limit);
  if (filter.status) query = query.where('inbound_messages.status', '=', filter.status);
  return (await query.execute()).map((row) => ({
    id: row.id,
    source: row.source,
    mailFrom: row.envelope_from,
    messageId: row.message_id_header,
    size: Number(row.size),
    status: row.status,
    outcome: row.outcome === null ? null : fromDbJson<InboundOutcome>(row.outcome),
    caseId: row.case_id,
    caseNumber: row.case_number,
    receivedAt: fromDbTime(row.received_at),
    processedAt: row.processed_at === null ? null : fromDbTime(row.processed_at),
  }));
}
