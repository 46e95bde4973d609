import type { Executor } from '../../storage/database.js';
import { recordCaseAction } from '../cases/case-audit.js';
import type { Case } from '../cases/case.js';
import { chooseAssignee, type AssignmentMode } from './assignment.js';
import { findAssignmentMode, listAssignmentCandidates, markAssigned } from './assignment.repository.js';

export type AutoAssignment = { agentId: string; mode: AssignmentMode; departmentId: string };

/**
 * Chooses the agent for a case entering a department with an automatic mode, inside the caller's
 * transaction (so two cases arriving together see each other's round-robin mark); null for manual
 * departments or when no member is available. Marks the agent's round-robin time.
 */
export async function pickAutoAssignee(trx: Executor, departmentId: string, now: Date): Promise<AutoAssignment | null> {
  const mode = await findAssignmentMode(trx, departmentId);
  if (mode === 'manual') return null;
  const agentId = chooseAssignee(mode, await listAssignmentCandidates(trx, departmentId));
  if (!agentId) return null;
  await markAssigned(trx, agentId, departmentId, now);
  return { agentId, mode, departmentId };
}

/** The `case.assigned` timeline event (and audit entry) of an automatic assignment, made by the system. */
export async function recordAutoAssignment(trx: Executor, record: Pick<Case, 'id' | 'number' | 'assigneeId'>, pick: AutoAssignment, now: Date): Promise<void> {
  await recordCaseAction(trx, {
    record, type: 'case.assigned', actor: { type: 'system', id: null }, at: now,
    data: { from: record.assigneeId, to: pick.agentId, reason: `auto:${pick.mode}` },
  });
}
