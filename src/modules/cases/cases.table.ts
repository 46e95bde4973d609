import type { DbBool, DbJson, DbTime } from '../../storage/dialect-helpers.js';

export type CasesTable = {
  id: string;
  number: string;
  customer_id: string;
  topic_id: string;
  department_id: string;
  assignee_id: string | null;
  status: string;
  priority: string;
  channel: string;
  subject: string;
  language: string;
  first_response_due_at: DbTime;
  first_responded_at: DbTime | null;
  created_at: DbTime;
  updated_at: DbTime;
  resolved_at: DbTime | null;
};

export type CaseTrackingNumbersTable = { case_id: string; number: string; carrier: string; valid: DbBool };

export type CaseLinksTable = { case_id: string; linked_case_id: string; kind: string; created_at: DbTime };

export type CaseEventsTable = {
  id: string;
  case_id: string;
  type: string;
  actor_type: string;
  actor_id: string | null;
  data: DbJson;
  created_at: DbTime;
};

export type CaseTables = {
  cases: CasesTable;
  case_tracking_numbers: CaseTrackingNumbersTable;
  case_links: CaseLinksTable;
  case_events: CaseEventsTable;
};
