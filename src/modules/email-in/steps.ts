import { clearCustomerEmailBounce, findCustomerByEmail, markCustomerEmailBounced } from '../customers/customers.repository.js';
import { normalizeEmail } from '../customers/customer.js';
import { findCaseForThreading, findOpenCaseByTrackingNumber, recordCaseEvent } from '../cases/cases.repository.js';
import { addCustomerMessage } from '../cases/follow-up.js';
import { openCase, type FirstMessage } from '../cases/open-case.js';
import { markOutboundMailBounced } from '../email-out/outbound.repository.js';
import { classifyAutomaticMail } from './automatic-mail.js';
import { readBounce } from './bounce.js';
import { extractEmailContent } from './email-content.js';
import { finishInbound } from './inbound.repository.js';
import { parseMail, parseMailLeniently } from './parse.js';
import { NEXT, need, type Finished, type PipelineState, type PipelineStep } from './pipeline.js';
import type { InboundProcessingDeps } from './process-message.js';
import { authenticateSender } from './sender-auth.js';
import { decideThread, type ThreadCase, type ThreadDecision, type ThreadLookup } from './threading.js';
import type { RoutedContact } from '../triage/contact-router.js';
import { localize } from '../topics/topic.js';
import { firstResponseDue } from '../sla/sla.js';

