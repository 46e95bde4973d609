import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoDataExistsError, generateDemo, type GenerateDemoResult } from '../src/modules/demo/generate-demo.js';
import { selectCasesMatchingNewestFirst, toMatchExpression } from '../src/modules/search/index.js';
import { validateTrackingNumber } from '../src/modules/triage/tracking-numbers.js';
import { testDatabaseKind } from './postgres-databases.js';
import { createTestApp, signIn, type TestApp } from './test-app.js';

type Summary = { caseNumber: string; status: string; department: string; customer: { name: string; email: string } };
type ListBody = { cases: Summary[]; nextCursor: string | null };
type QueuesBody = { queues: { id: string; count: number }[] };
type Headers = Record<string, string>;

const PASSWORD = 'demo agents share this password';
const kind = testDatabaseKind();

describe('npx postdesk generate-demo: the generated data is valid data', () => {
  let t: TestApp;
  let result: GenerateDemoResult;
  let agent: Headers;

  async function get<T>(url: string): Promise<T> {
    const response = await t.app.inject({ method: 'GET', url, headers: agent });
    expect(response.statusCode, `${url} ${response.body}`).toBe(200);
    return response.json<T>();
  }
  const search = async (q: string) => (await get<ListBody>(`/api/v1/cases?q=${encodeURIComponent(q)}&limit=200`)).cases.map((c) => c.caseNumber);

  beforeAll(async () => {
    t = await createTestApp({ worker: false, env: { POSTDESK_RATE_LIMITS: 'off' } });
    result = await generateDemo({ database: t.config.database, cases: 200, messagesPerCase: 3, seed: 42, now: t.container.clock.now(), agentPassword: PASSWORD });
    const first = result.agents.find((a) => a.role === 'agent');
    if (!first) throw new Error('no demo agent');
    agent = await signIn(t.app, { email: first.email, password: PASSWORD });
  });
  afterAll(async () => {
    await t.close({ removeData: true });
  });

  it('writes the requested numbers of cases and messages, with customers, events and tracking numbers', async () => {
    const db = t.container.database.db;
    const count = async (table: 'cases' | 'messages' | 'case_events' | 'customers' | 'case_tracking_numbers' | 'case_search_docs' | 'case_search_dirty') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(result).toMatchObject({ cases: 200, messages: 600 });
    expect(await count('cases')).toBe(200);
    expect(await count('messages')).toBe(600);
    expect(await count('case_events')).toBe(result.events);
    expect(await count('customers')).toBe(result.customers);
    expect(await count('case_tracking_numbers')).toBe(result.trackingNumbers);
    if (kind === 'sqlite') {
      expect(await count('case_search_docs')).toBe(200);
      // The generator rebuilt every search document itself: the first search has nothing to catch up.
      expect(await count('case_search_dirty')).toBe(0);
    }
    expect(result.customers).toBeLessThan(200);
    expect(result.trackingNumbers).toBeGreaterThan(50);
  });

  it('lists every case through the agent API, and the queues count them', async () => {
    const page = await get<ListBody>('/api/v1/cases?limit=200');
    expect(page.cases).toHaveLength(200);
    expect(page.nextCursor).toBeNull();
    const open = page.cases.filter((c) => ['new', 'open', 'pending_customer'].includes(c.status));
    const { queues } = await get<QueuesBody>('/api/v1/queues');
    const counts = Object.fromEntries(queues.map((q) => [q.id, q.count]));
    const departmentTotal = queues.filter((q) => q.id.startsWith('department:')).reduce((sum, q) => sum + q.count, 0);
    expect(open.length).toBeGreaterThan(0);
    expect(departmentTotal).toBe(open.length);
    expect((counts.mine ?? 0) + (counts.unassigned ?? 0)).toBeLessThanOrEqual(open.length);
    expect(counts.mine).toBeGreaterThan(0);
    const mine = await get<ListBody>('/api/v1/cases?queue=mine&sort=due&limit=200');
    expect(mine.cases).toHaveLength(counts.mine ?? -1);
    const statuses = new Set(page.cases.map((c) => c.status));
    expect(statuses.size).toBeGreaterThan(2);
  });

  it('finds cases by tracking number, customer email and postal words', async () => {
    const row = await t.container.database.db
      .selectFrom('case_tracking_numbers').innerJoin('cases', 'cases.id', 'case_tracking_numbers.case_id').innerJoin('customers', 'customers.id', 'cases.customer_id')
      .select(['case_tracking_numbers.number as tracking', 'cases.number', 'customers.email']).orderBy('cases.number').executeTakeFirstOrThrow();
    expect(validateTrackingNumber(row.tracking)).toMatchObject({ carrier: 'usps', valid: true });
    expect(await search(row.tracking)).toContain(row.number);
    expect(await search(row.email)).toContain(row.number);
    expect((await search('parcel')).length + (await search('package')).length).toBeGreaterThan(10);
  });

  // The spelled-out prefix is SQLite's vocabulary trick (search.repository.ts); PostgreSQL matches prefixes in its index.
  it.runIf(kind === 'sqlite')('finds by a spelled-out prefix exactly what the plain FTS5 prefix match finds', async () => {
    const email = (await t.container.database.db.selectFrom('customers').select('email').orderBy('email').executeTakeFirstOrThrow()).email;
    for (const q of ['delivered', 'deliv', 'tracki', 'package', 'parcel deliv', 'Memphi', email, email.slice(0, -3), 'zeppelin stam']) {
      const expression = toMatchExpression(q);
      if (!expression) throw new Error(q);
      const plain = await selectCasesMatchingNewestFirst(t.container.database.db, 'sqlite', expression).select('cases.number').limit(200).execute();
      expect(await search(q), q).toEqual(plain.map((r) => r.number));
    }
    expect((await search('deliv')).length).toBeGreaterThan(0);
  });

  it('shows a case with its thread, timeline and tracking numbers', async () => {
    const { cases } = await get<ListBody>('/api/v1/cases?limit=20');
    for (const summary of cases) {
      const { case: detail } = await get<{ case: { messages: { direction: string; text: string }[]; events: { type: string }[]; trackingNumbers: { valid: boolean }[] } }>(
        `/api/v1/cases/${summary.caseNumber}`,
      );
      expect(detail.messages.length).toBeGreaterThan(0);
      expect(detail.messages[0]?.direction).toBe('inbound');
      expect(detail.events.map((e) => e.type).slice(0, 2)).toEqual(['case.created', 'case.routed']);
      expect(detail.trackingNumbers.every((n) => n.valid)).toBe(true);
    }
  });

  it('refuses a database that has cases, unless forced; the same seed gives the same data', async () => {
    const options = { database: t.config.database, cases: 10, messagesPerCase: 3, seed: 42, now: t.container.clock.now(), agentPassword: PASSWORD };
    await expect(generateDemo(options)).rejects.toBeInstanceOf(DemoDataExistsError);
    const other = await createTestApp({ worker: false });
    try {
      await generateDemo({ ...options, database: other.config.database, cases: 200, now: t.container.clock.now() });
      const numbers = async (app: TestApp) => (await app.container.database.db.selectFrom('cases').select('number').orderBy('id').execute()).map((r) => r.number);
      expect(await numbers(other)).toEqual(await numbers(t));
    } finally {
      await other.close({ removeData: true });
    }
  });

  it('adds to a database with cases when forced, with case numbers and customer emails still unique', async () => {
    const db = t.container.database.db;
    const added = await generateDemo({ database: t.config.database, cases: 20, messagesPerCase: 2, seed: 42, now: t.container.clock.now(), agentPassword: PASSWORD, force: true });
    expect(added.cases).toBe(20);
    const numbers = await db.selectFrom('cases').select('number').execute();
    expect(numbers).toHaveLength(220);
    expect(new Set(numbers.map((r) => r.number)).size).toBe(220);
    const agents = await db.selectFrom('agents').select('email').where('email', 'like', '%@agents.example.org').execute();
    expect(agents).toHaveLength(12);
  });

  it.runIf(kind === 'postgres')('writes the same rows into SQLite and PostgreSQL for the same seed', async () => {
    const options = { cases: 60, messagesPerCase: 3, seed: 7, now: t.container.clock.now(), agentPassword: PASSWORD };
    const apps = [await createTestApp({ worker: false, database: 'sqlite' }), await createTestApp({ worker: false, database: 'postgres' })];
    try {
      const rows = [];
      for (const app of apps) {
        await generateDemo({ ...options, database: app.config.database });
        const db = app.container.database.db;
        rows.push({
          cases: await db.selectFrom('cases').select(['id', 'number', 'customer_id', 'status', 'subject', 'created_at', 'resolved_at']).orderBy('id').execute(),
          messages: await db.selectFrom('messages').select(['id', 'case_id', 'direction', 'text', 'created_at']).orderBy('id').execute(),
          events: (await db.selectFrom('case_events').select(['id', 'type', 'data']).orderBy('id').execute()).map((e) => ({ ...e, data: JSON.parse(e.data) as unknown })),
          customers: await db.selectFrom('customers').select(['id', 'email', 'registered']).orderBy('id').execute().then((list) => list.map((c) => ({ ...c, registered: Boolean(c.registered) }))),
        });
      }
      expect(rows[0]!.cases).toHaveLength(60);
      expect(rows[1]).toEqual(rows[0]);
    } finally {
      for (const app of apps) await app.close({ removeData: true });
    }
  });
});
