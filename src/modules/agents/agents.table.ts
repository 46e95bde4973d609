import type { DbBool, DbTime } from '../../storage/dialect-helpers.js';

export type AgentsTable = {
  id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  active: DbBool;
  failed_logins: number;
  locked_until: DbTime | null;
  created_at: DbTime;
};

export type AgentSessionsTable = {
  /** sha256 of the cookie token: a leaked database does not yield usable sessions. */
  id: string;
  agent_id: string;
  csrf_token: string;
  created_at: DbTime;
  expires_at: DbTime;
};

export type AgentTables = { agents: AgentsTable; agent_sessions: AgentSessionsTable };
