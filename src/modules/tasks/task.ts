/** Follow-ups an agent schedules on a case; phone call-backs are the first kind. */
export const TASK_KINDS = ['phone_follow_up'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_STATUSES = ['open', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export type Task = {
  id: string;
  caseId: string;
  caseNumber: string;
  caseSubject: string;
  kind: TaskKind;
  assigneeId: string;
  assigneeName: string;
  createdBy: string;
  dueAt: Date;
  note: string | null;
  status: TaskStatus;
  createdAt: Date;
  completedAt: Date | null;
  completedBy: string | null;
};

/** An open task whose due time has passed. */
export function isOverdue(task: Pick<Task, 'status' | 'dueAt'>, now: Date): boolean {
  return task.status === 'open' && task.dueAt.getTime() < now.getTime();
}
