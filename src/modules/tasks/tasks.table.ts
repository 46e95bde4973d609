import type { DbTime } from '../../storage/dialect-helpers.js';

export type CaseTasksTable = {
  id: string;
  case_id: string;
  kind: string;
  assignee_id: string;
  created_by: string;
  due_at: DbTime;
  note: string | null;
  status: string;
  created_at: DbTime;
  completed_at: DbTime | null;
  completed_by: string | null;
};

export type TaskTables = { case_tasks: CaseTasksTable };
