import { currentAgent, requireAgent } from '../../http/auth.js';
import type { HttpApp } from '../../http/types.js';
import type { Clock } from '../../kernel/clock.js';
import type { AuthService } from '../agents/auth.service.js';
import { isOverdue, type Task } from './task.js';
import { TaskIdParams, TaskListQuery, TaskListResponse, TaskPatchBody, TaskResponse } from './tasks.schema.js';
import type { TaskService } from './tasks.service.js';

/** An agent's follow-ups across cases (they are created on a case: POST /cases/<n>/tasks). */
export function registerTaskRoutes(app: HttpApp, deps: { auth: AuthService; tasks: TaskService; clock: Clock }): void {
  const present = (task: Task) => presentTask(task, deps.clock.now());

  app.get('/api/v1/tasks', {
    schema: { querystring: TaskListQuery, response: { 200: TaskListResponse } },
    preValidation: requireAgent(deps.auth),
  }, async (request) => {
    const list = await deps.tasks.list(request.query, currentAgent(request));
    return { tasks: list.tasks.map(present), myOpenCount: list.myOpenCount, myOverdueCount: list.myOverdueCount };
  });

  app.patch('/api/v1/tasks/:id', {
    schema: { params: TaskIdParams, body: TaskPatchBody, response: { 200: TaskResponse } },
    preValidation: requireAgent(deps.auth),
  }, async (request) => ({ task: present(await deps.tasks.setStatus(request.params.id, request.body.status, currentAgent(request))) }));
}

export function presentTask(task: Task, now: Date) {
  return {
    id: task.id,
    caseNumber: task.caseNumber,
    caseSubject: task.caseSubject,
    kind: task.kind,
    assignee: { id: task.assigneeId, name: task.assigneeName },
    createdBy: task.createdBy,
    dueAt: task.dueAt.toISOString(),
    note: task.note,
    status: task.status,
    overdue: isOverdue(task, now),
    createdAt: task.createdAt.toISOString(),
    completedAt: task.completedAt?.toISOString() ?? null,
  };
}
