import { Type } from 'typebox';

export const SatisfactionReportQuery = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 40, description: 'start of the period (inclusive): a date (UTC midnight) or an ISO 8601 date-time; default 30 days before `to`' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'end of the period: a date (that whole day, UTC) or an ISO 8601 date-time (exclusive); default the end of today (UTC)' })),
  department: Type.Optional(Type.String({ maxLength: 100, description: 'a department slug' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'comments per page' })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page of comments' })),
});

const Figures = {
  sent: Type.Integer({ description: 'surveys emailed in the period' }),
  answered: Type.Integer({ description: 'of those, how many the customer answered' }),
  responseRate: Type.Union([Type.Number(), Type.Null()], { description: 'answered / sent, 0–1; null when none was sent' }),
  average: Type.Union([Type.Number(), Type.Null()], { description: 'mean rating, 1 (very dissatisfied) – 5 (very satisfied); null when none was answered' }),
  distribution: Type.Array(Type.Object({ rating: Type.Integer({ minimum: 1, maximum: 5 }), count: Type.Integer() }), { description: 'answers per rating, 1 to 5' }),
};

export const SatisfactionReportResponse = Type.Object({
  period: Type.Object({ from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) }),
  department: Type.Union([Type.String(), Type.Null()]),
  overall: Type.Object(Figures),
  departments: Type.Array(Type.Object({ slug: Type.String(), name: Type.String(), ...Figures }), { description: 'the department each case was resolved in' }),
  agents: Type.Array(Type.Object({ id: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]), ...Figures }), {
    description: 'the case\'s assignee when it was resolved (the resolving agent when it was unassigned)',
  }),
  comments: Type.Array(Type.Object({
    caseNumber: Type.String(),
    rating: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Type.String(),
    answeredAt: Type.String({ format: 'date-time' }),
    department: Type.Object({ slug: Type.String(), name: Type.String() }),
    agent: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  }), { description: 'customers\' comments, newest answer first' }),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
