import type { DbTime } from '../../storage/dialect-helpers.js';

export type AgentInvitationsTable = {
  /** sha256 of the emailed token: a leaked database holds no usable invitation. */
  id: string;
  agent_id: string;
  created_by: string | null;
  expires_at: DbTime;
  used_at: DbTime | null;
  created_at: DbTime;
};

export type InvitationTables = { agent_invitations: AgentInvitationsTable };
