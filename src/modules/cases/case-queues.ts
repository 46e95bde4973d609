import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, Executor } from '../../storage/database.js';
import { toDbTime } from '../../storage/dialect-helpers.js';
import { TRIAGE_DEPARTMENT_SLUG } from '../topics/default-topics.js';
import { listDepartments } from '../topics/topics.repository.js';
import type { Department } from '../topics/topic.js';

/**
 * Work queues hold open cases: new, open, and pending_customer (the case is still the
 * department's, or the assignee's, to follow up when the customer writes back).
 */
export const OPEN_STATUSES = ['new', 'open', 'pending_customer'] as const;

/**
 * The first-response clock runs only while the case waits on us: new or open, never answered.
 * A pending_customer case waits on the customer, so it is never "due soon" nor "breached".
 */
export const AWAITING_FIRST_RESPONSE_STATUSES = ['new', 'open'] as const;

/** "Due soon": the first response is due within this window from now. */
export const DUE_SOON_WINDOW_MS = 24 * 60 * 60 * 1000;

/** A condition on `cases` alone, so a count reads one index and a page applies the same rule. */
export type CaseCondition = (eb: ExpressionBuilder<Database, 'cases'>) => Expression<SqlBool>;

/** A queue of the agent console: its one definition serves both its count and its case list. */
export type Queue = { id: string; name: string; where: CaseCondition };

export type QueueCount = { id: string; name: string; count: number };

type QueueContext = { agentId: string; now: Date; departments: Department[] };

// Status lists are SQL literals, not parameters: SQLite uses a partial index only when the
// query's terms match the index's WHERE (migration 0005) term for term.
function statusIn(statuses: readonly string[]): CaseCondition {
  return (eb) => sql<SqlBool>`${eb.ref('cases.status')} in (${sql.join(statuses.map((s) => sql.lit(s)))})`;
}

const isOpen = statusIn(OPEN_STATUSES);
/** Still awaiting its first answer (the SLA queues); matches the partial indexes of migration 0005. */
export const isAwaitingFirstResponse: CaseCondition = (eb) =>
  eb.and([eb('cases.first_responded_at', 'is', null), statusIn(AWAITING_FIRST_RESPONSE_STATUSES)(eb)]);
const never: CaseCondition = () => sql<SqlBool>`1 = 0`;

function departmentQueue(department: Department): Queue {
  return {
    id: `department:${department.slug}`,
    name: department.name,
    where: (eb) => eb.and([eb('cases.department_id', '=', department.id), isOpen(eb)]),
  };
}

/** Every queue in display order: the personal and SLA queues, then one per department. */
function buildQueues({ agentId, now, departments }: QueueContext): Queue[] {
  const nowAt = toDbTime(now);
  const soonAt = toDbTime(new Date(now.getTime() + DUE_SOON_WINDOW_MS));
  const triage = departments.find((d) => d.slug === TRIAGE_DEPARTMENT_SLUG);
  return [
    { id: 'mine', name: 'Mine', where: (eb) => eb.and([eb('cases.assignee_id', '=', agentId), isOpen(eb)]) },
    { id: 'unassigned', name: 'Unassigned', where: (eb) => eb.and([eb('cases.assignee_id', 'is', null), isOpen(eb)]) },
    { id: 'triage', name: 'Triage', where: triage ? departmentQueue(triage).where : never },
    {
      id: 'due-soon',
      name: 'Due soon',
      where: (eb) => eb.and([isAwaitingFirstResponse(eb), eb('cases.first_response_due_at', '>=', nowAt), eb('cases.first_response_due_at', '<', soonAt)]),
    },
    { id: 'breached', name: 'Breached', where: (eb) => eb.and([isAwaitingFirstResponse(eb), eb('cases.first_response_due_at', '<', nowAt)]) },
    ...departments.map(departmentQueue),
  ];
}

async function loadQueues(executor: Executor, agentId: string, now: Date): Promise<Queue[]> {
  return buildQueues({ agentId, now, departments: await listDepartments(executor) });
}

/** The queue with this id as the agent sees it now, or null for an id no queue has. */
export async function findQueue(executor: Executor, id: string, agentId: string, now: Date): Promise<Queue | null> {
  return (await loadQueues(executor, agentId, now)).find((queue) => queue.id === id) ?? null;
}

/** How many cases satisfy a condition (an index range count for every queue). */
export async function countCases(executor: Executor, where: CaseCondition): Promise<number> {
  const row = await executor.selectFrom('cases').select((eb) => eb.fn.countAll().as('count')).where(where).executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Every queue with its count. */
export async function countQueues(executor: Executor, agentId: string, now: Date): Promise<QueueCount[]> {
  const counts: QueueCount[] = [];
  for (const queue of await loadQueues(executor, agentId, now)) {
    counts.push({ id: queue.id, name: queue.name, count: await countCases(executor, queue.where) });
  }
  return counts;
}
