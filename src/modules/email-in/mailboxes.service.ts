import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError, type FieldErrors } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import type { SecretBox } from '../../kernel/secret-box.js';
import type { Database } from '../../storage/database.js';
import type { Dialect } from '../../storage/dialect-helpers.js';
import {
  findMailbox, insertMailbox, listMailboxes, recordMailboxPoll, saveMailboxSyncState, updateMailboxSettings,
  type MailboxRecord, type MailboxSettingsPatch,
} from './mailboxes.repository.js';

/** A mailbox as admins see it: everything but the password. */
export type MailboxView = Omit<MailboxRecord, 'passwordEncrypted'>;

export type NewMailbox = {
  name: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password: string;
  folder: string;
  processedFolder: string | null;
};

export type MailboxPatch = Partial<{ name: string; active: boolean; password: string; folder: string; processedFolder: string | null }>;

/** Admin use cases. Passwords go in, never come out. */
export interface MailboxService {
  list(): Promise<MailboxView[]>;
  create(input: NewMailbox): Promise<MailboxView>;
  /** null when there is no such mailbox. */
  update(id: string, patch: MailboxPatch): Promise<MailboxView | null>;
  /** Mailboxes are deactivated, not deleted: their inbound messages keep pointing at them. */
  deactivate(id: string): Promise<MailboxView | null>;
}

/** One mailbox as the IMAP poller needs it, password decrypted (null when it cannot be). */
export type PollTarget = {
  id: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password: string | null;
  folder: string;
  processedFolder: string | null;
  uidValidity: string | null;
  lastUid: number;
  lastError: string | null;
  /** Changes whenever a setting that needs a new connection changes. */
  settingsKey: string;
};

/** The port the IMAP poller uses: which mailboxes to poll, and where to record progress. */
export interface MailboxSyncStore {
  listActive(): Promise<PollTarget[]>;
  /** Ignored once the mailbox's folder is no longer `folder`. */
  saveSyncState(id: string, state: { folder: string; uidValidity: string; lastUid: number }): Promise<void>;
  recordPoll(id: string, poll: { polledAt?: Date; lastError?: string | null }): Promise<void>;
}

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Business rules on folder names (shapes and lengths are the schema's job). */
function checkFolders(folder: string, processedFolder: string | null): void {
  const fields: FieldErrors = {};
  if (folder.trim() === '' || CONTROL_CHARACTERS.test(folder)) fields.folder = 'must be a folder name without control characters';
  if (processedFolder !== null) {
    if (processedFolder.trim() === '' || CONTROL_CHARACTERS.test(processedFolder)) fields.processedFolder = 'must be a folder name without control characters';
    else if (processedFolder === folder) fields.processedFolder = 'must differ from the folder that is polled';
  }
  if (Object.keys(fields).length > 0) throw new AppError('validation.failed', 'Some fields need attention.', fields);
}

function toView(record: MailboxRecord): MailboxView {
  const { passwordEncrypted: _hidden, ...view } = record;
  return view;
}

export function createMailboxService(deps: { db: Kysely<Database>; dialect: Dialect; clock: Clock; secretBox: SecretBox }): MailboxService & MailboxSyncStore {
  const { db, dialect, secretBox } = deps;
  // The mailbox id is the encryption context: a password copied onto another row does not decrypt there.
  const encryptPassword = (id: string, password: string) => secretBox.encrypt(password, `mailbox:${id}`);

  function decryptPassword(record: MailboxRecord): string | null {
    try {
      return secretBox.decrypt(record.passwordEncrypted, `mailbox:${record.id}`);
    } catch {
      return null;
    }
  }

  return {
    async list() {
      return (await listMailboxes(db, dialect, { activeOnly: false })).map(toView);
    },

    async create(input) {
      checkFolders(input.folder, input.processedFolder);
      const id = newId();
      const now = deps.clock.now();
      await insertMailbox(db, dialect, {
        id, name: input.name, host: input.host.toLowerCase(), port: input.port, tls: input.tls, username: input.username,
        passwordEncrypted: encryptPassword(id, input.password), folder: input.folder, processedFolder: input.processedFolder,
        active: true, createdAt: now,
      });
      return toView((await findMailbox(db, id))!);
    },

    async update(id, patch) {
      const existing = await findMailbox(db, id);
      if (!existing) return null;
      checkFolders(patch.folder ?? existing.folder, patch.processedFolder === undefined ? existing.processedFolder : patch.processedFolder);
      const settings: MailboxSettingsPatch = {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...(patch.password !== undefined ? { passwordEncrypted: encryptPassword(id, patch.password) } : {}),
        ...(patch.folder !== undefined && patch.folder !== existing.folder ? { folder: patch.folder } : {}),
        ...(patch.processedFolder !== undefined ? { processedFolder: patch.processedFolder } : {}),
      };
      await updateMailboxSettings(db, dialect, id, settings, deps.clock.now());
      return toView((await findMailbox(db, id))!);
    },

    async deactivate(id) {
      const updated = await updateMailboxSettings(db, dialect, id, { active: false }, deps.clock.now());
      return updated ? toView((await findMailbox(db, id))!) : null;
    },

    async listActive() {
      return (await listMailboxes(db, dialect, { activeOnly: true })).map((record) => ({
        id: record.id,
        host: record.host,
        port: record.port,
        tls: record.tls,
        username: record.username,
        password: decryptPassword(record),
        folder: record.folder,
        processedFolder: record.processedFolder,
        uidValidity: record.uidValidity,
        lastUid: record.lastUid,
        lastError: record.lastError,
        settingsKey: JSON.stringify([record.host, record.port, record.tls, record.username, record.passwordEncrypted, record.folder, record.processedFolder]),
      }));
    },

    saveSyncState: (id, state) => saveMailboxSyncState(db, id, state),
    recordPoll: (id, poll) => recordMailboxPoll(db, id, poll),
  };
}
