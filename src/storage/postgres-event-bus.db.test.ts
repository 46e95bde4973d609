import { sql } from 'kysely';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent, DomainEventType } from '../kernel/events.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-db.js';
import { testDatabaseKind } from '../../test/postgres-databases.js';
import { waitFor } from '../../test/test-app.js';
import { openDatabase, type DatabaseHandle } from './db.js';
import { createPostgresEventBus, MAX_PAYLOAD_BYTES, packPayloads, type SharedEventBus } from './postgres-event-bus.js';

const onPostgres = testDatabaseKind() === 'postgres';
if (!onPostgres) console.warn('postgres-event-bus.db.test.ts: LISTEN/NOTIFY is PostgreSQL only; runs in the "postgres" project');

const log = pino({ level: process.env.POSTDESK_TEST_LOG ?? 'silent' });
const created = (n: number): DomainEvent => ({ type: 'case.created', caseId: `case-${n}`, caseNumber: `PD-${n}`, departmentId: 'd', channel: 'web', topic: 'tracking' });

let database: TestDatabase | undefined;
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
  await database?.cleanup();
  database = undefined;
});

/** A process's view: its own pool and its own bus on the shared database. */
async function startProcess(): Promise<{ bus: SharedEventBus; pool: DatabaseHandle; heard: DomainEvent[] }> {
  const pool = openDatabase(database!.target);
  const bus = createPostgresEventBus({ url: (database!.target as { url: string }).url, db: pool.db, log, reconnect: { baseMs: 50, maxMs: 200 } });
  opened.push(pool, bus);
  const heard: DomainEvent[] = [];
  const types: DomainEventType[] = ['case.created', 'case.updated', 'job.enqueued', 'mail.sent', 'inbound.accepted', 'presence.announced', 'events.resumed'];
  for (const type of types) bus.subscribe(type, (event) => heard.push(event));
  await bus.listening();
  return { bus, pool, heard };
}

describe.skipIf(!onPostgres)('PostgreSQL event fan-out (LISTEN/NOTIFY)', () => {
  it('delivers at once here and to the other processes, in order, without an echo; what a process did stays there', async () => {
    database = await createTestDatabase();
    const a = await startProcess();
    const b = await startProcess();
    a.bus.publish(created(1));
    a.bus.publish({ type: 'mail.sent', kind: 'confirmation' });
    a.bus.publish({ type: 'inbound.accepted', source: 'smtp', duplicate: false });
    a.bus.publish({ type: 'job.enqueued', jobType: 'email-out.send-mail' });
    a.bus.publish({ type: 'case.updated', caseId: 'case-1', caseNumber: 'PD-1' });
    // Here: synchronously, everything.
    expect(a.heard.map((e) => e.type)).toEqual(['case.created', 'mail.sent', 'inbound.accepted', 'job.enqueued', 'case.updated']);

    await waitFor(() => b.heard.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(b.heard).toEqual([created(1), { type: 'job.enqueued', jobType: 'email-out.send-mail' }, { type: 'case.updated', caseId: 'case-1', caseNumber: 'PD-1' }]);
    expect(a.heard).toHaveLength(5);
  });

  it('lets counters hear only what their own process published', async () => {
    database = await createTestDatabase();
    const a = await startProcess();
    const b = await startProcess();
    const counted: string[] = [];
    b.bus.subscribe('case.created', (event) => counted.push(event.caseId), { onlyFromThisProcess: true });
    a.bus.publish(created(1));
    b.bus.publish(created(2));
    await waitFor(() => b.heard.some((e) => e.type === 'case.created' && e.caseId === 'case-1'));
    expect(counted).toEqual(['case-2']);
  });

  it('sends a burst in as few notifications as fit, identical events once, none lost', async () => {
    database = await createTestDatabase();
    const a = await startProcess();
    const b = await startProcess();
    for (let n = 0; n < 400; n += 1) {
      a.bus.publish(created(n));
      a.bus.publish({ type: 'job.enqueued', jobType: 'email-out.send-mail' });
    }
    await waitFor(() => b.heard.filter((e) => e.type === 'case.created').length === 400);
    expect(b.heard.filter((e) => e.type === 'case.created').map((e) => (e as { caseId: string }).caseId)).toEqual(Array.from({ length: 400 }, (_, n) => `case-${n}`));
    expect(b.heard.filter((e) => e.type === 'job.enqueued')).toHaveLength(1);
  });

  it('listens again after its connection is killed, and tells its subscribers what they may have missed', async () => {
    database = await createTestDatabase();
    const a = await startProcess();
    const b = await startProcess();
    const killed = await sql<{ ok: boolean }>`select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = 'postdesk-events' and datname = current_database()`.execute(a.pool.db);
    expect(killed.rows).toHaveLength(2);
    await waitFor(() => a.heard.some((e) => e.type === 'events.resumed') && b.heard.some((e) => e.type === 'events.resumed'));
    a.bus.publish(created(7));
    await waitFor(() => b.heard.some((e) => e.type === 'case.created' && e.caseId === 'case-7'));
    // The gap signal is this process's own news, never another's.
    expect(b.heard.filter((e) => e.type === 'events.resumed')).toHaveLength(1);
  });

  it('ignores malformed notifications and unknown event types on its channel', async () => {
    database = await createTestDatabase();
    const b = await startProcess();
    await sql`select pg_notify('postdesk_events', 'not json'), pg_notify('postdesk_events', ${JSON.stringify({ from: 'x', events: [{ type: 'mail.sent', kind: 'k' }, { type: 'weird' }, created(3)] })})`.execute(b.pool.db);
    await waitFor(() => b.heard.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(b.heard).toEqual([created(3)]);
  });
});

describe('notification payloads', () => {
  it('split at the size limit, keep order, and drop only an event too large by itself', () => {
    const events = Array.from({ length: 200 }, (_, n) => JSON.stringify(created(n)));
    const huge = JSON.stringify({ type: 'case.updated', caseId: 'x'.repeat(MAX_PAYLOAD_BYTES), caseNumber: 'PD-X' });
    const payloads = packPayloads('bus1', [...events.slice(0, 100), huge, ...events.slice(100)]);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    const unpacked = payloads.flatMap((payload) => (JSON.parse(payload) as { from: string; events: DomainEvent[] }).events);
    expect(unpacked).toEqual(events.map((event) => JSON.parse(event)));
  });
});