/** The inbound pipeline of `issues show 3`, as an ordered list of typed steps. */
export function createPipelineSteps(deps: InboundProcessingDeps): PipelineStep[] {
  const lookup: ThreadLookup = {
    caseById: async (id) => toThreadCase(await findCaseForThreading(deps.db, { id })),
    caseByNumber: async (number) => toThreadCase(await findCaseForThreading(deps.db, { number })),
  };

  const parse: PipelineStep = {
    name: 'parse',
    async run(state) {
      try {
        state.mail = await parseMail(state.inbound.raw);
      } catch (error) {
        state.parseError = error instanceof Error ? error.message : String(error);
        state.log.warn({ err: error }, 'MIME parse refused the message: reading it as plain text');
        state.mail = parseMailLeniently(state.inbound.raw);
      }
      return NEXT;
    },
  };

  const detectAutomatic: PipelineStep = {
    name: 'detect-automatic',
    async run(state) {
      state.automatic = classifyAutomaticMail(need(state.mail, 'mail'), state.inbound.mailFrom, deps.mailDomain);
      if (state.automatic.automatic && state.automatic.kind === 'loop') {
        return { done: { status: 'ignored', caseId: null, outcome: { kind: 'loop', reason: state.automatic.reason } } };
      }
      return NEXT;
    },
  };

  const handleBounce: PipelineStep = {
    name: 'bounce',
    async run(state) {
      const automatic = need(state.automatic, 'automatic');
      if (!automatic.automatic || automatic.kind !== 'bounce') return NEXT;
      const report = readBounce(state.inbound.raw);
      const now = deps.clock.now();
      const marked = await deps.db.transaction().execute(async (trx) => {
        const mails = [];
        for (const quoted of report.quotedMessageIds) {
          if (!deps.identity.parseMessageId(quoted)) continue;
          const mail = await markOutboundMailBounced(trx, quoted, report.permanent, now);
          if (!mail) continue;
          mails.push(mail);
          if (mail.caseId) {
            await recordCaseEvent(trx, {
              caseId: mail.caseId, type: 'mail.bounced', actor: { type: 'system', id: null }, at: now,
              data: { to: mail.to, permanent: report.permanent, failedRecipients: report.failedRecipients },
            });
          }
        }
        // A DSN is unauthenticated: only addresses we really mailed, in a message it proves it
        // returns (a signed Message-ID of ours), are marked as bouncing.
        const mailedTo = new Set(mails.map((m) => m.to.toLowerCase()));
        if (report.permanent) {
          for (const address of report.failedRecipients) if (mailedTo.has(address)) await markCustomerEmailBounced(trx, address, now);
        }
        return mails;
      });
      // A bounce is never answered (RFC 3464 §6.2 / RFC 3834 §2).
      return { done: { status: 'processed', caseId: marked[0]?.caseId ?? null, outcome: { kind: 'bounce', permanent: report.permanent, failedRecipients: report.failedRecipients, outboundMails: marked.map((m) => m.id) } } };
    },
  };

  const authenticate: PipelineStep = {
    name: 'sender-auth',
    async run(state) {
      const mail = need(state.mail, 'mail');
      state.auth = await authenticateSender({
        raw: state.inbound.raw, clientIp: state.inbound.remoteAddress, helo: state.inbound.helo, mailFrom: state.inbound.mailFrom,
        fromAddress: mail.from?.address ?? null, mta: deps.mailDomain, resolver: deps.resolver,
      });
      return NEXT;
    },
  };

  const thread: PipelineStep = {
    name: 'threading',
    async run(state) {
      const mail = need(state.mail, 'mail');
      const recipients = [...state.inbound.rcptTo, ...mail.to, ...mail.cc];
      const replyTokenCaseId = recipients.map((r) => deps.identity.parseReplyAddress(r)?.caseId).find((id) => id) ?? null;
      const referencedCaseId = deps.identity.caseIdFromReferences([mail.references ?? '', mail.inReplyTo ?? '']);
      state.thread = await decideThread({
        replyTokenCaseId, referencedCaseId, subject: mail.subject, text: mail.text, sender: normalizeEmail(mail.from?.address ?? ''),
        senderAuthenticated: need(state.auth, 'auth').authenticated,
      }, lookup, deps.clock.now());
      const automatic = need(state.automatic, 'automatic');
      if (automatic.automatic && state.thread.kind !== 'follow-up') {
        // Automatic mail is recorded but starts nothing: no case, no answer (RFC 3834).
        return { done: { status: 'ignored', caseId: null, outcome: { kind: 'automatic', reason: automatic.reason } } };
      }
      if (!mail.from) return { done: { status: 'ignored', caseId: null, outcome: { kind: 'no-sender', reason: 'the message has no From address' } } };
      return NEXT;
    },
  };

  const extract: PipelineStep = {
    name: 'content',
    async run(state) {
      state.content = await extractEmailContent(need(state.mail, 'mail'), deps.blobs, deps.clock.now());
      return NEXT;
    },
  };

  /** Adds the message to the case threading chose (or triage found by tracking number). */
  async function storeFollowUp(state: PipelineState, target: { id: string }, via: string, senderIsCustomer: boolean, message: FirstMessage): Promise<Finished> {
    const mail = need(state.mail, 'mail');
    const automatic = need(state.automatic, 'automatic').automatic;
    const now = deps.clock.now();
    const caseId = await deps.db.transaction().execute(async (trx) => {
      const record = await findCaseForThreading(trx, { id: target.id });
      if (!record) throw new Error(`case ${target.id} vanished`);
      await addCustomerMessage(trx, { caseId: record.id, status: record.status, customerId: record.customerId, channel: 'email', message, via, automatic }, now);
      await liftBounceMark(trx, message, now);
      if (!automatic && senderIsCustomer) {
        await deps.outboundMail.queueAcknowledgement(trx, {
          caseId: record.id, caseNumber: record.number, to: { email: record.customerEmail, name: mail.from?.name ?? '' },
          locale: record.language, inReplyTo: mail.messageId,
        }, now);
      }
      await finishInbound(trx, state.inbound.id, { status: 'processed', caseId: record.id, outcome: { kind: 'follow-up', via } }, now);
      return record.id;
    });
    deps.events.publish({ type: 'message.added', caseId, messageId: state.inbound.id });
    deps.events.publish({ type: 'job.enqueued', jobType: 'email-out.send-mail' });
    return { status: 'processed', caseId, outcome: { kind: 'follow-up', via }, recorded: true };
  }

  /** Opens a new case, linked to the case it claims or follows when there is one, and confirms it. */
  async function storeNewCase(
    state: PipelineState, routed: RoutedContact, message: FirstMessage, link: { previous: ThreadCase; kind: string } | null, customerRegistered: boolean,
  ): Promise<Finished> {
    const mail = need(state.mail, 'mail');
    const content = need(state.content, 'content');
    const sender = message.senderEmail ?? '';
    const now = deps.clock.now();
    const { routing } = routed;
    const expectedReplyBy = firstResponseDue(deps.calendar, now, { customerRegistered });
    const reasons = link ? [...routing.reasons, linkReason(link)] : routing.reasons;
    const opened = await deps.db.transaction().execute(async (trx) => {
      const result = await openCase(trx, deps.dialect, {
        channel: 'email',
        contact: { email: sender, name: mail.from?.name || sender.split('@')[0] || sender, phone: null, address: null, language: routing.language },
        subject: mail.subject || content.visibleText.split('\n', 1)[0]?.slice(0, 80) || '(no subject)',
        routing: { ...routing, reasons },
        firstResponseDueAt: expectedReplyBy,
        message,
        trackingNumbers: routed.trackingNumbers,
        link: link ? { caseId: link.previous.id, kind: link.kind } : undefined,
      }, now);
      await liftBounceMark(trx, message, now);
      // A claim made with the claimed customer's own address but failing authentication is
      // probably forged: confirming would tell that customer about mail they never wrote.
      const suspectedForgery = link?.kind === 'unproven-claim' && link.previous.customerEmail === sender;
      const recent = await deps.outboundMail.countSentTo(trx, sender, 'confirmation', new Date(now.getTime() - 3_600_000));
      const suppressed = suspectedForgery
        ? 'the sender claims an existing case with its customer\'s address but is not authenticated'
        : recent >= deps.confirmationsPerHour ? `more than ${deps.confirmationsPerHour} confirmations to this sender in the last hour` : null;
      if (suppressed) {
        await recordCaseEvent(trx, { caseId: result.record.id, type: 'confirmation.suppressed', actor: { type: 'system', id: null }, at: now, data: { reason: suppressed } });
      } else {
        await deps.outboundMail.queueConfirmation(trx, {
          caseId: result.record.id, caseNumber: result.record.number, to: { email: sender, name: mail.from?.name ?? '' }, locale: routing.language,
          topicName: localize(routing.topic.names, routing.language), subject: mail.subject || null, description: content.visibleText,
          trackingNumber: routed.trackingNumbers[0]?.number ?? null, expectedReplyBy, guidance: routed.guidance, inReplyTo: mail.messageId,
        }, now);
      }
      const outcome = { kind: 'new-case', ...(link ? { linkedTo: link.previous.number, reason: link.kind } : {}) };
      await finishInbound(trx, state.inbound.id, { status: 'processed', caseId: result.record.id, outcome }, now);
      return result.record;
    });
    deps.events.publish({ type: 'case.created', caseId: opened.id, caseNumber: opened.number, departmentId: opened.departmentId, channel: opened.channel, topic: routing.topic.slug });
    deps.events.publish({ type: 'job.enqueued', jobType: 'email-out.send-mail' });
    return { status: 'processed', caseId: opened.id, outcome: { kind: 'new-case' }, recorded: true };
  }

  const store: PipelineStep = {
    name: 'store',
    async run(state) {
      const decision = need(state.thread, 'thread');
      const auth = need(state.auth, 'auth');
      const message = buildMessage(state, decision);
      const sender = message.senderEmail ?? '';
      if (decision.kind === 'follow-up') {
        return { done: await storeFollowUp(state, decision.target, decision.via, decision.senderIsCustomer, message) };
      }
      const customerRegistered = (await findCustomerByEmail(deps.db, sender))?.registered ?? false;
      const routed = await deps.router.route({
        channel: 'email', chosenTopic: null, subject: message.subject ?? '', text: message.text, trackingNumberField: null,
        localeHint: null, customerRegistered,
      });
      if (decision.kind === 'new-case') {
        const valid = routed.trackingNumbers.filter((t) => t.valid).map((t) => t.number);
        const duplicateOf = await findOpenCaseByTrackingNumber(deps.db, sender, valid);
        // The same customer, proven, writing again about an open case's tracking number joins that case.
        if (duplicateOf && auth.authenticated) return { done: await storeFollowUp(state, duplicateOf, 'tracking-number', true, message) };
        const duplicate = duplicateOf ? toThreadCase(await findCaseForThreading(deps.db, { id: duplicateOf.id })) : null;
        return { done: await storeNewCase(state, routed, message, duplicate ? { previous: duplicate, kind: 'same-tracking-number' } : null, customerRegistered) };
      }
      const kind = decision.reason === 'unproven-claim' ? 'unproven-claim' : 'follow-up-of-closed';
      return { done: await storeNewCase(state, routed, message, { previous: decision.previous, kind }, customerRegistered) };
    },
  };

  return [parse, detectAutomatic, handleBounce, authenticate, thread, extract, store];
}

