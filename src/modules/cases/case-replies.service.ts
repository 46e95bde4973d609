import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import type { Database } from '../../storage/database.js';
import type { Agent } from '../agents/agent.js';
import { findCustomerById } from '../customers/customers.repository.js';
import type { OutboundMailService } from '../email-out/confirmation.service.js';
import { insertMessage, listMessagesOfCase } from '../messages/messages.repository.js';
import { canTransition, isCaseStatus, type CaseStatus } from './case.js';
import { findCaseByNumber, recordCaseEvent, updateCase } from './cases.repository.js';
import { parseCaseNumberOrThrow } from './cases.service.js';
import type { CaseResolvedListener } from './case-resolution.js';

export const MAX_BODY_CHARS = 50_000;

export type ReplyInput = {
  body: string;
  status?: string;
  /** The newest message the agent saw when drafting; a newer one by someone else makes the draft stale. */
  basedOnMessageId?: string;
  /** Send although the view was stale (the agent saw the warning). */
  confirmStale?: boolean;
};

export interface CaseReplyService {
  /** Emails the customer (threaded) through the outbox; the case waits for the customer unless told otherwise. */
  reply(caseNumberInput: string, input: ReplyInput, agent: Agent): Promise<{ messageId: string; status: CaseStatus }>;
  /** An internal note: on the thread for agents, never emailed. */
  addNote(caseNumberInput: string, input: { body: string }, agent: Agent): Promise<{ messageId: string }>;
}

function checkBody(body: string): string {
  const text = body.replace(/\r\n?/g, '\n').trim();
  if (!text) throw new AppError('validation.failed', 'Write something first.', { body: 'Enter the text of your message' });
  if (text.length > MAX_BODY_CHARS) throw new AppError('validation.failed', 'The message is too long.', { body: `Keep it under ${MAX_BODY_CHARS.toLocaleString('en-US')} characters` });
  return text;
}

/**
 * Two agents answering one customer at once is the collision that hurts: the draft was written
 * without the messages that arrived since. Ids are time-ordered (UUIDv7), so "newer" is a comparison.
 */
function rejectStaleDraft(thread: { id: string; authorId: string | null }[], basedOnMessageId: string, agentId: string): void {
  const newer = thread.filter((m) => m.id > basedOnMessageId && m.authorId !== agentId);
  if (newer.length > 0) {
    throw new AppError('case.stale_view', `${newer.length === 1 ? 'A new message has' : `${newer.length} new messages have`} been added to this case since you opened it. Read it before sending, or send anyway.`);
  }
}

type Deps = {
  db: Kysely<Database>;
  clock: Clock;
  events: EventBus;
  outboundMail: OutboundMailService;
  /** Told in the same transaction when a reply resolves the case (the satisfaction survey listens). */
  onResolved?: CaseResolvedListener;
};

export function createCaseReplyService(deps: Deps): CaseReplyService {
  return {
    async reply(caseNumberInput, input, agent) {
      const number = parseCaseNumberOrThrow(caseNumberInput);
      const text = checkBody(input.body);
      const requested = input.status ?? 'pending_customer';
      if (!isCaseStatus(requested)) throw new AppError('validation.failed', 'Unknown status.', { status: 'must be a case status' });
      const now = deps.clock.now();
      const result = await deps.db.transaction().execute(async (trx) => {
        const current = await findCaseByNumber(trx, number);
        if (!current) throw new AppError('case.not_found', 'No case has this number.');
        if (current.status === 'merged' || current.status === 'spam') {
          throw new AppError('case.transition_invalid', `A ${current.status} case cannot be answered.`);
        }
        const customer = await findCustomerById(trx, current.customerId);
        if (!customer) throw new Error(`case ${current.id} has no customer`);
        const thread = await listMessagesOfCase(trx, current.id);
        if (input.basedOnMessageId !== undefined && !input.confirmStale) rejectStaleDraft(thread, input.basedOnMessageId, agent.id);
        const messageId = newId(now.getTime());
        const outbound = await deps.outboundMail.queueReply(trx, {
          caseId: current.id, caseNumber: current.number, caseSubject: current.subject, to: { email: customer.email, name: customer.name },
          locale: current.language, body: text, agentName: agent.name, messageRowId: messageId,
          threadMessageIds: thread.map((m) => m.emailMessageId).filter((id): id is string => Boolean(id)),
          lastCustomerMessageId: [...thread].reverse().find((m) => m.direction === 'inbound' && m.emailMessageId)?.emailMessageId ?? null,
        }, now);
        await insertMessage(trx, {
          id: messageId, caseId: current.id, direction: 'outbound', channel: 'email', authorType: 'agent', authorId: agent.id,
          subject: outbound.subject, text, html: null, emailMessageId: outbound.messageId, createdAt: now,
        });
        const status: CaseStatus = requested !== current.status && canTransition(current.status, requested) ? requested : current.status;
        await updateCase(trx, current.id, {
          ...(status !== current.status ? { status } : {}),
          ...(current.firstRespondedAt ? {} : { firstRespondedAt: now }),
          ...(status === 'resolved' ? { resolvedAt: now } : {}),
        }, now);
        await recordCaseEvent(trx, { caseId: current.id, type: 'case.replied', actor: { type: 'agent', id: agent.id }, at: now, data: { messageId, outboundMailId: outbound.id, to: customer.email } });
        if (status !== current.status) {
          await recordCaseEvent(trx, { caseId: current.id, type: 'case.status_changed', actor: { type: 'agent', id: agent.id }, at: now, data: { from: current.status, to: status, reason: 'replied' } });
          if (status === 'resolved' && deps.onResolved) {
            await deps.onResolved(trx, { caseId: current.id, agentId: agent.id, assigneeId: current.assigneeId, departmentId: current.departmentId, at: now });
          }
        }
        return { caseId: current.id, caseNumber: current.number, messageId, status };
      });
      deps.events.publish({ type: 'case.replied', caseId: result.caseId, caseNumber: result.caseNumber });
      deps.events.publish({ type: 'message.added', caseId: result.caseId, messageId: result.messageId });
      deps.events.publish({ type: 'job.enqueued', jobType: 'email-out.send-mail' });
      return { messageId: result.messageId, status: result.status };
    },

    async addNote(caseNumberInput, input, agent) {
      const number = parseCaseNumberOrThrow(caseNumberInput);
      const text = checkBody(input.body);
      const now = deps.clock.now();
      const result = await deps.db.transaction().execute(async (trx) => {
        const current = await findCaseByNumber(trx, number);
        if (!current) throw new AppError('case.not_found', 'No case has this number.');
        const messageId = newId(now.getTime());
        await insertMessage(trx, {
          id: messageId, caseId: current.id, direction: 'internal', channel: 'web', authorType: 'agent', authorId: agent.id,
          subject: null, text, html: null, emailMessageId: null, createdAt: now,
        });
        await updateCase(trx, current.id, {}, now);
        await recordCaseEvent(trx, { caseId: current.id, type: 'note.added', actor: { type: 'agent', id: agent.id }, at: now, data: { messageId } });
        return { caseId: current.id, messageId };
      });
      deps.events.publish({ type: 'message.added', caseId: result.caseId, messageId: result.messageId });
      return { messageId: result.messageId };
    },
  };
}
