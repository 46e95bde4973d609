import { markCustomerEmailBounced } from '../customers/customers.repository.js';
import { normalizeEmail } from '../customers/customer.js';
import { findCaseForThreading, recordCaseEvent } from '../cases/cases.repository.js';
import { addCustomerMessage } from '../cases/follow-up.js';
import { openCase, type FirstMessage, type Routing } from '../cases/open-case.js';
import { markOutboundMailBounced } from '../email-out/outbound.repository.js';
import { classifyAutomaticMail } from './automatic-mail.js';
import { readBounce } from './bounce.js';
import { extractEmailContent } from './email-content.js';
import { finishInbound } from './inbound.repository.js';
import { parseMail } from './parse.js';
import { NEXT, need, type PipelineStep } from './pipeline.js';
import type { InboundProcessingDeps } from './process-message.js';
import { authenticateSender } from './sender-auth.js';
import { decideThread, type ThreadCase, type ThreadLookup } from './threading.js';
import { localize } from '../topics/topic.js';

/** The triage hook: decides topic, department, priority and language of a new contact. */
export type NewContactRouter = (contact: { subject: string; text: string; senderEmail: string; channel: 'email' }) => Promise<Routing>;

const FIRST_RESPONSE_BUSINESS_DAYS = 3;

/** The inbound pipeline of `issues show 3`, as an ordered list of typed steps. */
export function createPipelineSteps(deps: InboundProcessingDeps): PipelineStep[] {
  const lookup: ThreadLookup = {
    caseById: async (id) => toThreadCase(await findCaseForThreading(deps.db, { id })),
    caseByNumber: async (number) => toThreadCase(await findCaseForThreading(deps.db, { number })),
  };

  const parse: PipelineStep = {
    name: 'parse',
    async run(state) {
      state.mail = await parseMail(state.inbound.raw);
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
        if (report.permanent) for (const address of report.failedRecipients) await markCustomerEmailBounced(trx, address, now);
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

  const store: PipelineStep = {
    name: 'store',
    async run(state) {
      const mail = need(state.mail, 'mail');
      const decision = need(state.thread, 'thread');
      const content = need(state.content, 'content');
      const auth = need(state.auth, 'auth');
      const automatic = need(state.automatic, 'automatic');
      const sender = normalizeEmail(need(mail.from ?? undefined, 'sender').address);
      const now = deps.clock.now();
      const flags: Record<string, unknown> = {};
      if (automatic.automatic) flags.automatic = automatic.kind;
      if (decision.kind === 'follow-up' && !decision.senderIsCustomer) flags.differentSender = sender;
      if (decision.kind === 'new-linked-case' && decision.reason === 'unproven-claim') flags.unprovenClaim = decision.previous.number;
      if (content.blockedRemoteImages > 0) flags.blockedRemoteImages = content.blockedRemoteImages;
      const message: FirstMessage = {
        subject: mail.subject || null, text: content.visibleText, html: content.html, emailMessageId: mail.messageId,
        attachments: content.attachments, fullText: content.fullText, senderEmail: sender, inboundId: state.inbound.id,
        auth: { spf: auth.spf, dkim: auth.dkim, dmarc: auth.dmarc, authenticated: auth.authenticated },
        flags: Object.keys(flags).length > 0 ? flags : null,
      };

      if (decision.kind === 'follow-up') {
        const target = decision.target;
        const caseId = await deps.db.transaction().execute(async (trx) => {
          const record = await findCaseForThreading(trx, { id: target.id });
          if (!record) throw new Error(`case ${target.id} vanished`);
          await addCustomerMessage(trx, { caseId: record.id, status: record.status, customerId: record.customerId, channel: 'email', message, via: decision.via, automatic: automatic.automatic }, now);
          if (!automatic.automatic && decision.senderIsCustomer) {
            await deps.outboundMail.queueAcknowledgement(trx, {
              caseId: record.id, caseNumber: record.number, to: { email: record.customerEmail, name: mail.from?.name ?? '' },
              locale: record.language, inReplyTo: mail.messageId,
            }, now);
          }
          await finishInbound(trx, state.inbound.id, { status: 'processed', caseId: record.id, outcome: { kind: 'follow-up', via: decision.via, reopened: decision.reopen } }, now);
          return record.id;
        });
        deps.events.publish({ type: 'message.added', caseId, messageId: state.inbound.id });
        deps.events.publish({ type: 'job.enqueued', jobType: 'email-out.send-mail' });
        return { done: { status: 'processed', caseId, outcome: { kind: 'follow-up', via: decision.via }, recorded: true } };
      }

      const routing = await deps.routeNewContact({ subject: mail.subject, text: content.visibleText, senderEmail: sender, channel: 'email' });
      const expectedReplyBy = deps.calendar.addBusinessDays(now, FIRST_RESPONSE_BUSINESS_DAYS);
      const link = decision.kind === 'new-linked-case'
        ? { caseId: decision.previous.id, kind: decision.reason === 'unproven-claim' ? 'unproven-claim' : 'follow-up-of-closed' }
        : undefined;
      const opened = await deps.db.transaction().execute(async (trx) => {
        const result = await openCase(trx, deps.dialect, {
          channel: 'email',
          contact: { email: sender, name: mail.from?.name || sender.split('@')[0] || sender, phone: null, address: null, language: routing.language },
          subject: mail.subject || content.visibleText.split('\n', 1)[0]?.slice(0, 80) || '(no subject)',
          routing: decision.kind === 'new-linked-case' && decision.reason === 'unproven-claim'
            ? { ...routing, reasons: [...routing.reasons, `claims case ${decision.previous.number} but the sender is not proven to be its customer`] }
            : routing,
          firstResponseDueAt: expectedReplyBy,
          message,
          trackingNumbers: [],
          link,
        }, now);
        // A claim by a sender using the claimed customer's own address but failing authentication
        // is probably forged: confirming would tell that customer about mail they never wrote.
        const suspectedForgery = decision.kind === 'new-linked-case' && decision.reason === 'unproven-claim' && decision.previous.customerEmail === sender;
        const recent = await deps.outboundMail.countSentTo(trx, sender, 'confirmation', new Date(now.getTime() - 3_600_000));
        if (suspectedForgery) {
          await recordCaseEvent(trx, { caseId: result.record.id, type: 'confirmation.suppressed', actor: { type: 'system', id: null }, at: now, data: { reason: 'the sender claims an existing case with its customer\'s address but is not authenticated' } });
        } else if (recent < deps.confirmationsPerHour) {
          await deps.outboundMail.queueConfirmation(trx, {
            caseId: result.record.id, caseNumber: result.record.number, to: { email: sender, name: mail.from?.name ?? '' }, locale: routing.language,
            topicName: localize(routing.topic.names, routing.language), subject: mail.subject || null, description: content.visibleText,
            trackingNumber: null, expectedReplyBy, guidance: null, inReplyTo: mail.messageId,
          }, now);
        } else {
          await recordCaseEvent(trx, { caseId: result.record.id, type: 'confirmation.suppressed', actor: { type: 'system', id: null }, at: now, data: { reason: `more than ${deps.confirmationsPerHour} confirmations to this sender in the last hour` } });
        }
        await finishInbound(trx, state.inbound.id, { status: 'processed', caseId: result.record.id, outcome: { kind: 'new-case', ...(link ? { linkedTo: decision.kind === 'new-linked-case' ? decision.previous.number : null, reason: link.kind } : {}) } }, now);
        return result.record;
      });
      deps.events.publish({ type: 'case.created', caseId: opened.id, caseNumber: opened.number, departmentId: opened.departmentId });
      deps.events.publish({ type: 'job.enqueued', jobType: 'email-out.send-mail' });
      return { done: { status: 'processed', caseId: opened.id, outcome: { kind: 'new-case' }, recorded: true } };
    },
  };

  return [parse, detectAutomatic, handleBounce, authenticate, thread, extract, store];
}

function toThreadCase(found: Awaited<ReturnType<typeof findCaseForThreading>>): ThreadCase | null {
  if (!found) return null;
  return { id: found.id, number: found.number, status: found.status, customerEmail: found.customerEmail, resolvedAt: found.resolvedAt, mergedIntoId: found.mergedIntoId };
}
