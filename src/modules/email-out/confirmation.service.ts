import type { Executor } from '../../storage/database.js';
import { enqueueJob } from '../../jobs/queue.js';
import { newId } from '../../kernel/ids.js';
import { toDbTime } from '../../storage/dialect-helpers.js';
import type { MailIdentity } from './mail-identity.js';
import { insertOutboundMail } from './outbound.repository.js';
import { renderConfirmation, type RenderedEmail } from './templates.js';
import { renderAcknowledgement } from './acknowledgement.js';
import { renderReply } from './reply.js';
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

export type ReplyRequest = {
  caseId: string;
  caseNumber: string;
  caseSubject: string;
  to: { email: string; name: string };
  locale: string;
  body: string;
  agentName: string;
  /** The thread message row this mail is; its Message-ID derives from it. */
  messageRowId: string;
  /** Message-IDs already on the thread (the customer's and ours), oldest first. */
  threadMessageIds: string[];
  lastCustomerMessageId: string | null;
};

export type MailSettings = { supportAddress: string; senderName: string; publicUrl: string; timeZone: string };

/** The outgoing half of email: composes mail into the outbox; the send-mail job delivers it. */
export interface OutboundMailService {
  /** Writes the confirmation and its send job in the caller's transaction; returns the outbound mail id. */
  queueConfirmation(executor: Executor, request: ConfirmationRequest, now: Date): Promise<string>;
  /** The short "added to your case" note for a follow-up; returns null when one was sent in the last 24 h. */
  queueAcknowledgement(executor: Executor, request: AcknowledgementRequest, now: Date): Promise<string | null>;
  /** An agent's answer, threaded under the conversation; returns the outbound mail's id, Message-ID and subject. */
  queueReply(executor: Executor, request: ReplyRequest, now: Date): Promise<{ id: string; messageId: string; subject: string }>;
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
  references?: string[];
  idempotencyKey: string;
  /** RFC 3834 §5: automatic responses say so; a person's answer does not. */
  automatic: boolean;
  /** Derive the Message-ID from this id instead of the outbound mail's own. */
  messageIdSeed?: string;
};

export function createOutboundMailService(deps: { identity: MailIdentity; settings: MailSettings }): OutboundMailService {
  const { identity, settings } = deps;

  async function queueMail(executor: Executor, input: QueueInput, now: Date): Promise<{ id: string; messageId: string }> {
    const id = newId(now.getTime());
    const references = [...new Set([...(input.references ?? []), ...(input.inReplyTo ? [input.inReplyTo] : [])])].slice(-20);
    const threading: Record<string, string> = {
      ...(input.inReplyTo ? { 'In-Reply-To': input.inReplyTo } : {}),
      ...(references.length > 0 ? { References: references.join(' ') } : {}),
    };
    const marking: Record<string, string> = input.automatic ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } : {};
    const messageId = identity.messageId(input.caseId, input.messageIdSeed ?? id);
    await insertOutboundMail(executor, {
      id,
      caseId: input.caseId,
      kind: input.kind,
      messageId,
      from: `"${settings.senderName}" <${settings.supportAddress}>`,
      to: input.to,
      replyTo: identity.replyAddress(input.caseId),
      subject: input.rendered.subject,
      text: input.rendered.text,
      html: input.rendered.html,
      // RFC 3834 §5: an automatic response says so, so that well-behaved auto-responders stay quiet.
      headers: { ...marking, 'X-Postdesk-Case': input.caseNumber, ...threading },
      status: 'queued',
      transport: null,
      error: null,
      createdAt: now,
      sentAt: null,
    });
    await enqueueJob(executor, { type: SEND_MAIL_JOB, payload: { outboundMailId: id }, idempotencyKey: input.idempotencyKey, maxAttempts: SEND_MAIL_MAX_ATTEMPTS }, now);
    return { id, messageId };
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
        inReplyTo: request.inReplyTo ?? null, idempotencyKey: `confirmation:${request.caseId}`, automatic: true,
      }, now).then((mail) => mail.id);
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
        inReplyTo: request.inReplyTo, idempotencyKey: `acknowledgement:${request.caseId}:${day}`, automatic: true,
      }, now).then((mail) => mail.id);
    },

    async queueReply(executor, request, now) {
      const rendered = renderReply({ caseNumber: request.caseNumber, caseSubject: request.caseSubject, body: request.body, agentName: request.agentName }, request.locale);
      const inReplyTo = request.lastCustomerMessageId ?? request.threadMessageIds[request.threadMessageIds.length - 1] ?? null;
      const mail = await queueMail(executor, {
        kind: 'reply', caseId: request.caseId, caseNumber: request.caseNumber, to: request.to.email, rendered, inReplyTo,
        references: request.threadMessageIds, idempotencyKey: `reply:${request.messageRowId}`, automatic: false, messageIdSeed: request.messageRowId,
      }, now);
      return { ...mail, subject: rendered.subject };
    },

    countSentTo,
  };
}
