import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import type { Database } from '../../storage/database.js';
import type { Agent } from '../agents/agent.js';
import { insertMessage } from '../messages/messages.repository.js';
import { recordCaseAction, requireCase } from './case-audit.js';
import { updateCase } from './cases.repository.js';

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

export type PhoneCall = { summary: string; direction: CallDirection; durationMinutes?: number | undefined };

export interface CaseCallService {
  /** Logs a phone call on the thread (channel `phone`); it is never emailed. */
  log(caseNumber: string, call: PhoneCall, agent: Agent): Promise<{ messageId: string }>;
}

export function createCaseCallService(deps: { db: Kysely<Database>; clock: Clock; events: EventBus }): CaseCallService {
  return {
    async log(caseNumber, call, agent) {
      const text = call.summary.replace(/\r\n?/g, '\n').trim();
      if (!text) throw new AppError('validation.failed', 'Summarise the call.', { summary: 'Enter what was said' });
      const now = deps.clock.now();
      const result = await deps.db.transaction().execute(async (trx) => {
        const record = await requireCase(trx, caseNumber);
        if (record.status === 'merged' || record.status === 'spam') throw new AppError('case.transition_invalid', `A ${record.status} case takes no calls.`);
        const messageId = newId(now.getTime());
        const details = call.durationMinutes === undefined ? { direction: call.direction } : { direction: call.direction, durationMinutes: call.durationMinutes };
        await insertMessage(trx, {
          id: messageId, caseId: record.id, direction: call.direction, channel: 'phone', authorType: 'agent', authorId: agent.id,
          subject: null, text, html: null, emailMessageId: null, createdAt: now, flags: { call: details },
        });
        // Calling the customer back answers them: it stops the first-response clock as a reply would.
        const answered = call.direction === 'outbound' && !record.firstRespondedAt;
        await updateCase(trx, record.id, answered ? { firstRespondedAt: now } : {}, now);
        await recordCaseAction(trx, { record, type: 'call.logged', actor: { type: 'agent', id: agent.id }, at: now, data: { messageId, ...details } });
        return { caseId: record.id, caseNumber: record.number, messageId };
      });
      deps.events.publish({ type: 'message.added', caseId: result.caseId, messageId: result.messageId });
      deps.events.publish({ type: 'case.updated', caseId: result.caseId, caseNumber: result.caseNumber });
      return { messageId: result.messageId };
    },
  };
}
