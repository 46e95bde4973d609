import type { DbBool, DbJson, DbTime } from '../../storage/dialect-helpers.js';

export type InboundMessagesTable = {
  id: string;
  source: string;
  mailbox_id: string | null;
  envelope_from: string | null;
  envelope_to: DbJson;
  remote_address: string | null;
  helo: string | null;
  raw: Uint8Array;
  size: number;
  sha256: string;
  /** `mid:<Message-ID>`, or `sha:<sha256 of the raw bytes>` when the message has none. */
  dedupe_key: string;
  message_id_header: string | null;
  status: string;
  outcome: DbJson | null;
  case_id: string | null;
  received_at: DbTime;
  processed_at: DbTime | null;
};

export type MailboxesTable = {
  id: string;
  name: string;
  host: string;
  port: number;
  tls: DbBool;
  username: string;
  password_encrypted: string;
  folder: string;
  processed_folder: string | null;
  uid_validity: string | null;
  last_uid: number | string;
  active: DbBool;
  last_error: string | null;
  last_polled_at: DbTime | null;
  created_at: DbTime;
  updated_at: DbTime;
};

export type EmailInTables = { inbound_messages: InboundMessagesTable; mailboxes: MailboxesTable };
