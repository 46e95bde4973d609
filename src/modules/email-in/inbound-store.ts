import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { EventBus } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import { createTurnBatcher } from '../../kernel/turn-batcher.js';
import type { Database } from '../../storage/database.js';
import { toDbJson, toDbTime } from '../../storage/dialect-helpers.js';
import { enqueueJob } from '../../jobs/queue.js';
import { PROCESS_MESSAGE_JOB } from './job-types.js';

export type InboundEnvelope = {
  source: 'smtp' | 'imap';
  mailboxId?: string | null;
  mailFrom: string | null;
  rcptTo: string[];
  remoteAddress?: string | null;
  helo?: string | null;
};

export type StoredInbound = { id: string; duplicate: boolean };

/** Durable intake of raw mail: once `store` resolves, the message survives a crash and will be processed. */
export interface InboundStore {
  store(raw: Buffer, envelope: InboundEnvelope): Promise<StoredInbound>;
}

type Pending = { raw: Buffer; envelope: InboundEnvelope; resolve(result: StoredInbound): void; reject(error: unknown): void };

/**
 * Group commit: every delivery that arrives while the previous commit runs joins the next one,
 * so N concurrent SMTP sessions cost one fsync per batch instead of one each. Each message is
 * inserted with its processing job in the same transaction (transactional outbox); a duplicate
 * (same Message-ID, or same bytes without one) is recognised by its dedupe key and stored once.
 */
export function createInboundStore(deps: {
  durableTransaction: <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;
  clock: Clock;
  events: EventBus;
  maxBatch?: number;
}): InboundStore {
  async function commitBatch(batch: Pending[]): Promise<void> {
    const now = deps.clock.now();
    let results: StoredInbound[];
    try {
      results = await deps.durableTransaction(async (trx) => {
        const out: StoredInbound[] = [];
        for (const item of batch) out.push(await insertOne(trx, item, now));
        return out;
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      item.resolve(results[i]!);
      deps.events.publish({ type: 'inbound.accepted', source: item.envelope.source, duplicate: results[i]!.duplicate });
    });
    if (results.some((r) => !r.duplicate)) deps.events.publish({ type: 'job.enqueued', jobType: PROCESS_MESSAGE_JOB });
  }

  async function insertOne(trx: Parameters<typeof enqueueJob>[0], item: Pending, now: Date): Promise<StoredInbound> {
    const sha256 = createHash('sha256').update(item.raw).digest('hex');
    const messageId = readMessageIdHeader(item.raw);
    const dedupeKey = messageId ? `mid:${messageId}` : `sha:${sha256}`;
    const id = newId(now.getTime());
    const inserted = await trx
      .insertInto('inbound_messages')
      .values({
        id,
        source: item.envelope.source,
        mailbox_id: item.envelope.mailboxId ?? null,
        envelope_from: item.envelope.mailFrom,
        envelope_to: toDbJson(item.envelope.rcptTo),
        remote_address: item.envelope.remoteAddress ?? null,
        helo: item.envelope.helo ?? null,
        raw: item.raw,
        size: item.raw.byteLength,
        sha256,
        dedupe_key: dedupeKey,
        message_id_header: messageId,
        status: 'received',
        outcome: null,
        case_id: null,
        received_at: toDbTime(now),
        processed_at: null,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const existing = await trx.selectFrom('inbound_messages').select('id').where('dedupe_key', '=', dedupeKey).executeTakeFirstOrThrow();
      return { id: existing.id, duplicate: true };
    }
    await enqueueJob(trx, { type: PROCESS_MESSAGE_JOB, payload: { inboundId: id }, idempotencyKey: `inbound:${id}`, maxAttempts: 5 }, now);
    return { id, duplicate: false };
  }

  const submit = createTurnBatcher(commitBatch, deps.maxBatch ?? 256);
  return {
    store(raw, envelope) {
      return new Promise<StoredInbound>((resolve, reject) => submit({ raw, envelope, resolve, reject }));
    },
  };
}

const HEADER_END = /\r?\n\r?\n/;

/**
 * The Message-ID header of a raw message without a full parse (the parse happens later, in the
 * job). Only the header block is scanned; folded values are unfolded (RFC 5322 §2.2.3).
 */
export function readMessageIdHeader(raw: Buffer): string | null {
  const head = raw.subarray(0, Math.min(raw.byteLength, 256 * 1024)).toString('latin1');
  const end = head.search(HEADER_END);
  const block = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:[ \t]*(<[^<>\s]{1,900}>)/im.exec(block);
  return match ? match[1]!.toLowerCase() : null;
}
