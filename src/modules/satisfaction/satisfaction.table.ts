import type { DbTime } from '../../storage/dialect-helpers.js';

export type SatisfactionSurveysTable = {
  id: string;
  case_id: string;
  status: string;
  skip_reason: string | null;
  department_id: string;
  agent_id: string | null;
  resolved_at: DbTime;
  send_after: DbTime;
  sent_at: DbTime | null;
  outbound_mail_id: string | null;
  token_hash: string | null;
  expires_at: DbTime | null;
  rating: number | null;
  comment: string | null;
  answered_at: DbTime | null;
  created_at: DbTime;
  updated_at: DbTime;
};

export type SatisfactionTables = { satisfaction_surveys: SatisfactionSurveysTable };
