import { Type } from 'typebox';
import type { Kysely } from 'kysely';
import { defineJob } from '../../jobs/define-job.js';
import type { Clock } from '../../kernel/clock.js';
import type { EventBus } from '../../kernel/events.js';
import type { Database } from '../../storage/database.js';
import type { MailTransport } from './mail-transport.js';
import { findOutboundMail, markOutboundMailFailed, markOutboundMailSent } from './outbound.repository.js';

export const SEND_MAIL_JOB = 'email-out.send-mail';

/** About two days of retries with the default back-off before a mail is dead-lettered. */
export const SEND_MAIL_MAX_ATTEMPTS = 12;

/**
 * Sends one stored outbound mail. Safe to run twice: a mail already marked sent is skipped, and
 * a retry after a crash between sending and marking re-sends the same Message-ID, which
 * receiving systems treat as the same message.
 */
export function createSendMailJob(deps: { db: Kysely<Database>; transport: MailTransport; clock: Clock; events: EventBus }) {
  return defineJob({
    type: SEND_MAIL_JOB,
    payload: Type.Object({ outboundMailId: Type.String() }),
    maxAttempts: SEND_MAIL_MAX_ATTEMPTS,
    async handle({ outboundMailId }, ctx) {
      const mail = await findOutboundMail(deps.db, outboundMailId);
      if (!mail) throw new Error(`outbound mail ${outboundMailId} does not exist`);
      if (mail.status === 'sent') return;
      try {
        await deps.transport.send(mail);
      } catch (error) {
        const finalAttempt = ctx.attempt >= SEND_MAIL_MAX_ATTEMPTS;
        await markOutboundMailFailed(deps.db, mail.id, error instanceof Error ? error.message : String(error), finalAttempt);
        deps.events.publish({ type: 'mail.failed', kind: mail.kind, final: finalAttempt });
        throw error;
      }
      await markOutboundMailSent(deps.db, mail.id, deps.transport.kind, deps.clock.now());
      deps.events.publish({ type: 'mail.sent', kind: mail.kind });
      ctx.log.info({ outboundMailId, kind: mail.kind, transport: deps.transport.kind }, 'mail sent');
    },
  });
}
