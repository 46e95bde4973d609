import type { Executor } from '../../storage/database.js';
import { fromDbBool, fromDbJson, fromDbTime, fromDbTimeOrNull, toDbBool, toDbJson, toDbTime, type Dialect } from '../../storage/dialect-helpers.js';
import { newId } from '../../kernel/ids.js';
import type { CasesTable } from './cases.table.js';
import type { Case, CaseStatus, Channel, Priority } from './case.js';
import type { CaseNumber } from './case-number.js';

export type CaseEventActor = { type: 'customer' | 'agent' | 'system'; id: string | null };

export type CaseEvent = {
  id: string;
  caseId: string;
  type: string;
  actor: CaseEventActor;
  data: Record<string, unknown>;
  createdAt: Date;
};

export type TrackingNumber = { number: string; carrier: string; valid: boolean };

export async function insertCase(executor: Executor, record: Case): Promise<void> {
  await executor
    .insertInto('cases')
    .values({
      id: record.id,
      number: record.number,
      customer_id: record.customerId,
      topic_id: record.topicId,
      department_id: record.departmentId,
      assignee_id: record.assigneeId,
      status: record.status,
      priority: record.priority,
      channel: record.channel,
      subject: record.subject,
      language: record.language,
      first_response_due_at: toDbTime(record.firstResponseDueAt),
      first_responded_at: record.firstRespondedAt ? toDbTime(record.firstRespondedAt) : null,
      created_at: toDbTime(record.createdAt),
      updated_at: toDbTime(record.updatedAt),
      resolved_at: record.resolvedAt ? toDbTime(record.resolvedAt) : null,
    })
    .execute();
}

export async function isCaseNumberTaken(executor: Executor, number: string): Promise<boolean> {
  const row = await executor.selectFrom('cases').select('id').where('number', '=', number).executeTakeFirst();
  return row !== undefined;
}

export async function findCaseByNumber(executor: Executor, number: CaseNumber): Promise<Case | null> {
  const row = await executor.selectFrom('cases').selectAll().where('number', '=', number).executeTakeFirst();
  return row ? toCase(row) : null;
}

export async function findCaseById(executor: Executor, id: string): Promise<Case | null> {
  const row = await executor.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toCase(row) : null;
}

export async function recordCaseEvent(
  executor: Executor,
  event: { caseId: string; type: string; actor: CaseEventActor; data: Record<string, unknown>; at: Date },
): Promise<void> {
  await executor
    .insertInto('case_events')
    .values({
      id: newId(event.at.getTime()),
      case_id: event.caseId,
      type: event.type,
      actor_type: event.actor.type,
      actor_id: event.actor.id,
      data: toDbJson(event.data),
      created_at: toDbTime(event.at),
    })
    .execute();
}

export async function listCaseEvents(executor: Executor, caseId: string): Promise<CaseEvent[]> {
  const rows = await executor.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
  return rows.map((row) => ({
    id: row.id,
    caseId: row.case_id,
    type: row.type,
    actor: { type: row.actor_type as CaseEventActor['type'], id: row.actor_id },
    data: fromDbJson<Record<string, unknown>>(row.data),
    createdAt: fromDbTime(row.created_at),
  }));
}

export async function addTrackingNumbers(executor: Executor, dialect: Dialect, caseId: string, numbers: TrackingNumber[]): Promise<void> {
  if (numbers.length === 0) return;
  await executor
    .insertInto('case_tracking_numbers')
    .values(numbers.map((n) => ({ case_id: caseId, number: n.number, carrier: n.carrier, valid: toDbBool(n.valid, dialect) })))
    .onConflict((oc) => oc.columns(['case_id', 'number']).doNothing())
    .execute();
}

export async function listTrackingNumbers(executor: Executor, caseId: string): Promise<TrackingNumber[]> {
  const rows = await executor.selectFrom('case_tracking_numbers').selectAll().where('case_id', '=', caseId).orderBy('number').execute();
  return rows.map((row) => ({ number: row.number, carrier: row.carrier, valid: fromDbBool(row.valid) }));
}

export async function listLinkedCaseNumbers(executor: Executor, caseId: string): Promise<{ caseNumber: string; kind: string }[]> {
  const rows = await executor
    .selectFrom('case_links')
    .innerJoin('cases', 'cases.id', 'case_links.linked_case_id')
    .select(['cases.number', 'case_links.kind'])
    .where('case_links.case_id', '=', caseId)
    .orderBy('case_links.created_at')
    .execute();
  return rows.map((row) => ({ caseNumber: row.number, kind: row.kind }));
}

