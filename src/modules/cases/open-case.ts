import { newId } from '../../kernel/ids.js';
import type { Executor } from '../../storage/database.js';
import type { Dialect } from '../../storage/dialect-helpers.js';
import { findOrCreateCustomer, type CustomerContact } from '../customers/customers.repository.js';
import type { Customer } from '../customers/customer.js';
import type { Attachment, Message } from '../messages/message.js';
import { insertMessageWithAttachments } from '../messages/messages.repository.js';
import type { Department, Topic } from '../topics/topic.js';
import type { Case, Channel, Priority } from './case.js';
import { generateCaseNumber, type CaseNumber } from './case-number.js';
import { addTrackingNumbers, insertCase, isCaseNumberTaken, recordCaseEvent, type TrackingNumber } from './cases.repository.js';
import { pickAutoAssignee, recordAutoAssignment } from '../assignment/auto-assign.js';

/** What routing decided for a new case, with the reasons shown on its timeline. */
export type Routing = {
  topic: Topic;
  /** Overrides the topic's department, e.g. the Triage department for an unsure classification. */
  department?: Department;
  priority: Priority;
  language: string;
  reasons: string[];
  /** Extra facts for the `case.routed` event (classifier scores, matched words…). */
  details?: Record<string, unknown>;
};

export type FirstMessage = Pick<Message, 'subject' | 'text' | 'html' | 'emailMessageId'> & {
  attachments: Omit<Attachment, 'caseId' | 'messageId'>[];
  fullText?: string | null;
  senderEmail?: string | null;
  inboundId?: string | null;
  auth?: Record<string, unknown> | null;
  flags?: Record<string, unknown> | null;
};

export type OpenCaseInput = {
  channel: Channel;
  contact: CustomerContact;
  subject: string;
  routing: Routing;
  firstResponseDueAt: Date;
  message: FirstMessage;
  trackingNumbers: TrackingNumber[];
  /** A case this one refers to (a reply to a closed case, an unproven claim): linked both ways. */
  link?: { caseId: string; kind: string } | undefined;
};

export type OpenedCase = { record: Case; customer: Customer; messageId: string };

/**
 * Opens a case inside the caller's transaction: customer, case, first message with its
 * attachments, tracking numbers, and the `case.created` / `case.routed` timeline events.
 * Every channel goes through here, so a case looks the same whichever way it arrived.
 */
export async function openCase(trx: Executor, dialect: Dialect, input: OpenCaseInput, now: Date): Promise<OpenedCase> {
  const customer = await findOrCreateCustomer(trx, dialect, input.contact, now);
  const { routing } = input;
  const departmentId = (routing.department ?? routing.topic.department).id;
  const autoAssigned = await pickAutoAssignee(trx, departmentId, now);
  const record: Case = {
    id: newId(now.getTime()),
    number: await uniqueCaseNumber(trx),
    customerId: customer.id,
    topicId: routing.topic.id,
    departmentId,
    assigneeId: autoAssigned?.agentId ?? null,
    status: 'new',
    priority: routing.priority,
    channel: input.channel,
    subject: input.subject,
    language: routing.language,
    firstResponseDueAt: input.firstResponseDueAt,
    firstRespondedAt: null,
    createdAt: now,
    updatedAt: now,
    resolvedAt: null,
  };
  await insertCase(trx, record);
  const messageId = await insertCustomerMessage(trx, { caseId: record.id, customerId: customer.id, channel: input.channel, message: input.message }, now);
  await addTrackingNumbers(trx, dialect, record.id, input.trackingNumbers);
  if (input.link) await linkCases(trx, record.id, input.link.caseId, input.link.kind, now);

  await recordCaseEvent(trx, {
    caseId: record.id, type: 'case.created', actor: { type: 'customer', id: customer.id }, at: now,
    // The mark of a registered customer's case, as it was when the case opened (the console's badge shows the customer now).
    data: { channel: input.channel, ...(customer.registered ? { customerRegistered: true } : {}), ...(input.link ? { linkedTo: input.link } : {}) },
  });
  await recordCaseEvent(trx, {
    caseId: record.id, type: 'case.routed', actor: { type: 'system', id: null }, at: now,
    data: { department: (routing.department ?? routing.topic.department).slug, topic: routing.topic.slug, priority: routing.priority, language: routing.language, reasons: routing.reasons, ...routing.details },
  });
  if (autoAssigned) await recordAutoAssignment(trx, { ...record, assigneeId: null }, autoAssigned, now);
  return { record, customer, messageId };
}

/** A customer's message (with its files) on a case's thread; returns the message id. */
export async function insertCustomerMessage(
  trx: Executor,
  input: { caseId: string; customerId: string; channel: Channel; message: FirstMessage },
  now: Date,
): Promise<string> {
  const id = newId(now.getTime());
  const { attachments, ...message } = input.message;
  await insertMessageWithAttachments(trx, {
    ...message, id, caseId: input.caseId, direction: 'inbound', channel: input.channel, authorType: 'customer', authorId: input.customerId, createdAt: now,
  }, attachments);
  return id;
}

/** Links two cases in both directions (idempotent). */
export async function linkCases(trx: Executor, caseId: string, otherId: string, kind: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await trx
    .insertInto('case_links')
    .values([
      { case_id: caseId, linked_case_id: otherId, kind, created_at: at },
      { case_id: otherId, linked_case_id: caseId, kind, created_at: at },
    ])
    .onConflict((oc) => oc.columns(['case_id', 'linked_case_id']).doNothing())
    .execute();
}

async function uniqueCaseNumber(executor: Executor): Promise<CaseNumber> {
  // 32^7 ≈ 3.4e10 numbers: a collision is rare, but never impossible.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const candidate = generateCaseNumber();
    if (!(await isCaseNumberTaken(executor, candidate))) return candidate;
  }
  throw new Error('could not find a free case number after 5 attempts');
}
