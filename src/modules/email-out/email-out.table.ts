import type { DbJson, DbTime } from '../../storage/dialect-helpers.js';

export type OutboundMailTable = {
  id: string;
  case_id: string | null;
  kind: string;
  message_id: string;
  from_address: string;
  to_address: string;
  reply_to: string | null;
  subject: string;
  text: string;
  html: string | null;
  headers: DbJson;
  status: string;
  transport: string | null;
  error: string | null;
  created_at: DbTime;
  sent_at: DbTime | null;
  bounced_at: DbTime | null;
};

export type EmailOutTables = { outbound_mail: OutboundMailTable };
