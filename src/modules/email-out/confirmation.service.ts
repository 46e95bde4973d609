import type { Executor } from '../../storage/database.js';
import { enqueueJob } from '../../jobs/queue.js';
import { newId } from '../../kernel/ids.js';
import type { MailIdentity } from './mail-identity.js';
import { insertOutboundMail } from './outbound.repository.js';
import { renderConfirmation } from './templates.js';
import { SEND_MAIL_JOB, SEND_MAIL_MAX_ATTEMPTS } from './email-out.jobs.js';

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
};

export type MailSettings = { supportAddress: string; senderName: string; publicUrl: string; timeZone: string };

/** The outgoing half of email: composes mail into the outbox; the send-mail job delivers it. */
export interface OutboundMailService {
  /** Writes the confirmation and its send job in the caller's transaction; returns the outbound mail id. */
  queueConfirmation(executor: Executor, request: ConfirmationRequest, now: Date): Promise<string>;
}

export function createOutboundMailService(deps: { identity: MailIdentity; settings: MailSettings }): OutboundMailService {
  const { identity, settings } = deps;
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
      const id = newId(now.getTime());
      await insertOutboundMail(executor, {
        id,
        caseId: request.caseId,
        kind: 'confirmation',
        messageId: identity.messageId(request.caseId, id),
        from: `"${settings.senderName}" <${settings.supportAddress}>`,
        to: request.to.email,
        replyTo: identity.replyAddress(request.caseId),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        // RFC 3834 §5: an automatic response says so, so that well-behaved auto-responders stay quiet.
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', 'X-Postdesk-Case': request.caseNumber },
        status: 'queued',
        transport: null,
        error: null,
        createdAt: now,
        sentAt: null,
      });
      await enqueueJob(executor, { type: SEND_MAIL_JOB, payload: { outboundMailId: id }, idempotencyKey: `confirmation:${request.caseId}`, maxAttempts: SEND_MAIL_MAX_ATTEMPTS }, now);
      return id;
    },
  };
}
