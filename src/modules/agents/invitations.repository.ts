import { hashSessionToken } from './agents.repository.js';
import type { Executor } from '../../storage/database.js';
import { fromDbTime, toDbTime } from '../../storage/dialect-helpers.js';

/** How long an emailed invitation link works. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Stores an invitation under the hash of its token (like sessions: the database holds no usable link). */
export async function insertInvitation(
  executor: Executor,
  invitation: { token: string; agentId: string; createdBy: string; expiresAt: Date; createdAt: Date },
): Promise<string> {
  const id = hashSessionToken(invitation.token);
  await executor.insertInto('agent_invitations').values({
    id, agent_id: invitation.agentId, created_by: invitation.createdBy, expires_at: toDbTime(invitation.expiresAt), used_at: null, created_at: toDbTime(invitation.createdAt),
  }).execute();
  return id;
}

/** Marks the unused, unexpired invitation for this token used; returns its agent id, or null (one use only). */
export async function consumeInvitation(executor: Executor, token: string, now: Date): Promise<{ agentId: string; expiresAt: Date } | null> {
  const row = await executor
    .updateTable('agent_invitations')
    .set({ used_at: toDbTime(now) })
    .where('id', '=', hashSessionToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', toDbTime(now))
    .returning(['agent_id', 'expires_at'])
    .executeTakeFirst();
  return row ? { agentId: row.agent_id, expiresAt: fromDbTime(row.expires_at) } : null;
}

/** Voids an agent's unused invitations (the agent was deactivated before accepting). */
export async function revokeInvitations(executor: Executor, agentId: string, now: Date): Promise<void> {
  await executor.updateTable('agent_invitations').set({ used_at: toDbTime(now) }).where('agent_id', '=', agentId).where('used_at', 'is', null).execute();
}
