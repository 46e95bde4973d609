import type { Executor } from '../../storage/database.js';
import { fromDbTime, type Dialect } from '../../storage/dialect-helpers.js';
import { selectCaseIdsMatching } from '../search/index.js';
import type { CaseStatus, Channel, Priority } from './case.js';
import type { CaseCondition } from './case-queues.js';

/** One row of an agent's case list (CONTRACT.md `GET /api/v1/cases`). */
export type CaseSummary = {
  caseNumber: string;
  subject: string;
  status: CaseStatus;
  topic: string;
  topicId: string;
  department: string;
  departmentName: string;
  priority: Priority;
  channel: Channel;
  language: string;
  customer: { id: string; name: string; email: string };
  assigneeId: string | null;
  createdAt: Date;
  firstResponseDueAt: Date;
  id: string;
};

/** `newest`: created_at descending (the default); `due`: first response due time ascending. */
export const CASE_SORTS = ['newest', 'due'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

/** Where a page ended: the sort key of its last case, and the sort it belongs to. */
export type CaseCursor = { sort: CaseSort; at: string; id: string };

export type CaseListFilter = {
  status?: CaseStatus[];
  department?: string;
  topic?: string;
  assignee?: string;
  priority?: Priority[];
  channel?: Channel[];
  language?: string;
  /** A queue's condition (case-queues.ts): the same one its count uses. */
  queue?: CaseCondition;
  q?: string;
  sort?: CaseSort;
  limit: number;
  cursor?: CaseCursor;
};

function selectSummaries(executor: Executor) {
  return executor
    .selectFrom('cases')
    .innerJoin('customers', 'customers.id', 'cases.customer_id')
    .innerJoin('topics', 'topics.id', 'cases.topic_id')
    .innerJoin('departments', 'departments.id', 'cases.department_id')
    .select([
      'cases.id', 'cases.number', 'cases.subject', 'cases.status', 'cases.priority', 'cases.channel', 'cases.language',
      'cases.assignee_id', 'cases.created_at', 'cases.first_response_due_at', 'cases.topic_id',
      'topics.slug as topic_slug', 'departments.slug as department_slug', 'departments.name as department_name',
      'customers.id as customer_id', 'customers.name as customer_name', 'customers.email as customer_email',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectSummaries>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): CaseSummary {
  return {
    id: row.id,
    caseNumber: row.number,
    subject: row.subject,
    status: row.status as CaseStatus,
    topic: row.topic_slug,
    topicId: row.topic_id,
    department: row.department_slug,
    departmentName: row.department_name,
    priority: row.priority as Priority,
    channel: row.channel as Channel,
    language: row.language,
    customer: { id: row.customer_id, name: row.customer_name, email: row.customer_email },
    assigneeId: row.assignee_id,
    createdAt: fromDbTime(row.created_at),
    firstResponseDueAt: fromDbTime(row.first_response_due_at),
  };
}

/**
 * One page of cases, keyset-paginated on (sort key, id) with row-value comparisons, so every
 * page seeks straight into an index. `q` is full-text search (src/modules/search).
 */
export async function listCaseSummaries(executor: Executor, dialect: Dialect, filter: CaseListFilter): Promise<CaseSummary[]> {
  const sort = filter.sort ?? 'newest';
  let query = selectSummaries(executor).limit(filter.limit);
  query = sort === 'due'
    ? query.orderBy('cases.first_response_due_at', 'asc').orderBy('cases.id', 'asc')
    : query.orderBy('cases.created_at', 'desc').orderBy('cases.id', 'desc');
  if (filter.queue) query = query.where(filter.queue);
  if (filter.status && filter.status.length > 0) query = query.where('cases.status', 'in', filter.status);
  if (filter.priority && filter.priority.length > 0) query = query.where('cases.priority', 'in', filter.priority);
  if (filter.channel && filter.channel.length > 0) query = query.where('cases.channel', 'in', filter.channel);
  if (filter.language) query = query.where('cases.language', '=', filter.language);
  if (filter.department) query = query.where('departments.slug', '=', filter.department);
  if (filter.topic) query = query.where('topics.slug', '=', filter.topic);
  if (filter.assignee) query = query.where('cases.assignee_id', '=', filter.assignee);
  if (filter.cursor) {
    const { at, id } = filter.cursor;
    query = sort === 'due'
      ? query.where((eb) => eb(eb.refTuple('cases.first_response_due_at', 'cases.id'), '>', eb.tuple(at, id)))
      : query.where((eb) => eb(eb.refTuple('cases.created_at', 'cases.id'), '<', eb.tuple(at, id)));
  }
  const q = filter.q?.trim();
  if (q) query = query.where('cases.id', 'in', selectCaseIdsMatching(executor, dialect, q));
  return (await query.execute()).map(toSummary);
}

export async function findCaseSummaryByNumber(executor: Executor, number: string): Promise<CaseSummary | null> {
  const row = await selectSummaries(executor).where('cases.number', '=', number).executeTakeFirst();
  return row ? toSummary(row) : null;
}

export function encodeCursor(summary: CaseSummary, sort: CaseSort): string {
  const at = sort === 'due' ? summary.firstResponseDueAt : summary.createdAt;
  return Buffer.from(`${sort}|${at.toISOString()}|${summary.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): CaseCursor | null {
  const [sort, at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!sort || !(CASE_SORTS as readonly string[]).includes(sort) || !at || !id || Number.isNaN(Date.parse(at))) return null;
  return { sort: sort as CaseSort, at, id };
}
