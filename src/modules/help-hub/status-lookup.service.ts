import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { EventBus } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import type { Database, Executor } from '../../storage/database.js';
import { toDbTime } from '../../storage/dialect-helpers.js';
import { canTransition, type Case, type CaseStatus } from '../cases/case.js';
import { findCaseById, findCaseByNumber, recordCaseEvent, updateCase } from '../cases/cases.repository.js';
import { parseCaseNumberOrThrow } from '../cases/cases.service.js';
import { addCustomerMessage } from '../cases/follow-up.js';
import { findCaseSummaryByNumber, listCaseSummariesOfCustomer } from '../cases/case-queries.js';
import { parseCaseNumber } from '../cases/case-number.js';
import { storeUploadedFiles, type UploadedFile } from '../cases/uploads.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import { findCustomerById } from '../customers/customers.repository.js';
import { normalizeEmail } from '../customers/customer.js';
import type { MailSettings } from '../email-out/confirmation.service.js';
import type { MailIdentity } from '../email-out/mail-identity.js';
import { queueStatusLinkMail } from '../email-out/status-link-mail.js';
import { REOPEN_WINDOW_DAYS } from '../email-in/threading.js';
import { listMessagesOfCase } from '../messages/messages.repository.js';

export const STATUS_LINK_TTL_MS = 30 * 60 * 1000;
/** Links per case per hour: enough for a customer who lost one, too few to mail-bomb them. */
export const STATUS_LINKS_PER_CASE_PER_HOUR = 3;
const LINK_PURPOSE = 'status-view';

export type PublicThreadEntry = { id: string; from: 'customer' | 'agent'; text: string; createdAt: Date; attachments: string[] };
/** A row of a signed-in customer's case list. */
export type CustomerCaseSummary = { caseNumber: string; subject: string; status: CaseStatus; topic: string; createdAt: Date; expectedReplyBy: Date };
/** How many cases the account page lists: a customer with more calls us anyway. */
export const CUSTOMER_CASE_LIST_LIMIT = 200;

export type CustomerCaseView = {
  caseNumber: string; status: CaseStatus; topic: string; createdAt: Date; expectedReplyBy: Date; language: string; thread: PublicThreadEntry[];
};

/** The customer's status page: link by email, single-use exchange, the public thread, follow-up and close. */
export interface StatusLookupService {
  /** Mails a link when number and email match a case; silently nothing otherwise. Throws only `case.number_invalid`. */
  requestLink(caseNumberInput: string, email: string): Promise<void>;
  /** The case a valid, unused, unexpired link is for, marking it used; null for anything else. */
  exchange(token: string): Promise<{ caseId: string } | null>;
  view(caseId: string): Promise<CustomerCaseView | null>;
  /**
   * `closed` when the case can no longer take messages (closed, merged, or resolved too long ago).
   * Files pass the intake's limits and content checks (throws its `intake.*` errors) and are stored
   * before the message, so a rejected file adds nothing.
   */
  addMessage(caseId: string, text: string, files?: UploadedFile[]): Promise<'added' | 'closed'>;
  close(caseId: string): Promise<void>;
  /** A customer's own cases, newest first, with the statuses customers see. */
  listCasesOfCustomer(customerId: string): Promise<CustomerCaseSummary[]>;
  /**
   * The case a signed-in customer may open: theirs, by number. Another customer's case, a missing
   * one and a malformed number all give null, so the answer reveals nothing.
   */
  findCaseOfCustomer(caseNumberInput: string, customerId: string): Promise<{ caseId: string } | null>;
}

