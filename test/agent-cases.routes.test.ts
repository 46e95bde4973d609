import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from './test-app.js';
import { submitCase, validForm, type TopicSlug } from './factories.js';

type Summary = {
  caseNumber: string;
  subject: string;
  status: string;
  topic: string;
  department: string;
  priority: string;
  channel: string;
  customer: { name: string; email: string };
  createdAt: string;
  firstResponseDueAt: string;
};
type ListBody = { cases: Summary[]; nextCursor: string | null };
type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

const SEEDS: { topic: TopicSlug; overrides: Record<string, unknown> }[] = [
  { topic: 'missing-package', overrides: { email: 'grace.hopper@example.org', name: 'Grace Hopper', trackingNumber: '9261 2900 1234 5678 9012 34' } },
  { topic: 'missing-package', overrides: { email: 'alan.t@example.org', name: 'Alan Turing' } },
  { topic: 'tracking', overrides: { email: 'ada@example.org', name: 'Ada Lovelace', description: 'The zeppelin stamp set I ordered never arrived.' } },
  { topic: 'refund-claim', overrides: { email: 'edsger@example.org', name: 'Edsger Dijkstra', subject: 'Refund for a damaged vase' } },
  { topic: 'passport', overrides: { email: 'barbara@example.org', name: 'Barbara Liskov' } },
  { topic: 'general-question', overrides: { email: 'ken@example.org', name: 'Ken Thompson' } },
  { topic: 'general-question', overrides: { email: 'grace.hopper@example.org', name: 'Grace Hopper', description: 'A second question from Grace.' } },
];

