import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import type { Database, Executor } from '../../storage/database.js';
import { hasRole, type Agent } from '../agents/agent.js';
import { findAgentById } from '../agents/agents.repository.js';
import { recordCaseAction, requireCase } from '../cases/case-audit.js';
import { findCaseById } from '../cases/cases.repository.js';
import type { Task, TaskKind, TaskStatus } from './task.js';
import { countOpenTasks, findTask, insertTask, listTasks, setTaskStatus } from './tasks.repository.js';

export type NewTaskInput = { kind: TaskKind; dueAt: string; note?: string | undefined; assignee?: string | undefined };
export type TaskQuery = { assignee?: string | undefined; caseNumber?: string | undefined; status?: TaskStatus | 'all' | undefined; limit?: number | undefined };
export type TaskList = { tasks: Task[]; myOpenCount: number; myOverdueCount: number };

export interface TaskService {
  /** Schedules a follow-up on a case for an agent (the caller unless `assignee` names another active agent). */
  create(caseNumber: string, input: NewTaskInput, agent: Agent): Promise<Task>;
  /** Tasks by assignee (`me` or an agent id), case and status, soonest due first, with the viewer's own counts. */
  list(query: TaskQuery, viewer: Agent): Promise<TaskList>;
  /** Marks a task done (or open again): its assignee, its creator, or a supervisor. */
  setStatus(id: string, status: TaskStatus, agent: Agent): Promise<Task>;
}

export function createTaskService(deps: { db: Kysely<Database>; clock: Clock; events: EventBus }): TaskService {
  const publish = (task: Pick<Task, 'caseId' | 'caseNumber'>) => deps.events.publish({ type: 'case.updated', caseId: task.caseId, caseNumber: task.caseNumber });
  return {
    async create(caseNumber, input, agent) {
      const now = deps.clock.now();
      const dueAt = parseDueAt(input.dueAt, now);
      const note = input.note?.trim() || null;
      const task = await deps.db.transaction().execute(async (trx) => {
        const record = await requireCase(trx, caseNumber);
        const assigneeId = await activeAgentId(trx, input.assignee ?? agent.id);
        const id = newId(now.getTime());
        await insertTask(trx, { id, caseId: record.id, kind: input.kind, assigneeId, createdBy: agent.id, dueAt, note, createdAt: now });
        await recordCaseAction(trx, {
          record, type: 'task.created', actor: { type: 'agent', id: agent.id }, at: now,
          data: { taskId: id, kind: input.kind, dueAt: dueAt.toISOString(), assignee: assigneeId, note },
        });
        return requireTask(trx, id);
      });
      publish(task);
      return task;
    },

    async list(query, viewer) {
      const assigneeId = query.assignee === 'me' ? viewer.id : query.assignee;
      const caseId = query.caseNumber ? (await requireCase(deps.db, query.caseNumber)).id : undefined;
      const status = query.status === 'all' ? undefined : (query.status ?? 'open');
      const [tasks, mine] = await Promise.all([
        listTasks(deps.db, { assigneeId, caseId, status, limit: query.limit ?? 100 }),
        countOpenTasks(deps.db, viewer.id, deps.clock.now()),
      ]);
      return { tasks, myOpenCount: mine.open, myOverdueCount: mine.overdue };
    },

    async setStatus(id, status, agent) {
      const now = deps.clock.now();
      const task = await deps.db.transaction().execute(async (trx) => {
        const found = await requireTask(trx, id);
        if (found.assigneeId !== agent.id && found.createdBy !== agent.id && !hasRole(agent, 'supervisor')) {
          throw new AppError('auth.forbidden', 'Only its assignee, its creator or a supervisor can change this task.');
        }
        if (found.status === status) return found;
        await setTaskStatus(trx, id, { status, by: agent.id, at: now });
        const record = await findCaseById(trx, found.caseId);
        if (!record) throw new Error(`task ${id} has no case`);
        const type = status === 'done' ? 'task.completed' : 'task.reopened';
        await recordCaseAction(trx, { record, type, actor: { type: 'agent', id: agent.id }, at: now, data: { taskId: id, kind: found.kind } });
        return requireTask(trx, id);
      });
      publish(task);
      return task;
    },
  };
}

function parseDueAt(value: string, now: Date): Date {
  const dueAt = new Date(value);
  if (Number.isNaN(dueAt.getTime())) throw new AppError('validation.failed', 'The due time is not a date.', { dueAt: 'must be an ISO 8601 date-time' });
  // A minute of slack for clock skew between the browser and us.
  if (dueAt.getTime() < now.getTime() - 60_000) throw new AppError('validation.failed', 'The due time has passed.', { dueAt: 'must be in the future' });
  return dueAt;
}

async function requireTask(executor: Executor, id: string): Promise<Task> {
  const found = await findTask(executor, id);
  if (!found) throw new AppError('task.not_found', 'There is no such task.');
  return found;
}

async function activeAgentId(executor: Executor, id: string): Promise<string> {
  const found = await findAgentById(executor, id);
  if (!found || !found.active) throw new AppError('validation.failed', 'No active agent has this id.', { assignee: 'unknown agent' });
  return found.id;
}
