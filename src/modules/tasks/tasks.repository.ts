import type { Executor } from '../../storage/database.js';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../../storage/dialect-helpers.js';
import type { Task, TaskKind, TaskStatus } from './task.js';

export type NewTask = Pick<Task, 'id' | 'caseId' | 'kind' | 'assigneeId' | 'createdBy' | 'dueAt' | 'note' | 'createdAt'>;

export async function insertTask(executor: Executor, task: NewTask): Promise<void> {
  await executor.insertInto('case_tasks').values({
    id: task.id, case_id: task.caseId, kind: task.kind, assignee_id: task.assigneeId, created_by: task.createdBy,
    due_at: toDbTime(task.dueAt), note: task.note, status: 'open', created_at: toDbTime(task.createdAt), completed_at: null, completed_by: null,
  }).execute();
}

function selectTasks(executor: Executor) {
  return executor
    .selectFrom('case_tasks')
    .innerJoin('cases', 'cases.id', 'case_tasks.case_id')
    .innerJoin('agents', 'agents.id', 'case_tasks.assignee_id')
    .selectAll('case_tasks')
    .select(['cases.number as case_number', 'cases.subject as case_subject', 'agents.name as assignee_name']);
}

type TaskRow = Awaited<ReturnType<ReturnType<typeof selectTasks>['executeTakeFirstOrThrow']>>;

function toTask(row: TaskRow): Task {
  return {
    id: row.id, caseId: row.case_id, caseNumber: row.case_number, caseSubject: row.case_subject, kind: row.kind as TaskKind,
    assigneeId: row.assignee_id, assigneeName: row.assignee_name, createdBy: row.created_by, dueAt: fromDbTime(row.due_at), note: row.note,
    status: row.status as TaskStatus, createdAt: fromDbTime(row.created_at), completedAt: fromDbTimeOrNull(row.completed_at), completedBy: row.completed_by,
  };
}

export async function findTask(executor: Executor, id: string): Promise<Task | null> {
  const row = await selectTasks(executor).where('case_tasks.id', '=', id).executeTakeFirst();
  return row ? toTask(row) : null;
}

export type TaskFilter = { assigneeId?: string | undefined; caseId?: string | undefined; status?: TaskStatus | undefined; limit: number };

/** Soonest due first: the order an agent works them in. */
export async function listTasks(executor: Executor, filter: TaskFilter): Promise<Task[]> {
  let query = selectTasks(executor).orderBy('case_tasks.due_at').orderBy('case_tasks.id').limit(filter.limit);
  if (filter.assigneeId) query = query.where('case_tasks.assignee_id', '=', filter.assigneeId);
  if (filter.caseId) query = query.where('case_tasks.case_id', '=', filter.caseId);
  if (filter.status) query = query.where('case_tasks.status', '=', filter.status);
  return (await query.execute()).map(toTask);
}

/** An agent's open tasks, and how many of them are overdue at `now` (one index range). */
export async function countOpenTasks(executor: Executor, assigneeId: string, now: Date): Promise<{ open: number; overdue: number }> {
  const row = await executor
    .selectFrom('case_tasks')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('open'),
      eb.fn.sum<number | string | null>(eb.case().when('due_at', '<', toDbTime(now)).then(1).else(0).end()).as('overdue'),
    ])
    .where('assignee_id', '=', assigneeId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), overdue: Number(row.overdue ?? 0) };
}

export async function setTaskStatus(executor: Executor, id: string, change: { status: TaskStatus; by: string; at: Date }): Promise<void> {
  const done = change.status === 'done';
  await executor.updateTable('case_tasks').set({
    status: change.status, completed_at: done ? toDbTime(change.at) : null, completed_by: done ? change.by : null,
  }).where('id', '=', id).execute();
}
