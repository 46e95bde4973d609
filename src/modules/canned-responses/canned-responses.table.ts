import type { DbBool, DbTime } from '../../storage/dialect-helpers.js';

export type CannedResponsesTable = {
  id: string;
  title: string;
  body: string;
  language: string;
  department_id: string | null;
  active: DbBool;
  created_at: DbTime;
  updated_at: DbTime;
};

export type CannedResponseTables = { canned_responses: CannedResponsesTable };
