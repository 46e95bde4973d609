import type { Expression, SqlBool } from 'kysely';
import type { Executor } from '../../storage/database.js';
import { fromDbTime, type Dialect } from '../../storage/dialect-helpers.js';
import {
  countMatchesUpTo, hasMatchingDocument, selectCaseIdsMatching, selectCasesMatchingNewestFirst, toIndexedMatchExpression, type MatchExpression,
} from '../search/index.js';
import type { CaseStatus, Channel, Priority } from './case.js';
import { countCases, type CaseCondition } from './case-queues.js';

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

const SUMMARY_COLUMNS = [
  'cases.id', 'cases.number', 'cases.subject', 'cases.status', 'cases.priority', 'cases.channel', 'cases.language',
  'cases.assignee_id', 'cases.created_at', 'cases.first_response_due_at', 'cases.topic_id',
  'topics.slug as topic_slug', 'departments.slug as department_slug', 'departments.name as department_name',
  'customers.id as customer_id', 'customers.name as customer_name', 'customers.email as customer_email',
] as const;

function selectSummaries(executor: Executor) {
  return executor
    .selectFrom('cases')
    .innerJoin('customers', 'customers.id', 'cases.customer_id')
    .innerJoin('topics', 'topics.id', 'cases.topic_id')
    .innerJoin('departments', 'departments.id', 'cases.department_id')
    .select(SUMMARY_COLUMNS);
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

/** Every filter except search and cursor, as one condition on `cases` (queue indexes apply). */
function filterCondition(filter: CaseListFilter): CaseCondition {
  return (eb) => {
    const conditions: Expression<SqlBool>[] = [];
    if (filter.queue) conditions.push(filter.queue(eb));
    if (filter.status && filter.status.length > 0) conditions.push(eb('cases.status', 'in', filter.status));
    if (filter.priority && filter.priority.length > 0) conditions.push(eb('cases.priority', 'in', filter.priority));
    if (filter.channel && filter.channel.length > 0) conditions.push(eb('cases.channel', 'in', filter.channel));
    if (filter.language) conditions.push(eb('cases.language', '=', filter.language));
    if (filter.assignee) conditions.push(eb('cases.assignee_id', '=', filter.assignee));
    if (filter.department) {
      conditions.push(eb('cases.department_id', '=', eb.selectFrom('departments').select('departments.id').where('departments.slug', '=', filter.department)));
    }
    if (filter.topic) conditions.push(eb('cases.topic_id', '=', eb.selectFrom('topics').select('topics.id').where('topics.slug', '=', filter.topic)));
    return eb.and(conditions);
  };
}

/** Up to this many matches (or cases in a queue), a search visits each of them; beyond, it scans. */
export const FEW_SEARCH_MATCHES = 5_000;

type SearchPlan = { kind: 'newest-matches' } | { kind: 'filter'; where: CaseCondition };

/**
 * How to list a search. Newest first, the full-text index is read in document (creation) order
 * until the page is full, which costs little however common the words. Within a queue, or by
 * due time: few matches → look each up and sort them; many matches → scan the queue's (or the
 * due) index and keep the cases whose document is among the matches, read once; many matches in
 * a large queue, newest first → the index order again.
 */
async function planSearch(executor: Executor, dialect: Dialect, expression: MatchExpression, filter: CaseListFilter, few: number): Promise<SearchPlan> {
  const newest = (filter.sort ?? 'newest') === 'newest';
  if (newest && !filter.queue) return { kind: 'newest-matches' };
  if ((await countMatchesUpTo(executor, dialect, expression, few + 1)) <= few) {
    return { kind: 'filter', where: (eb) => eb('cases.id', 'in', selectCaseIdsMatching(executor, dialect, expression)) };
  }
  if (newest && filter.queue && (await countCases(executor, filter.queue)) > few) return { kind: 'newest-matches' };
  return { kind: 'filter', where: hasMatchingDocument(dialect, expression) };
}

/**
 * One page of cases, keyset-paginated with row-value comparisons so that every page seeks into
 * an index. The page's ids are chosen on `cases` alone (one index range in sort order, or the
 * search matches sorted), then joined. Searches follow `planSearch` (`few` is for tests).
 */
export async function listCaseSummaries(executor: Executor, dialect: Dialect, filter: CaseListFilter, few = FEW_SEARCH_MATCHES): Promise<CaseSummary[]> {
  const sort = filter.sort ?? 'newest';
  const q = filter.q?.trim();
  const expression = q ? await toIndexedMatchExpression(executor, dialect, q) : null;
  if (q && expression === null) return [];
  const plan = expression ? await planSearch(executor, dialect, expression, filter, few) : null;
  if (expression && plan?.kind === 'newest-matches') return listMatchesNewestFirst(executor, dialect, expression, filter);

  let page = executor.selectFrom('cases').select('cases.id').where(filterCondition(filter)).limit(filter.limit);
  if (plan?.kind === 'filter') page = page.where(plan.where);
  const cursor = filter.cursor;
  if (sort === 'due') {
    page = page.orderBy('cases.first_response_due_at', 'asc').orderBy('cases.id', 'asc');
    if (cursor) page = page.where((eb) => eb(eb.refTuple('cases.first_response_due_at', 'cases.id'), '>', eb.tuple(cursor.at, cursor.id)));
  } else {
    page = page.orderBy('cases.created_at', 'desc').orderBy('cases.id', 'desc');
    if (cursor) page = page.where((eb) => eb(eb.refTuple('cases.created_at', 'cases.id'), '<', eb.tuple(cursor.at, cursor.id)));
  }
  const query = selectSummaries(executor).where('cases.id', 'in', page);
  const rows = await (sort === 'due'
    ? query.orderBy('cases.first_response_due_at', 'asc').orderBy('cases.id', 'asc')
    : query.orderBy('cases.created_at', 'desc').orderBy('cases.id', 'desc')
  ).execute();
  return rows.map(toSummary);
}

async function listMatchesNewestFirst(executor: Executor, dialect: Dialect, expression: MatchExpression, filter: CaseListFilter): Promise<CaseSummary[]> {
  const query = selectCasesMatchingNewestFirst(executor, dialect, expression, filter.cursor)
    .innerJoin('customers', 'customers.id', 'cases.customer_id')
    .innerJoin('topics', 'topics.id', 'cases.topic_id')
    .innerJoin('departments', 'departments.id', 'cases.department_id')
    .select(SUMMARY_COLUMNS)
    .where(filterCondition(filter))
    .limit(filter.limit);
  return (await query.execute()).map(toSummary);
}

export async function findCaseSummaryByNumber(executor: Executor, number: string): Promise<CaseSummary | null> {
  const row = await selectSummaries(executor).where('cases.number', '=', number).executeTakeFirst();
  return row ? toSummary(row) : null;
}

/** One customer's cases, newest first (the customer's account page); `cases_customer` serves it. */
export async function listCaseSummariesOfCustomer(executor: Executor, customerId: string, limit: number): Promise<CaseSummary[]> {
  const rows = await selectSummaries(executor).where('cases.customer_id', '=', customerId)
    .orderBy('cases.created_at', 'desc').orderBy('cases.id', 'desc').limit(limit).execute();
  return rows.map(toSummary);
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
