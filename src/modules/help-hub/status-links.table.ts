import type { DbTime } from '../../storage/dialect-helpers.js';

export type StatusLinksTable = {
  id: string;
  case_id: string;
  token_hash: string;
  created_at: DbTime;
  expires_at: DbTime;
  used_at: DbTime | null;
};

export type StatusLinkTables = { status_links: StatusLinksTable };
