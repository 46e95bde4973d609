import type { DbJson, DbTime } from '../storage/dialect-helpers.js';

export type JobsTable = {
  id: string;
  type: string;
  payload: DbJson;
  status: string;
  idempotency_key: string | null;
  attempts: number;
  max_attempts: number;
  run_at: DbTime;
  locked_until: DbTime | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: DbTime;
  updated_at: DbTime;
};

export type JobTables = { jobs: JobsTable };
