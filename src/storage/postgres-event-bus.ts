import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { createEventDispatcher, isSharedEventType, type DomainEvent, type EventBus } from '../kernel/events.js';
import { newToken } from '../kernel/ids.js';
import type { Logger } from '../kernel/log.js';
import type { Database } from './database.js';

/** An event bus that reaches the other processes on the database: it holds a connection of its own. */
export interface SharedEventBus extends EventBus {
  /** Resolves once this process hears the others (its first LISTEN succeeded). */
  listening(): Promise<void>;
  /** Whether this process hears the others now (false while its listening connection is reconnecting). */
  isListening(): boolean;
  /** Sends what is still queued, then stops listening. */
  close(): Promise<void>;
}

export type PostgresEventBusOptions = {
  url: string;
  /** The process's pool: notifications are sent through it, so a dropped listener loses nothing outgoing. */
  db: Kysely<Database>;
  log: Logger;
  onHandlerError?: (error: unknown) => void;
  channel?: string;
  /** Back-off between attempts to listen again after the connection dropped. */
  reconnect?: { baseMs: number; maxMs: number };
  /** How often the idle listening connection is checked (a dead peer is otherwise noticed only by TCP keepalive). */
  heartbeatMs?: number;
};

export const EVENT_CHANNEL = 'postdesk_events';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more (the default build). */
export const MAX_PAYLOAD_BYTES = 7_900;
/** Events waiting for the database beyond this are dropped (oldest first) rather than filling memory. */
const MAX_QUEUED = 10_000;

type Payload = { from: string; events: DomainEvent[] };

/**
 * The event bus of a process that shares PostgreSQL with others (issue #7): `publish` delivers to
 * this process's subscribers at once and NOTIFYs the others on one channel; one dedicated
 * connection per process LISTENs and hands their events to the same subscribers. Notifications
 * carry a per-bus id, so a process skips the echo of its own. Event types that report what this
 * process did (kernel/events.ts) never leave it.
 *
 * Events published in one turn of the event loop travel together (identical ones once), in as few
 * notifications as the payload limit allows, in publish order. PostgreSQL delivers a notification
 * only to sessions listening when it commits: while the listening connection is down (reconnected
 * with back-off) the others' events are lost to this process, and `events.resumed` tells the
 * subscribers afterwards (the live hub then has consoles refetch; job workers poll anyway).
 */