export async function updateCase(
  executor: Executor,
  id: string,
  changes: Partial<Pick<Case, 'status' | 'priority' | 'departmentId' | 'topicId' | 'assigneeId' | 'resolvedAt' | 'firstRespondedAt'>>,
  now: Date,
): Promise<void> {
  const set: Partial<CasesTable> = { updated_at: toDbTime(now) };
  if (changes.status !== undefined) set.status = changes.status;
  if (changes.priority !== undefined) set.priority = changes.priority;
  if (changes.departmentId !== undefined) set.department_id = changes.departmentId;
  if (changes.topicId !== undefined) set.topic_id = changes.topicId;
  if (changes.assigneeId !== undefined) set.assignee_id = changes.assigneeId;
  if (changes.resolvedAt !== undefined) set.resolved_at = changes.resolvedAt ? toDbTime(changes.resolvedAt) : null;
  if (changes.firstRespondedAt !== undefined) set.first_responded_at = changes.firstRespondedAt ? toDbTime(changes.firstRespondedAt) : null;
  await executor.updateTable('cases').set(set).where('id', '=', id).execute();
}

export function toCase(row: CasesTable): Case {
  return {
    id: row.id,
    number: row.number as CaseNumber,
    customerId: row.customer_id,
    topicId: row.topic_id,
    departmentId: row.department_id,
    assigneeId: row.assignee_id,
    status: row.status as CaseStatus,
    priority: row.priority as Priority,
    channel: row.channel as Channel,
    subject: row.subject,
    language: row.language,
    firstResponseDueAt: fromDbTime(row.first_response_due_at),
    firstRespondedAt: fromDbTimeOrNull(row.first_responded_at),
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
    resolvedAt: fromDbTimeOrNull(row.resolved_at),
  };
}

/** A case with its customer's email and merge target: what threading of inbound mail needs. */
export type CaseForThreading = Case & { customerEmail: string; mergedIntoId: string | null };

export async function findCaseForThreading(executor: Executor, by: { id: string } | { number: string }): Promise<CaseForThreading | null> {
  let query = executor
    .selectFrom('cases')
    .innerJoin('customers', 'customers.id', 'cases.customer_id')
    .selectAll('cases')
    .select('customers.email as customer_email')
    .select((eb) =>
      eb.selectFrom('case_links').select('case_links.linked_case_id')
        .whereRef('case_links.case_id', '=', 'cases.id').where('case_links.kind', '=', 'merged-into').limit(1).as('merged_into_id'),
    );
  query = 'id' in by ? query.where('cases.id', '=', by.id) : query.where('cases.number', '=', by.number);
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const { customer_email, merged_into_id, ...caseRow } = row;
  return { ...toCase(caseRow), customerEmail: customer_email, mergedIntoId: merged_into_id ?? null };
}

const OPEN_STATUSES = ['new', 'open', 'pending_customer'] as const;

/** The customer's most recent open case about one of these tracking numbers (duplicate detection). */
export async function findOpenCaseByTrackingNumber(executor: Executor, customerEmail: string, numbers: string[]): Promise<Case | null> {
  if (numbers.length === 0) return null;
  const row = await executor
    .selectFrom('cases')
    .innerJoin('customers', 'customers.id', 'cases.customer_id')
    .innerJoin('case_tracking_numbers', 'case_tracking_numbers.case_id', 'cases.id')
    .selectAll('cases')
    .where('customers.email', '=', customerEmail)
    .where('case_tracking_numbers.number', 'in', numbers)
    .where('cases.status', 'in', [...OPEN_STATUSES])
    .orderBy('cases.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toCase(row) : null;
}

/** How many web-form cases the customer with this (normalised) email opened since `since`. */
export async function countWebCasesByEmailSince(executor: Executor, customerEmail: string, since: Date): Promise<number> {
  const row = await executor
    .selectFrom('cases')
    .innerJoin('customers', 'customers.id', 'cases.customer_id')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('customers.email', '=', customerEmail)
    .where('cases.channel', '=', 'web')
    .where('cases.created_at', '>=', toDbTime(since))
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
