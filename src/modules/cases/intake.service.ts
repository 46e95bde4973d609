import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import type { Logger } from '../../kernel/log.js';
import type { Database } from '../../storage/database.js';
import type { Dialect } from '../../storage/dialect-helpers.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import { safeFilename, sniffContentType } from '../attachments/content-type.js';
import { findOrCreateCustomer } from '../customers/customers.repository.js';
import type { OutboundMailService } from '../email-out/confirmation.service.js';
import type { Attachment } from '../messages/message.js';
import { insertAttachments, insertMessage } from '../messages/messages.repository.js';
import type { BusinessCalendar } from '../sla/business-calendar.js';
import { EXPRESS_GUIDANCE } from '../topics/default-topics.js';
import { localize, selectUrgentGuidance, type Topic } from '../topics/topic.js';
import { listTopics } from '../topics/topics.repository.js';
import { deriveSubject, type Case } from './case.js';
import { generateCaseNumber, type CaseNumber } from './case-number.js';
import { addTrackingNumbers, insertCase, isCaseNumberTaken, recordCaseEvent } from './cases.repository.js';
import { validateFormContact, type FormContact } from './intake.js';

export type UploadedFile = { filename: string | undefined; bytes: Uint8Array };

export type SubmittedCase = { caseNumber: CaseNumber; status: 'new'; expectedReplyBy: Date; guidance: string | null };

export const ATTACHMENT_LIMITS = { count: 5, bytesEach: 10 * 1024 * 1024, bytesTotal: 25 * 1024 * 1024 } as const;

/** First-response target of CONTRACT.md / ARCHITECTURE.md "SLA": 3 business days. */
const FIRST_RESPONSE_BUSINESS_DAYS = 3;

export interface IntakeService {
  /** A web-form contact becomes a new case with its confirmation mail queued, atomically. */
  submitForm(raw: Record<string, unknown>, files: UploadedFile[]): Promise<SubmittedCase>;
}

type Deps = {
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  log: Logger;
  events: EventBus;
  blobs: BlobStore;
  calendar: BusinessCalendar;
  outboundMail: OutboundMailService;
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
      const guidance = selectUrgentGuidance(topic, `${contact.subject ?? ''}\n${contact.description}`, EXPRESS_GUIDANCE);
      const locale = contact.locale ?? 'en';
      const expectedReplyBy = deps.calendar.addBusinessDays(now, FIRST_RESPONSE_BUSINESS_DAYS);

      const created = await deps.db.transaction().execute(async (trx) => {
        const customer = await findOrCreateCustomer(trx, deps.dialect, { ...contact, language: locale }, now);
        const record: Case = {
          id: newId(now.getTime()),
          number: await uniqueCaseNumber(trx),
          customerId: customer.id,
          topicId: topic.id,
          departmentId: topic.department.id,
          assigneeId: null,
          status: 'new',
          priority: guidance ? 'high' : 'normal',
          channel: 'web',
          subject: deriveSubject(contact.subject, contact.description, localize(topic.names, locale)),
          language: locale,
          firstResponseDueAt: expectedReplyBy,
          firstRespondedAt: null,
          createdAt: now,
          updatedAt: now,
          resolvedAt: null,
        };
        await insertCase(trx, record);
        const messageId = newId(now.getTime());
        await insertMessage(trx, {
          id: messageId, caseId: record.id, direction: 'inbound', channel: 'web', authorType: 'customer', authorId: customer.id,
          subject: contact.subject, text: formatFormMessage(contact), html: null, emailMessageId: null, createdAt: now,
        });
        await insertAttachments(trx, attachments.map((a) => ({ ...a, caseId: record.id, messageId })));
        if (contact.trackingNumber) {
          // Carrier and check-digit validation arrive with triage; until then the number is kept as given.
          await addTrackingNumbers(trx, deps.dialect, record.id, [{ number: contact.trackingNumber, carrier: 'unknown', valid: false }]);
        }
        const system = { type: 'system' as const, id: null };
        await recordCaseEvent(trx, { caseId: record.id, type: 'case.created', actor: { type: 'customer', id: customer.id }, data: { channel: 'web', topic: topic.slug }, at: now });
        await recordCaseEvent(trx, {
          caseId: record.id, type: 'case.routed', actor: system, at: now,
          data: { department: topic.department.slug, topic: topic.slug, priority: record.priority, reasons: [`topic ${topic.slug} chosen on the web form`, ...(guidance ? ['urgent-matter guidance applies'] : [])] },
        });
        await deps.outboundMail.queueConfirmation(trx, {
          caseId: record.id, caseNumber: record.number, to: { email: customer.email, name: contact.name }, locale,
          topicName: localize(topic.names, locale), subject: contact.subject, description: contact.description,
          trackingNumber: contact.trackingNumber, expectedReplyBy, guidance: guidance ? localize(guidance, locale) : null,
        }, now);
        return record;
      });

      deps.events.publish({ type: 'case.created', caseId: created.id, caseNumber: created.number, departmentId: created.departmentId });
      deps.events.publish({ type: 'job.enqueued', jobType: 'email-out.send-mail' });
      return { caseNumber: created.number, status: 'new', expectedReplyBy, guidance: guidance ? localize(guidance, locale) : null };
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

async function uniqueCaseNumber(executor: Parameters<typeof isCaseNumberTaken>[0]): Promise<CaseNumber> {
  // 32^7 ≈ 3.4e10 numbers: a collision is rare, but never impossible.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const candidate = generateCaseNumber();
    if (!(await isCaseNumberTaken(executor, candidate))) return candidate;
  }
  throw new Error('could not find a free case number after 5 attempts');
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
