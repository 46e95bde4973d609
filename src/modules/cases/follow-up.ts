import type { Executor } from '../../storage/database.js';
import type { CaseStatus, Channel } from './case.js';
import { recordCaseEvent, updateCase } from './cases.repository.js';
import { insertCustomerMessage, type FirstMessage } from './open-case.js';

export type CustomerFollowUp = {
  caseId: string;
  status: CaseStatus;
  customerId: string;
  channel: Channel;
  message: FirstMessage;
  /** How the message was matched to the case, for the timeline. */
  via: string;
  /** Automatic mail (an out-of-office reply) is recorded without changing the case's status. */
  automatic: boolean;
};

/**
 * Adds a customer's message to an existing case inside the caller's transaction. A customer
 * answering moves `pending_customer` back to `open`, and reopens a `resolved` case (the
 * threading rules decide whether it may still be reopened).
 */
export async function addCustomerMessage(trx: Executor, input: CustomerFollowUp, now: Date): Promise<{ messageId: string; reopened: boolean }> {
  const messageId = await insertCustomerMessage(trx, input, now);
  const next: CaseStatus | null = input.automatic
    ? null
    : input.status === 'pending_customer' || input.status === 'resolved'
      ? 'open'
      : null;
  await updateCase(trx, input.caseId, next ? { status: next, ...(input.status === 'resolved' ? { resolvedAt: null } : {}) } : {}, now);
  await recordCaseEvent(trx, {
    caseId: input.caseId, type: 'message.received', actor: { type: 'customer', id: input.customerId }, at: now,
    data: { channel: input.channel, via: input.via, messageId, ...(input.automatic ? { automatic: true } : {}) },
  });
  if (next) {
    await recordCaseEvent(trx, {
      caseId: input.caseId, type: input.status === 'resolved' ? 'case.reopened' : 'case.status_changed', actor: { type: 'customer', id: input.customerId }, at: now,
      data: { from: input.status, to: next, reason: 'customer replied' },
    });
  }
  return { messageId, reopened: input.status === 'resolved' && next === 'open' };
}
