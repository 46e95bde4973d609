import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import type { Logger } from '../../kernel/log.js';
import type { Database } from '../../storage/database.js';
import type { Dialect } from '../../storage/dialect-helpers.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import { safeFilename, sniffContentType } from '../attachments/content-type.js';
import type { OutboundMailService } from '../email-out/confirmation.service.js';
import type { Attachment } from '../messages/message.js';
import type { BusinessCalendar } from '../sla/business-calendar.js';
import { firstResponseDue } from '../sla/sla.js';
import { localize, type Topic } from '../topics/topic.js';
import type { ContactRouter } from '../triage/contact-router.js';
import { findCustomerByEmail } from '../customers/customers.repository.js';
import { findOpenCaseByTrackingNumber } from './cases.repository.js';
import { listTopics } from '../topics/topics.repository.js';
import { deriveSubject } from './case.js';
import type { CaseNumber } from './case-number.js';
import { openCase } from './open-case.js';
import { validateFormContact, type FormContact } from './intake.js';

export type UploadedFile = { filename: string | undefined; bytes: Uint8Array };

export type SubmittedCase = { caseNumber: CaseNumber; status: 'new'; expectedReplyBy: Date; guidance: string | null };

export const ATTACHMENT_LIMITS = { count: 5, bytesEach: 10 * 1024 * 1024, bytesTotal: 25 * 1024 * 1024 } as const;

export interface IntakeService {
  /** A web-form contact becomes a new case with its confirmation mail queued, atomically. */
  submitForm(raw: Record<string, unknown>, files: UploadedFile[]): Promise<SubmittedCase>;
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

  async function storeFiles(files: UploadedFile[], now: Date): Promise<Omit<Attachment, 'caseId' | 'messageId'>[]> {
    checkAttachmentLimits(files);
    const stored = [];
    for (const [index, file] of files.entries()) {
      const type = sniffContentType(file.bytes);
      if (!type) {
        throw new AppError('intake.attachment_type', 'Attachments must be images (PNG, JPEG, GIF, WebP) or PDF documents.', {
          [`attachments.${index}`]: `${file.filename ?? 'This file'} is not an image or a PDF`,
        });
      }
      const { sha256, size } = await deps.blobs.put(file.bytes);
      stored.push({ id: newId(now.getTime()), sha256, size, filename: safeFilename(file.filename, type), contentType: type, createdAt: now });
    }
    return stored;
  }

  return {
    async submitForm(raw, files) {
      const topics = await topicsBySlug();
      const result = validateFormContact(raw, (slug) => topics.get(slug));
      if (!result.ok) throw new AppError('validation.failed', 'Some fields need attention.', result.fields);
      const { contact, topic } = result;
      const now = deps.clock.now();
      const attachments = await storeFiles(files, now);
      const known = await findCustomerByEmail(deps.db, contact.email);
      const routed = await deps.router.route({
        channel: 'web', chosenTopic: topic.slug, subject: contact.subject ?? '', text: contact.description,
        trackingNumberField: contact.trackingNumber, localeHint: contact.locale, customerRegistered: known?.registered ?? false,
      });
      const { routing } = routed;
      const expectedReplyBy = firstResponseDue(deps.calendar, now);
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

function checkAttachmentLimits(files: UploadedFile[]): void {
  if (files.length > ATTACHMENT_LIMITS.count) {
    throw new AppError('intake.too_many_attachments', `You can attach up to ${ATTACHMENT_LIMITS.count} files.`);
  }
  const total = files.reduce((sum, file) => sum + file.bytes.byteLength, 0);
  const large = files.find((file) => file.bytes.byteLength > ATTACHMENT_LIMITS.bytesEach);
  if (large || total > ATTACHMENT_LIMITS.bytesTotal) {
    throw new AppError('intake.attachment_too_large', 'Each file must be 10 MB or smaller, and all files together 25 MB or smaller.');
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