type Deps = { db: Kysely<Database>; clock: Clock; events: EventBus; identity: MailIdentity; mail: MailSettings; blobs: BlobStore };

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function createStatusLookupService(deps: Deps): StatusLookupService {
  const { db, clock } = deps;

  async function linksSince(executor: Executor, caseId: string, since: Date): Promise<number> {
    const row = await executor.selectFrom('status_links').select((eb) => eb.fn.countAll<number>().as('count'))
      .where('case_id', '=', caseId).where('created_at', '>=', toDbTime(since)).executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  return {
    async requestLink(caseNumberInput, email) {
      const number = parseCaseNumberOrThrow(caseNumberInput);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const found = await findCaseByNumber(trx, number);
        const customer = found ? await findCustomerById(trx, found.customerId) : null;
        if (!found || !customer || customer.email !== normalizeEmail(email)) return;
        if (await linksSince(trx, found.id, new Date(now.getTime() - 3_600_000)) >= STATUS_LINKS_PER_CASE_PER_HOUR) return;
        const id = newId(now.getTime());
        const expiresAt = new Date(now.getTime() + STATUS_LINK_TTL_MS);
        // The HMAC token of mail-identity: a forged link fails without touching the database;
        // the stored hash and `used_at` make a genuine one work once.
        const token = deps.identity.signedLinkToken(LINK_PURPOSE, id, expiresAt);
        await trx.insertInto('status_links').values({
          id, case_id: found.id, token_hash: hashToken(token), created_at: toDbTime(now), expires_at: toDbTime(expiresAt), used_at: null,
        }).execute();
        const link = `${deps.mail.publicUrl}/status/view?token=${encodeURIComponent(token)}`;
        await queueStatusLinkMail(trx, { identity: deps.identity, settings: deps.mail }, {
          caseId: found.id, caseNumber: found.number, to: { email: customer.email, name: customer.name }, locale: found.language, link,
        }, now);
      });
    },

    async exchange(token) {
      const now = clock.now();
      const id = deps.identity.verifyLinkToken(LINK_PURPOSE, token, now);
      if (!id) return null;
      // One conditional update: of two concurrent exchanges of the same link, only one wins.
      const result = await db.updateTable('status_links').set({ used_at: toDbTime(now) })
        .where('id', '=', id).where('token_hash', '=', hashToken(token)).where('used_at', 'is', null)
        .where('expires_at', '>', toDbTime(now)).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return null;
      const row = await db.selectFrom('status_links').select('case_id').where('id', '=', id).executeTakeFirstOrThrow();
      return { caseId: row.case_id };
    },

    async view(caseId) {
      const found = await findCaseById(db, caseId);
      if (!found) return null;
      const [summary, messages] = await Promise.all([findCaseSummaryByNumber(db, found.number), listMessagesOfCase(db, caseId)]);
      // The public thread only: what the customer wrote and what we answered. Internal notes,
      // system entries and phone-call logs (agent records, with agent-only flags) stay out.
      const thread = messages
        .filter((m) => m.channel !== 'phone' && ((m.direction === 'inbound' && m.authorType === 'customer') || (m.direction === 'outbound' && m.authorType === 'agent')))
        .map((m): PublicThreadEntry => ({
          id: m.id, from: m.direction === 'inbound' ? 'customer' : 'agent', text: m.text, createdAt: m.createdAt,
          attachments: m.direction === 'inbound' ? m.attachments.map((a) => a.filename) : [],
        }));
      return {
        caseNumber: found.number, status: publicStatus(found.status), topic: summary?.topic ?? '', createdAt: found.createdAt,
        expectedReplyBy: found.firstResponseDueAt, language: found.language, thread,
      };
    },

    async addMessage(caseId, text, files = []) {
      const now = clock.now();
      const current = await findCaseById(db, caseId);
      if (!current || !acceptsMessages(current, now)) return 'closed';
      const attachments = await storeUploadedFiles(deps.blobs, files, now);
      const result = await db.transaction().execute(async (trx) => {
        const found = await findCaseById(trx, caseId);
        if (!found || !acceptsMessages(found, now)) return null;
        const added = await addCustomerMessage(trx, {
          caseId, status: found.status, customerId: found.customerId, channel: 'web', via: 'status-page', automatic: false,
          message: { subject: null, text, html: null, emailMessageId: null, attachments },
        }, now);
        return { ...added, caseNumber: found.number };
      });
      if (!result) return 'closed';
      deps.events.publish({ type: 'message.added', caseId, messageId: result.messageId });
      deps.events.publish({ type: 'case.updated', caseId, caseNumber: result.caseNumber });
      return 'added';
    },

    async close(caseId) {
      const now = clock.now();
      const closed = await db.transaction().execute(async (trx) => {
        const found = await findCaseById(trx, caseId);
        if (!found || !canTransition(found.status, 'closed')) return null;
        await updateCase(trx, caseId, { status: 'closed' }, now);
        await recordCaseEvent(trx, {
          caseId, type: 'case.status_changed', actor: { type: 'customer', id: found.customerId }, at: now,
          data: { from: found.status, to: 'closed', reason: 'customer closed the case on the status page' },
        });
        return found;
      });
      if (closed) deps.events.publish({ type: 'case.updated', caseId, caseNumber: closed.number });
    },

    async listCasesOfCustomer(customerId) {
      const summaries = await listCaseSummariesOfCustomer(db, customerId, CUSTOMER_CASE_LIST_LIMIT);
      return summaries.map((s) => ({
        caseNumber: s.caseNumber, subject: s.subject, status: publicStatus(s.status), topic: s.topic, createdAt: s.createdAt, expectedReplyBy: s.firstResponseDueAt,
      }));
    },

    async findCaseOfCustomer(caseNumberInput, customerId) {
      const parsed = parseCaseNumber(caseNumberInput);
      if (!parsed.ok) return null;
      const found = await findCaseByNumber(db, parsed.caseNumber);
      return found && found.customerId === customerId ? { caseId: found.id } : null;
    },
  };
}

/** As the JSON status API: merged and spam are agent-side states, shown to the customer as closed. */
function publicStatus(status: CaseStatus): CaseStatus {
  return status === 'merged' || status === 'spam' ? 'closed' : status;
}

/** The email follow-up rules: a resolved case reopens within 14 days; closed, merged and spam cases never do. */
function acceptsMessages(record: Case, now: Date): boolean {
  if (record.status === 'closed' || record.status === 'merged' || record.status === 'spam') return false;
  if (record.status !== 'resolved') return true;
  const age = record.resolvedAt ? now.getTime() - record.resolvedAt.getTime() : Infinity;
  return age <= REOPEN_WINDOW_DAYS * 86_400_000;
}

