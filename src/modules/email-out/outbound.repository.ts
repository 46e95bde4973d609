import type { Executor } from '../../storage/database.js';
import { fromDbJson, fromDbTime, fromDbTimeOrNull, toDbJson, toDbTime } from '../../storage/dialect-helpers.js';
import type { OutboundMailTable } from './email-out.table.js';
import type { OutboundMail } from './outbound-mail.js';

export async function insertOutboundMail(executor: Executor, mail: OutboundMail): Promise<void> {
  await executor
    .insertInto('outbound_mail')
    .values({
      id: mail.id,
      case_id: mail.caseId,
      kind: mail.kind,
      message_id: mail.messageId,
      from_address: mail.from,
      to_address: mail.to,
      reply_to: mail.replyTo,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: toDbJson(mail.headers),
      status: mail.status,
      transport: mail.transport,
      error: mail.error,
      created_at: toDbTime(mail.createdAt),
      sent_at: mail.sentAt ? toDbTime(mail.sentAt) : null,
    })
    .execute();
}

export async function findOutboundMail(executor: Executor, id: string): Promise<OutboundMail | null> {
  const row = await executor.selectFrom('outbound_mail').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toOutboundMail(row) : null;
}

export async function markOutboundMailSent(executor: Executor, id: string, transport: 'relay' | 'preview', at: Date): Promise<void> {
  await executor
    .updateTable('outbound_mail')
    .set({ status: 'sent', transport, sent_at: toDbTime(at), error: null })
    .where('id', '=', id)
    .execute();
}

/** Records a failed delivery attempt; the status turns `failed` only when no retry is left. */
export async function markOutboundMailFailed(executor: Executor, id: string, error: string, final: boolean): Promise<void> {
  await executor
    .updateTable('outbound_mail')
    .set(final ? { error, status: 'failed' } : { error })
    .where('id', '=', id)
    .where('status', '!=', 'sent')
    .execute();
}

/** Newest first; the admin mail preview and a case's outgoing history read this. */
export async function listOutboundMail(
  executor: Executor,
  filter: { caseId?: string; transport?: 'preview' | 'relay'; limit: number },
): Promise<OutboundMail[]> {
  let query = executor.selectFrom('outbound_mail').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit);
  if (filter.caseId) query = query.where('case_id', '=', filter.caseId);
  if (filter.transport) query = query.where('transport', '=', filter.transport);
  return (await query.execute()).map(toOutboundMail);
}

function toOutboundMail(row: OutboundMailTable): OutboundMail {
  return {
    id: row.id,
    caseId: row.case_id,
    kind: row.kind as OutboundMail['kind'],
    messageId: row.message_id,
    from: row.from_address,
    to: row.to_address,
    replyTo: row.reply_to,
    subject: row.subject,
    text: row.text,
    html: row.html,
    headers: fromDbJson<Record<string, string>>(row.headers),
    status: row.status as OutboundMail['status'],
    transport: row.transport as OutboundMail['transport'],
    error: row.error,
    createdAt: fromDbTime(row.created_at),
    sentAt: fromDbTimeOrNull(row.sent_at),
  };
}

/** A bounce names one of our Message-IDs: mark that mail; returns its case, if any. */
export async function markOutboundMailBounced(
  executor: Executor,
  messageId: string,
  permanent: boolean,
  at: Date,
): Promise<{ id: string; caseId: string | null; to: string } | null> {
  const row = await executor.selectFrom('outbound_mail').select(['id', 'case_id', 'to_address']).where('message_id', '=', messageId).executeTakeFirst();
  if (!row) return null;
  await executor
    .updateTable('outbound_mail')
    .set(permanent ? { bounced_at: toDbTime(at), status: 'failed', error: 'bounced' } : { bounced_at: toDbTime(at) })
    .where('id', '=', row.id)
    .execute();
  return { id: row.id, caseId: row.case_id, to: row.to_address };
}
