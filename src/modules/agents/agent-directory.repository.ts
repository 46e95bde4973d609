import type { Executor } from '../../storage/database.js';
import { dialectOf, fromDbBool, fromDbTime, toDbBool, toDbTime } from '../../storage/dialect-helpers.js';
import { isAgentRole, type AgentRole } from './agent.js';

/** `invited`: created by an invitation not yet accepted; `deactivated`: switched off by an admin. */
export type AgentStatus = 'active' | 'invited' | 'deactivated';

/** What the console shows about an agent: for the assign dropdown and the admin page. */
export type AgentProfile = {
  id: string;
  email: string;
  name: string;
  role: AgentRole;
  active: boolean;
  status: AgentStatus;
  available: boolean;
  departments: { slug: string; name: string }[];
  createdAt: Date;
};

export async function listAgentProfiles(executor: Executor, filter: { activeOnly: boolean; id?: string }): Promise<AgentProfile[]> {
  let query = executor
    .selectFrom('agents')
    .select(['id', 'email', 'name', 'role', 'active', 'available', 'created_at'])
    .select((eb) => eb.exists(eb.selectFrom('agent_invitations').select('agent_invitations.id')
      .whereRef('agent_invitations.agent_id', '=', 'agents.id').where('agent_invitations.used_at', 'is', null)).as('invited'))
    .orderBy('name').orderBy('id');
  if (filter.activeOnly) query = query.where('active', '=', toDbBool(true, dialectOf(executor)));
  if (filter.id) query = query.where('id', '=', filter.id);
  const rows = await query.execute();
  const memberships = await executor
    .selectFrom('agent_departments')
    .innerJoin('departments', 'departments.id', 'agent_departments.department_id')
    .select(['agent_departments.agent_id', 'departments.slug', 'departments.name'])
    .where('agent_departments.agent_id', 'in', rows.length > 0 ? rows.map((r) => r.id) : [''])
    .orderBy('departments.name')
    .execute();
  return rows.map((row) => {
    const active = fromDbBool(row.active);
    return {
      id: row.id, email: row.email, name: row.name, role: isAgentRole(row.role) ? row.role : 'agent', active,
      status: active ? 'active' : fromDbBool(row.invited as number | boolean) ? 'invited' : 'deactivated',
      available: fromDbBool(row.available), createdAt: fromDbTime(row.created_at),
      departments: memberships.filter((m) => m.agent_id === row.id).map((m) => ({ slug: m.slug, name: m.name })),
    };
  });
}

export async function findAgentProfile(executor: Executor, id: string): Promise<AgentProfile | null> {
  return (await listAgentProfiles(executor, { activeOnly: false, id }))[0] ?? null;
}

export type AgentColumnsChange = { name?: string; role?: AgentRole; active?: boolean; available?: boolean };

export async function updateAgentColumns(executor: Executor, id: string, change: AgentColumnsChange): Promise<void> {
  const dialect = dialectOf(executor);
  const set = {
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.role !== undefined ? { role: change.role } : {}),
    ...(change.active !== undefined ? { active: toDbBool(change.active, dialect) } : {}),
    ...(change.available !== undefined ? { available: toDbBool(change.available, dialect) } : {}),
  };
  if (Object.keys(set).length > 0) await executor.updateTable('agents').set(set).where('id', '=', id).execute();
}

/** Sets an agent's departments; memberships kept keep their round-robin position. */
export async function replaceAgentDepartments(executor: Executor, agentId: string, departmentIds: string[], now: Date): Promise<void> {
  let removal = executor.deleteFrom('agent_departments').where('agent_id', '=', agentId);
  if (departmentIds.length > 0) removal = removal.where('department_id', 'not in', departmentIds);
  await removal.execute();
  if (departmentIds.length === 0) return;
  await executor
    .insertInto('agent_departments')
    .values(departmentIds.map((departmentId) => ({ agent_id: agentId, department_id: departmentId, last_assigned_at: null, created_at: toDbTime(now) })))
    .onConflict((oc) => oc.columns(['agent_id', 'department_id']).doNothing())
    .execute();
}

/** Signs an agent out everywhere (deactivation). */
export async function deleteSessionsOf(executor: Executor, agentId: string): Promise<number> {
  const result = await executor.deleteFrom('agent_sessions').where('agent_id', '=', agentId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
