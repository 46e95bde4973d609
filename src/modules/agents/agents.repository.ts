import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Executor } from '../../storage/database.js';
import { dialectOf, fromDbBool, fromDbTime, fromDbTimeOrNull, toDbBool, toDbTime } from '../../storage/dialect-helpers.js';
import { isAgentRole, type Agent, type AgentRole } from './agent.js';
import type { AgentsTable } from './agents.table.js';

/** An agent with what sign-in needs; never leaves the agents module. */
export type AgentCredentials = {
  agent: Agent;
  passwordHash: string;
  failedLogins: number;
  lockedUntil: Date | null;
};

export type AgentSession = { id: string; agentId: string; csrfToken: string; createdAt: Date; expiresAt: Date };

export type NewAgent = { id: string; email: string; name: string; role: AgentRole; passwordHash: string; createdAt: Date };

/** Sessions are stored under sha256(token), so a leaked database holds no usable cookie. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toAgent(row: Pick<Selectable<AgentsTable>, 'id' | 'email' | 'name' | 'role' | 'active' | 'created_at'>): Agent {
  if (!isAgentRole(row.role)) throw new Error(`Agent ${row.id} has unknown role ${JSON.stringify(row.role)}`);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    active: fromDbBool(row.active),
    createdAt: fromDbTime(row.created_at),
  };
}

function toCredentials(row: Selectable<AgentsTable>): AgentCredentials {
  return {
    agent: toAgent(row),
    passwordHash: row.password_hash,
    failedLogins: row.failed_logins,
    lockedUntil: fromDbTimeOrNull(row.locked_until),
  };
}

/**
 * Inserts an active agent; 'duplicate' when the (normalised) email is taken. ON CONFLICT rather than
 * catching the constraint error: on PostgreSQL a failed statement aborts the caller's transaction.
 */
export async function insertAgent(executor: Executor, agent: NewAgent): Promise<'inserted' | 'duplicate'> {
  const inserted = await executor
    .insertInto('agents')
    .values({
      id: agent.id,
      email: agent.email,
      name: agent.name,
      role: agent.role,
      password_hash: agent.passwordHash,
      active: toDbBool(true, dialectOf(executor)),
      failed_logins: 0,
      locked_until: null,
      created_at: toDbTime(agent.createdAt),
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted ? 'inserted' : 'duplicate';
}

export async function findAgentByEmail(executor: Executor, email: string): Promise<AgentCredentials | null> {
  const row = await executor.selectFrom('agents').selectAll().where('email', '=', email).executeTakeFirst();
  return row ? toCredentials(row) : null;
}

export async function findAgentById(executor: Executor, id: string): Promise<Agent | null> {
  const row = await executor.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAgent(row) : null;
}

/** Display names of the given agents (deactivated ones too: history keeps its authors). */
export async function listAgentNames(executor: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await executor.selectFrom('agents').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

export async function countAgents(executor: Executor): Promise<number> {
  const row = await executor.selectFrom('agents').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Adds one to the consecutive-failure counter atomically and returns the new count. */
export async function recordFailedLogin(executor: Executor, agentId: string): Promise<number> {
  const row = await executor
    .updateTable('agents')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', agentId)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  return row.failed_logins;
}

/** Clears the failure counter and any lock (after a successful sign-in). */
export async function resetFailedLogins(executor: Executor, agentId: string): Promise<void> {
  await executor.updateTable('agents').set({ failed_logins: 0, locked_until: null }).where('id', '=', agentId).execute();
}

/** Locks sign-in until `until` and restarts the failure count for the attempts after it. */
export async function lockAgentUntil(executor: Executor, agentId: string, until: Date): Promise<void> {
  await executor
    .updateTable('agents')
    .set({ failed_logins: 0, locked_until: toDbTime(until) })
    .where('id', '=', agentId)
    .execute();
}

/** Stores a session under the hash of `token`; returns the session id (that hash). */
export async function createSession(
  executor: Executor,
  session: { token: string; agentId: string; csrfToken: string; createdAt: Date; expiresAt: Date },
): Promise<string> {
  const id = hashSessionToken(session.token);
  await executor
    .insertInto('agent_sessions')
    .values({
      id,
      agent_id: session.agentId,
      csrf_token: session.csrfToken,
      created_at: toDbTime(session.createdAt),
      expires_at: toDbTime(session.expiresAt),
    })
    .execute();
  return id;
}

/** The unexpired session whose token hashes to its id, with its agent (active or not). */
export async function findValidSession(
  executor: Executor,
  token: string,
  now: Date,
): Promise<{ session: AgentSession; agent: Agent } | null> {
  const row = await executor
    .selectFrom('agent_sessions as s')
    .innerJoin('agents as a', 'a.id', 's.agent_id')
    .select([
      's.id as session_id',
      's.csrf_token',
      's.created_at as session_created_at',
      's.expires_at',
      'a.id',
      'a.email',
      'a.name',
      'a.role',
      'a.active',
      'a.created_at',
    ])
    .where('s.id', '=', hashSessionToken(token))
    .where('s.expires_at', '>', toDbTime(now))
    .executeTakeFirst();
  if (!row) return null;
  return {
    session: {
      id: row.session_id,
      agentId: row.id,
      csrfToken: row.csrf_token,
      createdAt: fromDbTime(row.session_created_at),
      expiresAt: fromDbTime(row.expires_at),
    },
    agent: toAgent(row),
  };
}

/** Deletes the session `token` belongs to; returns its agent id, or null when there was none. */
export async function deleteSession(executor: Executor, token: string): Promise<string | null> {
  const row = await executor
    .deleteFrom('agent_sessions')
    .where('id', '=', hashSessionToken(token))
    .returning('agent_id')
    .executeTakeFirst();
  return row?.agent_id ?? null;
}

/** Removes sessions that expired at or before `now`; returns how many. */
export async function deleteExpiredSessions(executor: Executor, now: Date): Promise<number> {
  const result = await executor.deleteFrom('agent_sessions').where('expires_at', '<=', toDbTime(now)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
