import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events.js';
import type { Database } from '../../storage/database.js';
import type { Agent } from '../agents/agent.js';
import { findAgentById } from '../agents/agents.repository.js';
import { listMessagesOfCase } from '../messages/messages.repository.js';
import { listDepartments, listTopics } from '../topics/topics.repository.js';
import type { TriageService } from '../triage/triage.service.js';
import { canTransition, isCaseStatus, isPriority, type Case, type CaseStatus, type Priority } from './case.js';
import { findCaseByNumber, recordCaseEvent, updateCase } from './cases.repository.js';
import { parseCaseNumberOrThrow } from './cases.service.js';
import { pickAutoAssignee, recordAutoAssignment } from '../assignment/auto-assign.js';
import type { CaseResolvedListener } from './case-resolution.js';

export type CaseChanges = {
  status?: string;
  priority?: string;
  department?: string;
  topic?: string;
  /** An agent id, or null to unassign. */
  assignee?: string | null;
  /** Why, for the timeline (required by the console for re-routing; optional here). */
  reason?: string;
};

export interface CaseUpdateService {
  /** Applies an agent's changes atomically, each as a timeline event; a topic change teaches triage. */
  update(caseNumberInput: string, changes: CaseChanges, agent: Agent): Promise<Case>;
}

type Deps = {
  db: Kysely<Database>;
  clock: Clock;
  events: EventBus;
  triage: TriageService;
  /** Told in the same transaction when a change resolves the case (the satisfaction survey listens). */
  onResolved?: CaseResolvedListener;
};

export function createCaseUpdateService(deps: Deps): CaseUpdateService {
  return {
    async update(caseNumberInput, changes, agent) {
      const number = parseCaseNumberOrThrow(caseNumberInput);
      const now = deps.clock.now();
      const fields: Record<string, string> = {};
      if (changes.status !== undefined && !isCaseStatus(changes.status)) fields.status = 'must be one of new, open, pending_customer, resolved, closed, spam';
      if (changes.priority !== undefined && !isPriority(changes.priority)) fields.priority = 'must be one of low, normal, high, urgent';
      if (Object.keys(fields).length > 0) throw new AppError('validation.failed', 'Some fields need attention.', fields);

      let topicChanged = false;
      const updated = await deps.db.transaction().execute(async (trx) => {
        const current = await findCaseByNumber(trx, number);
        if (!current) throw new AppError('case.not_found', 'No case has this number.');
        const [topics, departments] = await Promise.all([listTopics(trx, { activeOnly: false }), listDepartments(trx)]);
        const set: Parameters<typeof updateCase>[2] = {};
        const actor = { type: 'agent' as const, id: agent.id };
        const reason = changes.reason?.trim() || null;

        if (changes.status !== undefined && changes.status !== current.status) {
          const to = changes.status as CaseStatus;
          if (to === 'merged' || !canTransition(current.status, to)) {
            throw new AppError('case.transition_invalid', `A case cannot go from ${current.status} to ${to}.`, { status: `cannot go from ${current.status} to ${to}` });
          }
          set.status = to;
          if (to === 'resolved') set.resolvedAt = now;
          if (current.status === 'resolved' && to === 'open') set.resolvedAt = null;
          await recordCaseEvent(trx, { caseId: current.id, type: 'case.status_changed', actor, at: now, data: { from: current.status, to, reason } });
        }
        if (changes.priority !== undefined && changes.priority !== current.priority) {
          set.priority = changes.priority as Priority;
          await recordCaseEvent(trx, { caseId: current.id, type: 'case.priority_changed', actor, at: now, data: { from: current.priority, to: changes.priority, reason } });
        }
        const topic = changes.topic !== undefined ? topics.find((t) => t.slug === changes.topic) : undefined;
        if (changes.topic !== undefined && !topic) throw new AppError('topic.unknown', 'No topic has this slug.', { topic: `unknown topic ${changes.topic}` });
        const department = changes.department !== undefined ? departments.find((d) => d.slug === changes.department) : topic && changes.department === undefined ? topic.department : undefined;
        if (changes.department !== undefined && !department) throw new AppError('validation.failed', 'No department has this slug.', { department: `unknown department ${changes.department}` });
        if ((topic && topic.id !== current.topicId) || (department && department.id !== current.departmentId)) {
          const fromTopic = topics.find((t) => t.id === current.topicId)?.slug;
          const fromDepartment = departments.find((d) => d.id === current.departmentId)?.slug;
          if (topic) set.topicId = topic.id;
          if (department) set.departmentId = department.id;
          topicChanged = Boolean(topic && topic.id !== current.topicId);
          await recordCaseEvent(trx, {
            caseId: current.id, type: 'case.rerouted', actor, at: now,
            data: { fromTopic, toTopic: topic?.slug ?? fromTopic, fromDepartment, toDepartment: department?.slug ?? fromDepartment, reason, triageCorrection: topicChanged },
          });
          if (topicChanged && topic) {
            const first = (await listMessagesOfCase(trx, current.id)).find((m) => m.direction === 'inbound');
            if (first) {
              await deps.triage.recordCorrection(trx, { caseId: current.id, topic: topic.slug, subject: first.subject, text: first.text, language: current.language, agentId: agent.id }, now);
            }
          }
        }
        // Re-routed into a department that assigns automatically, unless this change names an assignee.
        const autoAssigned = department && department.id !== current.departmentId && changes.assignee === undefined ? await pickAutoAssignee(trx, department.id, now) : null;
        if (autoAssigned && autoAssigned.agentId !== current.assigneeId) {
          set.assigneeId = autoAssigned.agentId;
          await recordAutoAssignment(trx, current, autoAssigned, now);
        }
        if (changes.assignee !== undefined && changes.assignee !== current.assigneeId) {
          if (changes.assignee !== null) {
            const assignee = await findAgentById(trx, changes.assignee);
            if (!assignee || !assignee.active) throw new AppError('validation.failed', 'No active agent has this id.', { assignee: 'unknown agent' });
          }
          set.assigneeId = changes.assignee;
          await recordCaseEvent(trx, { caseId: current.id, type: 'case.assigned', actor, at: now, data: { from: current.assigneeId, to: changes.assignee, reason } });
        }
        await updateCase(trx, current.id, set, now);
        const result = { ...current, ...set, updatedAt: now } as Case;
        if (set.status === 'resolved' && deps.onResolved) {
          await deps.onResolved(trx, { caseId: result.id, agentId: agent.id, assigneeId: result.assigneeId, departmentId: result.departmentId, at: now });
        }
        return result;
      });
      if (topicChanged) deps.triage.learnCorrections();
      deps.events.publish({ type: 'case.updated', caseId: updated.id, caseNumber: updated.number });
      return updated;
    },
  };
}
