import { Type } from 'typebox';
import { TASK_KINDS, TASK_STATUSES } from './task.js';

export const CreateTaskBody = Type.Object(
  {
    kind: Type.Enum(TASK_KINDS),
    dueAt: Type.String({ format: 'date-time', maxLength: 40 }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'an agent id; default: the caller' })),
  },
  { additionalProperties: false },
);

export const TaskListQuery = Type.Object({
  assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '`me` or an agent id; default: everyone' })),
  caseNumber: Type.Optional(Type.String({ maxLength: 40 })),
  status: Type.Optional(Type.Union([...TASK_STATUSES.map((s) => Type.Literal(s)), Type.Literal('all')], { default: 'open' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 100 })),
});

export const TaskIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const TaskPatchBody = Type.Object({ status: Type.Enum(TASK_STATUSES) }, { additionalProperties: false });

const TaskSchema = Type.Object({
  id: Type.String(),
  caseNumber: Type.String(),
  caseSubject: Type.String(),
  kind: Type.Enum(TASK_KINDS),
  assignee: Type.Object({ id: Type.String(), name: Type.String() }),
  createdBy: Type.String(),
  dueAt: Type.String({ format: 'date-time' }),
  note: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(TASK_STATUSES),
  overdue: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const TaskResponse = Type.Object({ task: TaskSchema });

export const TaskListResponse = Type.Object({
  tasks: Type.Array(TaskSchema),
  myOpenCount: Type.Integer({ description: "the caller's open tasks, whatever the filter" }),
  myOverdueCount: Type.Integer({ description: "the caller's open tasks past their due time" }),
});
