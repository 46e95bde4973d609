import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { Database } from '../../storage/database.js';
import type { Dialect } from '../../storage/dialect-helpers.js';
import { refreshSearchDocuments } from '../search/index.js';
import { normalizeEmail } from '../customers/customer.js';
import { findCustomerById } from '../customers/customers.repository.js';
import { listAgentNames } from '../agents/agents.repository.js';
import type { Customer } from '../customers/customer.js';
import type { Message } from '../messages/message.js';
import { findAttachment, listMessagesOfCase } from '../messages/messages.repository.js';
import type { Attachment } from '../messages/message.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { CaseStatus } from './case.js';
import { parseCaseNumber, type CaseNumber } from './case-number.js';
import { findCaseByNumber, listCaseEvents, listLinkedCaseNumbers, listTrackingNumbers, type CaseEvent, type TrackingNumber } from './cases.repository.js';
import { decodeCursor, encodeCursor, findCaseSummaryByNumber, listCaseSummaries, type CaseListFilter, type CaseSummary } from './case-queries.js';
import { countQueues, findQueue, type QueueCount } from './case-queues.js';
import type { CaseSatisfaction, CaseSatisfactionReader } from './case-resolution.js';

export type CaseStatusView = { caseNumber: string; status: CaseStatus; topic: string; createdAt: Date; expectedReplyBy: Date };

export type CaseDetail = CaseSummary & {
  trackingNumbers: TrackingNumber[];
  linkedCases: { caseNumber: string; kind: string }[];
  messages: Message[];
  events: CaseEvent[];
  customerRecord: Customer;
  /** Names of the agents who wrote messages or acted on the timeline, by id. */
  agentNames: ReadonlyMap<string, string>;
  /** The customer's satisfaction survey, when the case has one. */
  satisfaction: CaseSatisfaction | null;
};

export type CaseListQuery = Omit<CaseListFilter, 'cursor' | 'queue'> & { cursor?: string; queue?: string };

/** Read side of cases: the customer's status lookup and the agent's list and case view. */
export interface CaseQueryService {
  /** Owner-only status: every failure is the same `case.not_found`, so the answer is no oracle. */
  statusForCustomer(caseNumberInput: string, email: string): Promise<CaseStatusView>;
  /** A page of cases; `queue` ids are those `queues` lists (`mine` is the viewer's). */
  list(query: CaseListQuery, viewer: { id: string }): Promise<{ cases: CaseSummary[]; nextCursor: string | null }>;
  /** The agent console's queues with their counts, for this viewer, now. */
  queues(viewer: { id: string }): Promise<QueueCount[]>;
  detail(caseNumberInput: string): Promise<CaseDetail>;
  attachmentContent(id: string): Promise<{ attachment: Attachment; bytes: Buffer }>;
}

export function parseCaseNumberOrThrow(input: string): CaseNumber {
  const parsed = parseCaseNumber(input);
  if (!parsed.ok) throw new AppError('case.number_invalid', parsed.hint, { caseNumber: parsed.hint });
  return parsed.caseNumber;
}

const NOT_FOUND = 'We could not find a case with that number and email address.';

type Deps = { db: Kysely<Database>; dialect: Dialect; blobs: BlobStore; clock: Clock; satisfaction?: CaseSatisfactionReader };

export function createCaseQueryService(deps: Deps): CaseQueryService {
  const { db } = deps;
  return {
    async statusForCustomer(caseNumberInput, email) {
      const number = parseCaseNumberOrThrow(caseNumberInput);
      const found = await findCaseByNumber(db, number);
      const customer = found ? await findCustomerById(db, found.customerId) : null;
      if (!found || !customer || customer.email !== normalizeEmail(email)) throw new AppError('case.not_found', NOT_FOUND);
      const summary = await findCaseSummaryByNumber(db, number);
      return {
        caseNumber: found.number,
        // Merged and spam are agent-side states; the customer sees where their matter stands.
        status: found.status === 'merged' ? 'closed' : found.status === 'spam' ? 'closed' : found.status,
        topic: summary?.topic ?? '',
        createdAt: found.createdAt,
        expectedReplyBy: found.firstResponseDueAt,
      };
    },

    async list(query, viewer) {
      const limit = Math.min(Math.max(query.limit, 1), 200);
      const sort = query.sort ?? 'newest';
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      if (cursor === null || (cursor && cursor.sort !== sort)) {
        throw new AppError('validation.failed', 'The cursor is not valid.', { cursor: 'is not a cursor this server issued for this sort' });
      }
      const queue = query.queue ? await findQueue(db, query.queue, viewer.id, deps.clock.now()) : undefined;
      if (queue === null) throw new AppError('validation.failed', 'Unknown queue.', { queue: `no queue has the id ${query.queue}` });
      // Search documents are rebuilt in batches: catch up first, so what was just written is found.
      if (query.q?.trim()) await refreshSearchDocuments(db, deps.dialect);
      const rows = await listCaseSummaries(db, deps.dialect, { ...query, queue: queue?.where, sort, cursor, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { cases: page, nextCursor: rows.length > limit && last ? encodeCursor(last, sort) : null };
    },

    async queues(viewer) {
      return countQueues(db, viewer.id, deps.clock.now());
    },

    async detail(caseNumberInput) {
      const number = parseCaseNumberOrThrow(caseNumberInput);
      const summary = await findCaseSummaryByNumber(db, number);
      if (!summary) throw new AppError('case.not_found', 'No case has this number.');
      const [trackingNumbers, linkedCases, messages, events, customerRecord, satisfaction] = await Promise.all([
        listTrackingNumbers(db, summary.id),
        listLinkedCaseNumbers(db, summary.id),
        listMessagesOfCase(db, summary.id),
        listCaseEvents(db, summary.id),
        findCustomerById(db, summary.customer.id),
        deps.satisfaction ? deps.satisfaction.forCase(db, summary.id) : Promise.resolve(null),
      ]);
      if (!customerRecord) throw new Error(`case ${summary.id} has no customer`);
      const agentIds = [
        ...messages.filter((m) => m.authorType === 'agent' && m.authorId).map((m) => m.authorId as string),
        ...events.filter((e) => e.actor.type === 'agent' && e.actor.id).map((e) => e.actor.id as string),
      ];
      const agentNames = await listAgentNames(db, agentIds);
      return { ...summary, trackingNumbers, linkedCases, messages, events, customerRecord, agentNames, satisfaction };
    },

    async attachmentContent(id) {
      const attachment = await findAttachment(db, id);
      const bytes = attachment ? await deps.blobs.get(attachment.sha256) : null;
      if (!attachment || !bytes) throw new AppError('attachment.not_found', 'No attachment has this id.');
      return { attachment, bytes };
    },
  };
}
