import { sql } from 'kysely';
import type { Executor } from '../../storage/database.js';
import { dialectOf, fromDbBool, fromDbTimeOrNull, toDbBool, toDbTime } from '../../storage/dialect-helpers.js';
import { OPEN_STATUSES } from '../cases/case-queues.js';
import { isAssignmentMode, type AssignmentCandidate, type AssignmentMode } from './assignment.js';

export type DepartmentMember = { id: string; name: string; active: boolean; available: boolean };
export type DepartmentSettings = { id: string; slug: string; name: string; assignmentMode: AssignmentMode; members: DepartmentMember[] };

function toMode(value: string): AssignmentMode {
  return isAssignmentMode(value) ? value : 'manual';
}

export async function findAssignmentMode(executor: Executor, departmentId: string): Promise<AssignmentMode> {
  const row = await executor.selectFrom('departments').select('assignment_mode').where('id', '=', departmentId).executeTakeFirst();
  return toMode(row?.assignment_mode ?? 'manual');
}

/** Active, available members of a department with their round-robin time and open-case count. */
export async function listAssignmentCandidates(executor: Executor, departmentId: string): Promise<AssignmentCandidate[]> {
  const yes = toDbBool(true, dialectOf(executor));
  const rows = await executor
    .selectFrom('agent_departments')
    .innerJoin('agents', 'agents.id', 'agent_departments.agent_id')
    .select(['agents.id', 'agent_departments.last_assigned_at'])
    .select((eb) => eb.selectFrom('cases').select(eb.fn.countAll<number | string>().as('n'))
      .whereRef('cases.assignee_id', '=', 'agents.id')
      .where(sql<boolean>`${sql.ref('cases.status')} in (${sql.join(OPEN_STATUSES.map((s) => sql.lit(s)))})`)
      .as('open_cases'))
    .where('agent_departments.department_id', '=', departmentId)
    .where('agents.active', '=', yes)
    .where('agents.available', '=', yes)
    .execute();
  return rows.map((row) => ({ agentId: row.id, lastAssignedAt: fromDbTimeOrNull(row.last_assigned_at), openCases: Number(row.open_cases ?? 0) }));
}

export async function markAssigned(executor: Executor, agentId: string, departmentId: string, now: Date): Promise<void> {
  await executor.updateTable('agent_departments').set({ last_assigned_at: toDbTime(now) })
    .where('agent_id', '=', agentId).where('department_id', '=', departmentId).execute();
}

export async function listDepartmentSettings(executor: Executor, slug?: string): Promise<DepartmentSettings[]> {
  let query = executor.selectFrom('departments').select(['id', 'slug', 'name', 'assignment_mode']).orderBy('name');
  if (slug) query = query.where('slug', '=', slug);
  const departments = await query.execute();
  const members = await executor
    .selectFrom('agent_departments')
    .innerJoin('agents', 'agents.id', 'agent_departments.agent_id')
    .select(['agent_departments.department_id', 'agents.id', 'agents.name', 'agents.active', 'agents.available'])
    .orderBy('agents.name')
    .execute();
  return departments.map((d) => ({
    id: d.id, slug: d.slug, name: d.name, assignmentMode: toMode(d.assignment_mode),
    members: members.filter((m) => m.department_id === d.id).map((m) => ({ id: m.id, name: m.name, active: fromDbBool(m.active), available: fromDbBool(m.available) })),
  }));
}

export async function updateDepartmentSettings(executor: Executor, id: string, change: { name?: string | undefined; assignmentMode?: AssignmentMode | undefined }): Promise<void> {
  const set = { ...(change.name !== undefined ? { name: change.name } : {}), ...(change.assignmentMode !== undefined ? { assignment_mode: change.assignmentMode } : {}) };
  if (Object.keys(set).length > 0) await executor.updateTable('departments').set(set).where('id', '=', id).execute();
}
