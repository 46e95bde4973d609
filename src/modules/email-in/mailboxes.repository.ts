import type { Executor } from '../../storage/database.js';
import { fromDbBool, fromDbTime, fromDbTimeOrNull, toDbBool, toDbTime, type Dialect } from '../../storage/dialect-helpers.js';
import type { MailboxesTable } from './email-in.table.js';

/** An IMAP mailbox Postdesk polls, as stored: the password only in its encrypted form. */
export type MailboxRecord = {
  id: string;
  name: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  passwordEncrypted: string;
  folder: string;
  processedFolder: string | null;
  /** UIDVALIDITY of `folder` when `lastUid` was recorded (RFC 3501 §2.3.1.1), as a decimal string. */
  uidValidity: string | null;
  lastUid: number;
  active: boolean;
  lastError: string | null;
  lastPolledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** What an admin may change; the repository writes only the keys present. */
export type MailboxSettingsPatch = Partial<Pick<MailboxRecord, 'name' | 'active' | 'passwordEncrypted' | 'folder' | 'processedFolder'>>;

function toMailbox(row: MailboxesTable): MailboxRecord {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    port: Number(row.port),
    tls: fromDbBool(row.tls),
    username: row.username,
    passwordEncrypted: row.password_encrypted,
    folder: row.folder,
    processedFolder: row.processed_folder,
    uidValidity: row.uid_validity,
    lastUid: Number(row.last_uid),
    active: fromDbBool(row.active),
    lastError: row.last_error,
    lastPolledAt: fromDbTimeOrNull(row.last_polled_at),
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
  };
}

export async function insertMailbox(
  executor: Executor,
  dialect: Dialect,
  mailbox: Omit<MailboxRecord, 'uidValidity' | 'lastUid' | 'lastError' | 'lastPolledAt' | 'updatedAt'>,
): Promise<void> {
  await executor
    .insertInto('mailboxes')
    .values({
      id: mailbox.id,
      name: mailbox.name,
      host: mailbox.host,
      port: mailbox.port,
      tls: toDbBool(mailbox.tls, dialect),
      username: mailbox.username,
      password_encrypted: mailbox.passwordEncrypted,
      folder: mailbox.folder,
      processed_folder: mailbox.processedFolder,
      uid_validity: null,
      last_uid: 0,
      active: toDbBool(mailbox.active, dialect),
      last_error: null,
      last_polled_at: null,
      created_at: toDbTime(mailbox.createdAt),
      updated_at: toDbTime(mailbox.createdAt),
    })
    .execute();
}

export async function findMailbox(executor: Executor, id: string): Promise<MailboxRecord | null> {
  const row = await executor.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toMailbox(row) : null;
}

export async function listMailboxes(executor: Executor, dialect: Dialect, filter: { activeOnly: boolean }): Promise<MailboxRecord[]> {
  let query = executor.selectFrom('mailboxes').selectAll().orderBy('created_at').orderBy('id');
  if (filter.activeOnly) query = query.where('active', '=', toDbBool(true, dialect));
  return (await query.execute()).map(toMailbox);
}

/**
 * Applies an admin's change. A new folder starts over (its UIDs are another sequence), so the
 * resume point is cleared with it.
 */
export async function updateMailboxSettings(executor: Executor, dialect: Dialect, id: string, patch: MailboxSettingsPatch, now: Date): Promise<boolean> {
  const result = await executor
    .updateTable('mailboxes')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.active !== undefined ? { active: toDbBool(patch.active, dialect) } : {}),
      ...(patch.passwordEncrypted !== undefined ? { password_encrypted: patch.passwordEncrypted } : {}),
      ...(patch.folder !== undefined ? { folder: patch.folder, uid_validity: null, last_uid: 0 } : {}),
      ...(patch.processedFolder !== undefined ? { processed_folder: patch.processedFolder } : {}),
      ...(patch.active === true || patch.passwordEncrypted !== undefined ? { last_error: null } : {}),
      updated_at: toDbTime(now),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The poller's resume point, written only while `folder` is still the mailbox's folder: a poller
 * finishing a message in the old folder cannot overwrite the fresh start of a new one.
 * `updated_at` is left alone (it tracks admin changes only).
 */
export async function saveMailboxSyncState(executor: Executor, id: string, state: { folder: string; uidValidity: string; lastUid: number }): Promise<void> {
  await executor
    .updateTable('mailboxes')
    .set({ uid_validity: state.uidValidity, last_uid: state.lastUid })
    .where('id', '=', id)
    .where('folder', '=', state.folder)
    .execute();
}

/** Records a poll: `polledAt` is a successful poll; `lastError` undefined keeps the stored error, null clears it. */
export async function recordMailboxPoll(executor: Executor, id: string, poll: { polledAt?: Date; lastError?: string | null }): Promise<void> {
  if (poll.polledAt === undefined && poll.lastError === undefined) return;
  await executor
    .updateTable('mailboxes')
    .set({
      ...(poll.polledAt !== undefined ? { last_polled_at: toDbTime(poll.polledAt) } : {}),
      ...(poll.lastError !== undefined ? { last_error: poll.lastError } : {}),
    })
    .where('id', '=', id)
    .execute();
}