/** Proven mail from an address that once bounced: its mailbox works again (surveys may go to it). */
async function liftBounceMark(trx: Parameters<typeof clearCustomerEmailBounce>[0], message: FirstMessage, now: Date): Promise<void> {
  if (message.auth?.authenticated === true && message.senderEmail) await clearCustomerEmailBounce(trx, message.senderEmail, now);
}

function linkReason(link: { previous: ThreadCase; kind: string }): string {
  if (link.kind === 'unproven-claim') return `claims case ${link.previous.number} but the sender is not proven to be its customer`;
  if (link.kind === 'same-tracking-number') return `same tracking number as open case ${link.previous.number}`;
  return `reply to case ${link.previous.number}, which can no longer be reopened`;
}

/** The thread entry for an email, with its authentication results and review flags. */
function buildMessage(state: PipelineState, decision: ThreadDecision): FirstMessage {
  const mail = need(state.mail, 'mail');
  const content = need(state.content, 'content');
  const auth = need(state.auth, 'auth');
  const automatic = need(state.automatic, 'automatic');
  const sender = normalizeEmail(need(mail.from ?? undefined, 'sender').address);
  const flags: Record<string, unknown> = {};
  if (automatic.automatic) flags.automatic = automatic.kind;
  if (decision.kind === 'follow-up' && !decision.senderIsCustomer) flags.differentSender = sender;
  if (decision.kind === 'new-linked-case' && decision.reason === 'unproven-claim') flags.unprovenClaim = decision.previous.number;
  if (content.blockedRemoteImages > 0) flags.blockedRemoteImages = content.blockedRemoteImages;
  if (state.parseError) flags.unparsable = state.parseError;
  return {
    subject: mail.subject || null, text: content.visibleText, html: content.html, emailMessageId: mail.messageId,
    attachments: content.attachments, fullText: content.fullText, senderEmail: sender, inboundId: state.inbound.id,
    auth: { spf: auth.spf, dkim: auth.dkim, dmarc: auth.dmarc, authenticated: auth.authenticated },
    flags: Object.keys(flags).length > 0 ? flags : null,
  };
}

function toThreadCase(found: Awaited<ReturnType<typeof findCaseForThreading>>): ThreadCase | null {
  if (!found) return null;
  return { id: found.id, number: found.number, status: found.status, customerEmail: found.customerEmail, resolvedAt: found.resolvedAt, mergedIntoId: found.mergedIntoId };
}