describe('agent read API: GET /api/v1/cases', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  const numbers: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ worker: false });
    for (const seed of SEEDS) numbers.push((await submitCase(t.app, validForm(seed.topic, seed.overrides))).caseNumber);
    admin = await signIn(t.app);
  });
  afterAll(async () => {
    await t.close({ removeData: true });
  });

  async function list(query: string): Promise<ListBody> {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/cases${query}`, headers: admin });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ListBody>();
  }
  const numbersOf = (body: ListBody) => body.cases.map((c) => c.caseNumber).sort();
  const seeded = (...indexes: number[]) => indexes.map((i) => numbers[i]!).sort();

  it('needs a session', async () => {
    for (const url of ['/api/v1/cases', `/api/v1/cases/${numbers[0]}`]) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(401);
      expect(response.json<ErrorBody>().error.code).toBe('auth.required');
      expect(response.body).not.toContain('Grace');
    }
    const forged = await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: 'pd_session=forged-token' } });
    expect(forged.statusCode).toBe(401);
  });

  it('lists every case, newest first, with the fields of CONTRACT.md', async () => {
    const body = await list('');
    expect(numbersOf(body)).toEqual([...numbers].sort());
    expect(body.nextCursor).toBeNull();
    const createdAts = body.cases.map((c) => Date.parse(c.createdAt));
    expect(createdAts).toEqual([...createdAts].sort((a, b) => b - a));
    for (const item of body.cases) {
      expect(Object.keys(item)).toEqual(
        expect.arrayContaining(['caseNumber', 'subject', 'status', 'topic', 'department', 'priority', 'channel', 'customer', 'createdAt', 'firstResponseDueAt']),
      );
      expect(item.status).toBe('new');
      expect(item.channel).toBe('web');
      expect(['low', 'normal', 'high', 'urgent']).toContain(item.priority);
      expect(item.subject.length).toBeGreaterThan(0);
      expect(Object.keys(item.customer).sort()).toEqual(['email', 'name']);
      expect(Date.parse(item.firstResponseDueAt)).toBeGreaterThan(Date.parse(item.createdAt));
    }
    const refund = body.cases.find((c) => c.caseNumber === numbers[3])!;
    expect(refund).toMatchObject({
      subject: 'Refund for a damaged vase',
      topic: 'refund-claim',
      department: 'claims-refunds',
      priority: 'normal',
      customer: { name: 'Edsger Dijkstra', email: 'edsger@example.org' },
    });
    expect(body.cases.find((c) => c.caseNumber === numbers[4])).toMatchObject({ topic: 'passport', department: 'passport-services', priority: 'high' });
  });

  it('filters by status, department and topic', async () => {
    expect(numbersOf(await list('?status=new'))).toEqual([...numbers].sort());
    expect((await list('?status=closed')).cases).toEqual([]);
    expect((await list('?status=open,resolved')).cases).toEqual([]);
    expect(numbersOf(await list('?department=delivery-services'))).toEqual(seeded(0, 1, 2));
    expect(numbersOf(await list('?department=passport-services'))).toEqual(seeded(4));
    expect(numbersOf(await list('?topic=general-question'))).toEqual(seeded(5, 6));
    expect(numbersOf(await list('?topic=missing-package&department=delivery-services'))).toEqual(seeded(0, 1));
    expect((await list('?topic=missing-package&department=claims-refunds')).cases).toEqual([]);
  });

  it('rejects an unknown status filter with 422', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/cases?status=lost', headers: admin });
    expect(response.statusCode).toBe(422);
    expect(response.json<ErrorBody>().error.fields).toHaveProperty('status');
  });

  it.each<[string, string, number[]]>([
    ['a customer email', 'grace.hopper@example.org', [0, 6]],
    ['a customer email in upper case', 'ADA@EXAMPLE.ORG', [2]],
    ['a customer name', 'dijkstra', [3]],
    ['a word of the description', 'zeppelin', [2]],
    ['a word of the subject', 'vase', [3]],
    ['a tracking number with spaces', '9261 2900 1234 5678 9012 34', [0]],
    ['a tracking number with dashes', '9261-2900-1234-5678-9012-34', [0]],
  ])('q finds cases by %s', async (_name, q, expected) => {
    expect(numbersOf(await list(`?q=${encodeURIComponent(q)}`))).toEqual(seeded(...expected));
  });

  it('q finds a case by its number', async () => {
    expect(numbersOf(await list(`?q=${numbers[5]}`))).toEqual(seeded(5));
  });

  it('q treats LIKE wildcards literally', async () => {
    expect((await list(`?q=${encodeURIComponent('%')}`)).cases).toEqual([]);
    expect((await list(`?q=${encodeURIComponent('_')}`)).cases).toEqual([]);
  });

  it('pages with limit=2 and nextCursor, visiting every case exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body: ListBody = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(body.cases.length).toBeLessThanOrEqual(2);
      seen.push(...body.cases.map((c) => c.caseNumber));
      cursor = body.nextCursor;
      pages += 1;
      expect(pages).toBeLessThan(10);
    } while (cursor);
    expect(pages).toBe(Math.ceil(numbers.length / 2));
    expect(seen).toHaveLength(numbers.length);
    expect([...seen].sort()).toEqual([...numbers].sort());
    // The same order as the unpaged list.
    expect(seen).toEqual((await list('')).cases.map((c) => c.caseNumber));
  });

  it('pages within a filter', async () => {
    const first = await list('?department=delivery-services&limit=2');
    expect(first.cases).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(`?department=delivery-services&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.cases).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect([...first.cases, ...second.cases].map((c) => c.caseNumber).sort()).toEqual(seeded(0, 1, 2));
  });

  it('rejects a cursor it did not issue and a limit out of range with 422', async () => {
    for (const query of ['?cursor=not-a-cursor', '?limit=0', '?limit=201']) {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/cases${query}`, headers: admin });
      expect(response.statusCode, query).toBe(422);
      expect(response.json<ErrorBody>().error.code, query).toBe('validation.failed');
    }
  });

  it('GET /api/v1/cases/<n> answers 404 for an unknown number and 422 for a typo', async () => {
    const { generateCaseNumber } = await import('../src/modules/cases/case-number.js');
    let missing = generateCaseNumber();
    while (numbers.includes(missing)) missing = generateCaseNumber();
    const unknown = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${missing}`, headers: admin });
    expect(unknown.statusCode).toBe(404);
    const typo = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${numbers[0]!.slice(0, -1)}${numbers[0]!.endsWith('0') ? '1' : '0'}`, headers: admin });
    expect(typo.statusCode).toBe(422);
    expect(typo.json<ErrorBody>().error.code).toBe('case.number_invalid');
  });
});
