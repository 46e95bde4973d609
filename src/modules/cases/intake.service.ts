import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError, type FieldErrors } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events.js';
import type { Logger } from '../../kernel/log.js';
import type { Database } from '../../storage/database.js';
import type { Dialect } from '../../storage/dialect-helpers.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { OutboundMailService } from '../email-out/confirmation.service.js';
import type { BusinessCalendar } from '../sla/business-calendar.js';
import { firstResponseDue } from '../sla/sla.js';
import { localize, type Topic } from '../topics/topic.js';
import type { ContactRouter } from '../triage/contact-router.js';
import { findCustomerByEmail } from '../customers/customers.repository.js';
import { countWebCasesByEmailSince, findOpenCaseByTrackingNumber } from './cases.repository.js';
import { listTopics } from '../topics/topics.repository.js';
import { deriveSubject } from './case.js';
import type { CaseNumber } from './case-number.js';
import { openCase } from './open-case.js';
import { validateFormContact, type FormContact } from './intake.js';
import { storeUploadedFiles, type UploadedFile } from './uploads.js';

export { ATTACHMENT_LIMITS, type UploadedFile } from './uploads.js';

export type SubmittedCase = { caseNumber: CaseNumber; status: 'new'; expectedReplyBy: Date; guidance: string | null };

/** At most `max` web cases per customer email within `windowMs`. */
export type EmailLimit = { max: number; windowMs: number };

export type SubmitOptions = {
  /**
   * The help hub's per-email limit: an address cannot be used to flood the queue (or a stranger's
   * inbox with confirmations) from many connections. Throws `rate.limited`.
   */
  emailLimit?: EmailLimit | null;
};

export interface IntakeService {
  /** A web-form contact becomes a new case with its confirmation mail queued, atomically. */
  submitForm(raw: Record<string, unknown>, files: UploadedFile[], options?: SubmitOptions): Promise<SubmittedCase>;
  /** The per-field problems `submitForm` would report, without creating anything (empty when none). */
  check(raw: Record<string, unknown>): Promise<FieldErrors>;
}

type Deps = {
  db: Kysely<Database>;
  /** The customer is given a case number: that commit must survive a power cut. */
  durableTransaction: <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;
  dialect: Dialect;
  clock: Clock;
  log: Logger;
  events: EventBus;
  blobs: BlobStore;
  calendar: BusinessCalendar;
  outboundMail: OutboundMailService;
  router: ContactRouter;
};

export function createIntakeService(deps: Deps): IntakeService {
  // Topics change only through admin edits; a short-lived cache keeps the form path to one write transaction.
  let topicCache: { at: number; bySlug: Map<string, Topic> } | null = null;
  async function topicsBySlug(): Promise<Map<string, Topic>> {
    const now = Date.now();
    if (!topicCache || now - topicCache.at > 5_000) {
      const topics = await listTopics(deps.db, { activeOnly: true });
      topicCache = { at: now, bySlug: new Map(topics.map((t) => [t.slug, t])) };
    }
    return topicCache.bySlug;
  }

  return {
    async check(raw) {
      const topics = await topicsBySlug();
      const result = validateFormContact(raw, (slug) => topics.get(slug));
      return result.ok ? {} : result.fields;
    },

    async submitForm(raw, files, options = {}) {
      const topics = await topicsBySlug();
      const result = validateFormContact(raw, (slug) => topics.get(slug));
      if (!result.ok) throw new AppError('validation.failed', 'Some fields need attention.', result.fields);
      const { contact, topic } = result;
      const now = deps.clock.now();
      if (options.emailLimit) await checkEmailLimit(deps.db, contact.email, options.emailLimit, now);
      const attachments = await storeUploadedFiles(deps.blobs, files, now);
      // Registered means a verified account: triage raises the priority and the SLA shortens the target.
      const customerRegistered = (await findCustomerByEmail(deps.db, contact.email))?.registered ?? false;
      const routed = await deps.router.route({
        channel: 'web', chosenTopic: topic.slug, subject: contact.subject ?? '', text: contact.description,
        trackingNumberField: contact.trackingNumber, localeHint: contact.locale, customerRegistered,
      });
      const { routing } = routed;
      const expectedReplyBy = firstResponseDue(deps.calendar, now, { customerRegistered });
      const topicName = localize(topic.names, routing.language);

      const created = await deps.durableTransaction(async (trx) => {
        // Anyone can type an address into a form: a second contact about the same tracking number
        // is linked to the customer's open case for an agent to merge, never silently joined to it.
        const duplicateOf = await findOpenCaseByTrackingNumber(trx, contact.email, routed.trackingNumbers.filter((t) => t.valid).map((t) => t.number));
        const opened = await openCase(trx, deps.dialect, {
          channel: 'web',
          contact: { ...contact, language: routing.language },
          subject: deriveSubject(contact.subject, contact.description, topicName),
          routing: duplicateOf ? { ...routing, reasons: [...routing.reasons, `same tracking number as open case ${duplicateOf.number}`] } : routing,
          firstResponseDueAt: expectedReplyBy,
          message: { subject: contact.subject, text: formatFormMessage(contact), html: null, emailMessageId: null, attachments },
          trackingNumbers: routed.trackingNumbers,
          link: duplicateOf ? { caseId: duplicateOf.id, kind: 'same-tracking-number' } : undefined,
        }, now);
        await deps.outboundMail.queueConfirmation(trx, {
          caseId: opened.record.id, caseNumber: opened.record.number, to: { email: opened.customer.email, name: contact.name },
          locale: routing.language, topicName, subject: contact.subject, description: contact.description,
          trackingNumber: contact.trackingNumber, expectedReplyBy, guidance: routed.guidance,
        }, now);
        return opened.record;
      });

      deps.events.publish({ type: 'case.created', caseId: created.id, caseNumber: created.number, departmentId: created.departmentId, channel: created.channel, topic: routing.topic.slug });
      deps.events.publish({ type: 'job.enqueued', jobType: 'email-out.send-mail' });
      return { caseNumber: created.number, status: 'new', expectedReplyBy, guidance: routed.guidance };
    },
  };
}

async function checkEmailLimit(db: Kysely<Database>, email: string, limit: EmailLimit, now: Date): Promise<void> {
  const recent = await countWebCasesByEmailSince(db, email, new Date(now.getTime() - limit.windowMs));
  if (recent >= limit.max) {
    throw new AppError('rate.limited', 'Many messages were sent from this email address recently. Please wait a while and try again.');
  }
}

/** The thread entry for a form contact: what the customer wrote, plus the structured fields they gave. */
function formatFormMessage(contact: FormContact): string {
  const details = [
    contact.trackingNumber ? `Tracking number: ${contact.trackingNumber}` : null,
    contact.phone ? `Phone: ${contact.phone}` : null,
    contact.address ? `Address: ${contact.address.street}, ${contact.address.city}, ${contact.address.state} ${contact.address.zip}` : null,
  ].filter((line): line is string => line !== null);
  return details.length > 0 ? `${contact.description}\n\n${details.join('\n')}` : contact.description;
}
