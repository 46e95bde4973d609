import type { Executor } from '../../storage/database.js';
import { fromDbJson, fromDbTime, toDbJson, toDbTime } from '../../storage/dialect-helpers.js';
import type { MessagesTable } from './messages.table.js';
import type { Attachment, Message } from './message.js';
import type { Channel } from '../cases/case.js';

export type NewMessage = Omit<Message, 'attachments' | 'createdAt' | 'fullText' | 'senderEmail' | 'auth' | 'flags'> & {
  createdAt: Date;
  fullText?: string | null;
  senderEmail?: string | null;
  inboundId?: string | null;
  auth?: Record<string, unknown> | null;
  flags?: Record<string, unknown> | null;
};

export async function insertMessage(executor: Executor, message: NewMessage): Promise<void> {
  await executor
    .insertInto('messages')
    .values({
      id: message.id,
      case_id: message.caseId,
      direction: message.direction,
      channel: message.channel,
      author_type: message.authorType,
      author_id: message.authorId,
      subject: message.subject,
      text: message.text,
      html: message.html,
      email_message_id: message.emailMessageId,
      created_at: toDbTime(message.createdAt),
      full_text: message.fullText ?? null,
      sender_email: message.senderEmail ?? null,
      inbound_id: message.inboundId ?? null,
      auth: message.auth ? toDbJson(message.auth) : null,
      flags: message.flags ? toDbJson(message.flags) : null,
    })
    .execute();
}

export async function insertAttachments(executor: Executor, attachments: Attachment[]): Promise<void> {
  if (attachments.length === 0) return;
  await executor
    .insertInto('attachments')
    .values(
      attachments.map((a) => ({
        id: a.id,
        case_id: a.caseId,
        message_id: a.messageId,
        sha256: a.sha256,
        filename: a.filename,
        content_type: a.contentType,
        size: a.size,
        created_at: toDbTime(a.createdAt),
      })),
    )
    .execute();
}

/** A thread entry and its files, linked to it (every channel adds messages through here). */
export async function insertMessageWithAttachments(
  executor: Executor,
  message: NewMessage,
  attachments: Omit<Attachment, 'caseId' | 'messageId'>[],
): Promise<void> {
  await insertMessage(executor, message);
  await insertAttachments(executor, attachments.map((a) => ({ ...a, caseId: message.caseId, messageId: message.id })));
}

/** The whole thread of a case, oldest first, with each message's attachments. */
export async function listMessagesOfCase(executor: Executor, caseId: string): Promise<Message[]> {
  const rows = await executor.selectFrom('messages').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
  const attachments = await executor.selectFrom('attachments').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
  const byMessage = new Map<string, Attachment[]>();
  for (const row of attachments) {
    const list = byMessage.get(row.message_id) ?? [];
    list.push(toAttachment(row));
    byMessage.set(row.message_id, list);
  }
  return rows.map((row) => toMessage(row, byMessage.get(row.id) ?? []));
}

export async function findAttachment(executor: Executor, id: string): Promise<Attachment | null> {
  const row = await executor.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAttachment(row) : null;
}

type AttachmentRow = {
  id: string; case_id: string; message_id: string; sha256: string; filename: string; content_type: string; size: number;
  created_at: string | Date;
};

function toAttachment(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    caseId: row.case_id,
    messageId: row.message_id,
    sha256: row.sha256,
    filename: row.filename,
    contentType: row.content_type,
    size: Number(row.size),
    createdAt: fromDbTime(row.created_at),
  };
}

function toMessage(row: MessagesTable, attachments: Attachment[]): Message {
  return {
    id: row.id,
    caseId: row.case_id,
    direction: row.direction as Message['direction'],
    channel: row.channel as Channel,
    authorType: row.author_type as Message['authorType'],
    authorId: row.author_id,
    subject: row.subject,
    text: row.text,
    html: row.html,
    emailMessageId: row.email_message_id,
    createdAt: fromDbTime(row.created_at),
    attachments,
    fullText: row.full_text,
    senderEmail: row.sender_email,
    auth: row.auth === null ? null : fromDbJson<Record<string, unknown>>(row.auth),
    flags: row.flags === null ? null : fromDbJson<Record<string, unknown>>(row.flags),
  };
}
