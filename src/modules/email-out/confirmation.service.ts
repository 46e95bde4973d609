import type { Executor } from '../../storage/database.js';
import { enqueueJob } from '../../jobs/queue.js';
import { newId } from '../../kernel/ids.js';
import { toDbTime } from '../../storage/dialect-helpers.js';
import type { MailIdentity } from './mail-identity.js';
import { insertOutboundMail } from './outbound.repository.js';
import { renderConfirmation, type RenderedEmail } from './templates.js';
import { renderAcknowledgement } from './acknowledgement.js';
import { SEND_MAIL_JOB, SEND_MAIL_MAX_ATTEMPTS } from './email-out.jobs.js';
import type { OutboundMail } from './outbound-mail.js';

export type ConfirmationRequest = {
  caseId: string;
  caseNumber: string;
  to: { email: string; name: string };
  locale: string;
  topicName: string;
  subject: string | null;
  description: string;
  trackingNumber: string | null;
  expectedReplyBy: Date;
  guidance: string | null;
  /** The customer's own Message-ID when the case came by email, so the confirmation threads under it. */
  inReplyTo?: string | null;
};

export type AcknowledgementRequest = {
  caseId: string;
  caseNumber: string;
  to: { email: string; name: string };
  locale: string;
  inReplyTo: string | null;
};

export type MailSettings = { supportAddress: string; senderName: string; publicUrl: string; timeZone: string };

/** The outgoing half of email: composes mail into the outbox; the send-mail job delivers it. */
export interface OutboundMailService {
  /** Writes the confirmation and its send job in the caller's transaction; returns the outbound mail id. */
  queueConfirmation(executor: Executor, request: ConfirmationRequest, now: Date): Promise<string>;
  /** The short "added to your case" note for a follow-up; returns null when one was sent in the last 24 h. */
  queueAcknowledgement(executor: Executor, request: AcknowledgementRequest, now: Date): Promise<string | null>;
  /** How many mails of this kind went to this address since `since` (abuse limits). */
  countSentTo(executor: Executor, address: string, kind: OutboundMail['kind'], since: Date): Promise<number>;
}

type QueueInput = {
  kind: OutboundMail['kind'];
  caseId: string;
  caseNumber: string;
  to: string;
  rendered: RenderedEmail;
  inReplyTo: string | null;
  idempotencyKey: string;
};

export function createOutboundMailService(deps: { identity: MailIdentity; settings: MailSettings }): OutboundMailService {
  const { identity, settings } = deps;

  async function queueMail(executor: Executor, input: QueueInput, now: Date): Promise<string> {
    const id = newId(now.getTime());
    const threading: Record<string, string> = input.inReplyTo ? { 'In-Reply-To': input.inReplyTo, References: input.inReplyTo } : {};
    await insertOutboundMail(executor, {
      id,
      caseId: input.caseId,
      kind: input.kind,
      messageId: identity.messageId(input.caseId, id),
      from: `"${settings.senderName}" <${settings.supportAddress}>`,
      to: input.to,
      replyTo: identity.replyAddress(input.caseId),
      subject: input.rendered.subject,
      text: input.rendered.text,
      html: input.rendered.html,
      // RFC 3834 §5: an automatic response says so, so that well-behaved auto-responders stay quiet.
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', 'X-Postdesk-Case': input.caseNumber, ...threading },
      status: 'queued',
      transport: null,
      error: null,
      createdAt: now,
      sentAt: null,
    });
    await enqueueJob(executor, { type: SEND_MAIL_JOB, payload: { outboundMailId: id }, idempotencyKey: input.idempotencyKey, maxAttempts: SEND_MAIL_MAX_ATTEMPTS }, now);
    return id;
  }

  const countSentTo: OutboundMailService['countSentTo'] = async (executor, address, kind, since) => {
    const row = await executor
      .selectFrom('outbound_mail')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('to_address', '=', address)
      .where('kind', '=', kind)
      .where('created_at', '>=', toDbTime(since))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  };

  return {
    async queueConfirmation(executor, request, now) {
      const rendered = renderConfirmation(
        {
          caseNumber: request.caseNumber,
          customerName: request.to.name,
          topicName: request.topicName,
          subject: request.subject,
          description: request.description,
          expectedReplyBy: request.expectedReplyBy,
          timeZone: settings.timeZone,
          guidance: request.guidance,
          publicUrl: settings.publicUrl,
          trackingNumber: request.trackingNumber,
        },
        request.locale,
      );
      return queueMail(executor, {
        kind: 'confirmation', caseId: request.caseId, caseNumber: request.caseNumber, to: request.to.email, rendered,
        inReplyTo: request.inReplyTo ?? null, idempotencyKey: `confirmation:${request.caseId}`,
      }, now);
    },

    async queueAcknowledgement(executor, request, now) {
      const dayAgo = new Date(now.getTime() - 86_400_000);
      const recent = await executor
        .selectFrom('outbound_mail')
        .select('id')
        .where('case_id', '=', request.caseId)
        .where('kind', '=', 'acknowledgement')
        .where('created_at', '>=', toDbTime(dayAgo))
        .executeTakeFirst();
      if (recent) return null;
      const rendered = renderAcknowledgement({ caseNumber: request.caseNumber, customerName: request.to.name }, request.locale);
      const day = toDbTime(now).slice(0, 10);
      return queueMail(executor, {
        kind: 'acknowledgement', caseId: request.caseId, caseNumber: request.caseNumber, to: request.to.email, rendered,
        inReplyTo: request.inReplyTo, idempotencyKey: `acknowledgement:${request.caseId}:${day}`,
      }, now);
    },

    countSentTo,
  };
}
