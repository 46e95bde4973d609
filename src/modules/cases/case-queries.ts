import { sql } from 'kysely';
import type { Executor } from '../../storage/database.js';
import { fromDbTime, type Dialect } from '../../storage/dialect-helpers.js';
import type { CaseStatus, Channel, Priority } from './case.js';

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

export type CaseListFilter = {
  status?: CaseStatus[];
  department?: string;
  topic?: string;
  assignee?: string;
  q?: string;
  limit: number;
  cursor?: { createdAt: string; id: string };
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
 * Newest first, keyset-paginated on (created_at, id). `q` is a portable substring match over
 * subjects, message bodies, customer names/emails and tracking numbers; the console issue
 * replaces it with full-text search (FTS5 / tsvector).
 */
export async function listCaseSummaries(executor: Executor, dialect: Dialect, filter: CaseListFilter): Promise<CaseSummary[]> {
  let query = selectSummaries(executor).orderBy('cases.created_at', 'desc').orderBy('cases.id', 'desc').limit(filter.limit);
  if (filter.status && filter.status.length > 0) query = query.where('cases.status', 'in', filter.status);
  if (filter.department) query = query.where('departments.slug', '=', filter.department);
  if (filter.topic) query = query.where('topics.slug', '=', filter.topic);
  if (filter.assignee) query = query.where('cases.assignee_id', '=', filter.assignee);
  if (filter.cursor) {
    const { createdAt, id } = filter.cursor;
    query = query.where((eb) =>
      eb.or([eb('cases.created_at', '<', createdAt), eb.and([eb('cases.created_at', '=', createdAt), eb('cases.id', '<', id)])]),
    );
  }
  const q = filter.q?.trim();
  if (q) {
    const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const like = dialect === 'sqlite' ? sql`like` : sql`ilike`;
    const compactNumber = q.replace(/[\s-]/g, '').toUpperCase();
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`lower(cases.subject) ${like} ${pattern} escape '\\'`,
        sql<boolean>`lower(customers.name) ${like} ${pattern} escape '\\'`,
        sql<boolean>`customers.email ${like} ${pattern} escape '\\'`,
        eb('cases.number', '=', q.toUpperCase()),
        eb.exists(
          eb.selectFrom('case_tracking_numbers').select(sql`1`.as('one'))
            .whereRef('case_tracking_numbers.case_id', '=', 'cases.id').where('case_tracking_numbers.number', '=', compactNumber),
        ),
        eb.exists(
          eb.selectFrom('messages').select(sql`1`.as('one'))
            .whereRef('messages.case_id', '=', 'cases.id').where(sql<boolean>`lower(messages.text) ${like} ${pattern} escape '\\'`),
        ),
      ]),
    );
  }
  return (await query.execute()).map(toSummary);
}

export async function findCaseSummaryByNumber(executor: Executor, number: string): Promise<CaseSummary | null> {
  const row = await selectSummaries(executor).where('cases.number', '=', number).executeTakeFirst();
  return row ? toSummary(row) : null;
}

export function encodeCursor(summary: CaseSummary): string {
  return Buffer.from(`${summary.createdAt.toISOString()}|${summary.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } | null {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt))) return null;
  return { createdAt, id };
}
