import type { DbJson, DbTime } from '../../storage/dialect-helpers.js';

export type MessagesTable = {
  id: string;
  case_id: string;
  direction: string;
  channel: string;
  author_type: string;
  author_id: string | null;
  subject: string | null;
  text: string;
  html: string | null;
  email_message_id: string | null;
  created_at: DbTime;
  inbound_id: string | null;
  /** The whole text of an email, quoted history and signature included; `text` is the visible reply. */
  full_text: string | null;
  sender_email: string | null;
  auth: DbJson | null;
  flags: DbJson | null;
};

export type AttachmentsTable = {
  id: string;
  case_id: string;
  message_id: string;
  sha256: string;
  filename: string;
  content_type: string;
  size: number;
  created_at: DbTime;
};

export type MessageTables = { messages: MessagesTable; attachments: AttachmentsTable };
