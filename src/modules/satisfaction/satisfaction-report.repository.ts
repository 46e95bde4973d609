import type { Executor } from '../../storage/database.js';
import { fromDbTime, toDbTime } from '../../storage/dialect-helpers.js';
import type { SurveyCountRow } from './satisfaction-report.js';

export type ReportFilter = { from: Date; to: Date; department?: string };

/** A customer's comment for the report, newest answer first. */
export type SurveyComment = {
  id: string;
  caseNumber: string;
  rating: number;
  comment: string;
  answeredAt: Date;
  department: { slug: string; name: string };
  agent: { id: string; name: string } | null;
};

export type CommentCursor = { answeredAt: string; id: string };

function surveysSentIn(executor: Executor, filter: ReportFilter) {
  let query = executor.selectFrom('satisfaction_surveys as s')
    .innerJoin('departments as d', 'd.id', 's.department_id')
    .leftJoin('agents as a', 'a.id', 's.agent_id')
    .where('s.sent_at', '>=', toDbTime(filter.from))
    .where('s.sent_at', '<', toDbTime(filter.to));
  if (filter.department) query = query.where('d.slug', '=', filter.department);
  return query;
}

/** Surveys sent in [from, to), counted per department, agent and rating (null: unanswered). */
export async function countSurveys(executor: Executor, filter: ReportFilter): Promise<SurveyCountRow[]> {
  const rows = await surveysSentIn(executor, filter)
    .select(['d.slug', 'd.name as department_name', 's.agent_id', 'a.name as agent_name', 's.rating'])
    .select((eb) => eb.fn.countAll().as('count'))
    .groupBy(['d.slug', 'd.name', 's.agent_id', 'a.name', 's.rating'])
    .execute();
  return rows.map((row) => ({
    departmentSlug: row.slug,
    departmentName: row.department_name,
    agentId: row.agent_id,
    agentName: row.agent_name,
    // PostgreSQL returns counts (bigint) as strings.
    rating: row.rating === null ? null : Number(row.rating),
    count: Number(row.count),
  }));
}

/** One page of comments on surveys sent in [from, to), keyset-paginated on (answered_at, id). */
export async function listSurveyComments(executor: Executor, filter: ReportFilter, page: { limit: number; cursor?: CommentCursor }): Promise<SurveyComment[]> {
  let query = surveysSentIn(executor, filter)
    .innerJoin('cases as c', 'c.id', 's.case_id')
    .select(['s.id', 'c.number', 's.rating', 's.comment', 's.answered_at', 'd.slug', 'd.name as department_name', 's.agent_id', 'a.name as agent_name'])
    .where('s.comment', 'is not', null)
    .where('s.answered_at', 'is not', null)
    .orderBy('s.answered_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(page.limit);
  const cursor = page.cursor;
  if (cursor) query = query.where((eb) => eb(eb.refTuple('s.answered_at', 's.id'), '<', eb.tuple(cursor.answeredAt, cursor.id)));
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    caseNumber: row.number,
    rating: Number(row.rating),
    comment: row.comment ?? '',
    answeredAt: fromDbTime(row.answered_at as string),
    department: { slug: row.slug, name: row.department_name },
    agent: row.agent_id && row.agent_name ? { id: row.agent_id, name: row.agent_name } : null,
  }));
}

export async function departmentExists(executor: Executor, slug: string): Promise<boolean> {
  return (await executor.selectFrom('departments').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}