export function createPostgresEventBus(options: PostgresEventBusOptions): SharedEventBus {
  const { db, log } = options;
  const channel = options.channel ?? EVENT_CHANNEL;
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Event channel ${channel}: lower-case letters, digits and _ only`);
  const reconnect = options.reconnect ?? { baseMs: 500, maxMs: 30_000 };
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const busId = newToken(6);
  const dispatcher = createEventDispatcher(options.onHandlerError);

  let queued: string[] = [];
  let flushing: Promise<void> | null = null;
  let client: pg.Client | null = null;
  let closed = false;
  let heard = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let markListening!: () => void;
  const firstListen = new Promise<void>((resolve) => (markListening = resolve));

  function flushSoon(): void {
    flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(flush).finally(() => {
      flushing = null;
      if (queued.length > 0 && !closed) flushSoon();
    });
  }

  async function flush(): Promise<void> {
    const events = [...new Set(queued)];
    queued = [];
    const payloads = packPayloads(busId, events, log);
    if (payloads.length === 0) return;
    try {
      await sql`select ${sql.join(payloads.map((payload) => sql`pg_notify(${channel}, ${payload})`))}`.execute(db);
    } catch (error) {
      log.warn({ err: error, events: events.length }, 'could not notify other processes of events; they miss them');
    }
  }

  function onNotification(message: pg.Notification): void {
    if (message.channel !== channel || message.payload === undefined) return;
    const payload = parsePayload(message.payload);
    if (!payload) {
      log.warn('ignored a malformed event notification');
      return;
    }
    if (payload.from === busId) return;
    for (const event of payload.events) dispatcher.deliver(event, 'other-process');
  }

  async function listen(): Promise<void> {
    if (closed) return;
    const candidate = new pg.Client({ connectionString: options.url, application_name: 'postdesk-events', keepAlive: true, query_timeout: 10_000 });
    candidate.on('notification', onNotification);
    candidate.on('error', (error) => dropped(candidate, error));
    candidate.on('end', () => dropped(candidate, null));
    try {
      await candidate.connect();
      await candidate.query(`listen ${channel}`);
    } catch (error) {
      candidate.removeAllListeners('end');
      candidate.on('error', () => {});
      void candidate.end().catch(() => {});
      log.warn({ err: error, attempt }, 'could not listen for other processes\' events; retrying');
      retryLater();
      return;
    }
    if (closed) {
      void candidate.end().catch(() => {});
      return;
    }
    client = candidate;
    attempt = 0;
    heartbeat = setInterval(() => {
      candidate.query('select 1').catch((error: unknown) => {
        log.warn({ err: error }, 'the connection listening for events stopped answering; reconnecting');
        dropped(candidate, error);
        void candidate.end().catch(() => {});
      });
    }, heartbeatMs);
    heartbeat.unref();
    if (heard) {
      log.info('listening for other processes\' events again');
      dispatcher.deliver({ type: 'events.resumed' }, 'this-process');
    }
    heard = true;
    markListening();
  }

  function dropped(connection: pg.Client, error: unknown): void {
    if (client !== connection) return;
    client = null;
    clearInterval(heartbeat);
    if (closed) return;
    log.warn({ err: error ?? undefined }, 'lost the connection listening for other processes\' events; reconnecting');
    retryLater();
  }

  function retryLater(): void {
    if (closed) return;
    const delay = Math.min(reconnect.maxMs, reconnect.baseMs * 2 ** attempt) * (0.5 + Math.random() / 2);
    attempt += 1;
    retryTimer = setTimeout(() => void listen(), delay);
    retryTimer.unref();
  }

  void listen();

  return {
    publish(event) {
      if (!closed && isSharedEventType(event.type)) {
        queued.push(JSON.stringify(event));
        if (queued.length > MAX_QUEUED) {
          queued.splice(0, queued.length - MAX_QUEUED);
          log.warn('event notifications are backing up: the oldest were dropped');
        }
        flushSoon();
      }
      dispatcher.deliver(event, 'this-process');
    },
    subscribe: dispatcher.subscribe,
    listening: () => firstListen,
    isListening: () => client !== null && !closed,
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(retryTimer);
      clearInterval(heartbeat);
      while (flushing) await flushing;
      if (queued.length > 0) await flush();
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}

/** JSON payloads under the size limit, events in order; an event too big on its own is dropped (events carry ids, so that is a bug). */
export function packPayloads(busId: string, events: string[], log?: Logger): string[] {
  const head = `{"from":${JSON.stringify(busId)},"events":[`;
  const payloads: string[] = [];
  let current: string[] = [];
  let bytes = Buffer.byteLength(head) + 2;
  for (const event of events) {
    const size = Buffer.byteLength(event) + 1;
    if (Buffer.byteLength(head) + 2 + size > MAX_PAYLOAD_BYTES) {
      log?.error({ bytes: size }, 'an event is too large to notify other processes; it stays in this process');
      continue;
    }
    if (bytes + size > MAX_PAYLOAD_BYTES) {
      payloads.push(`${head}${current.join(',')}]}`);
      current = [];
      bytes = Buffer.byteLength(head) + 2;
    }
    current.push(event);
    bytes += size;
  }
  if (current.length > 0) payloads.push(`${head}${current.join(',')}]}`);
  return payloads;
}

/** Another process's notification; only event types that travel are taken from it. */
function parsePayload(text: string): Payload | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { from, events } = value as { from?: unknown; events?: unknown };
  if (typeof from !== 'string' || !Array.isArray(events)) return null;
  const shared = events.filter((event): event is DomainEvent =>
    typeof event === 'object' && event !== null && isSharedEventType(String((event as { type?: unknown }).type)));
  return { from, events: shared };
}
