import type { Generated } from 'kysely';
import type { DbBool, DbTime } from '../../storage/dialect-helpers.js';

/** Which departments an agent works in; `last_assigned_at` drives round-robin within each. */
export type AgentDepartmentsTable = {
  agent_id: string;
  department_id: string;
  last_assigned_at: DbTime | null;
  created_at: DbTime;
};

/**
 * Columns migration 0006 adds to tables other modules own (`Generated`: they have database
 * defaults, so the owners' inserts need not know them).
 */
export type AssignmentTables = {
  agents: { available: Generated<DbBool> };
  departments: { assignment_mode: Generated<string> };
  agent_departments: AgentDepartmentsTable;
};
