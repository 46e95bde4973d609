import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/kernel/clock.js';
import { createTestApp, signIn, type TestApp } from './test-app.js';
import { submitCase, validForm } from './factories.js';

type Summary = { caseNumber: string; status: string; department: string; priority: string; channel: string; language: string; assignee: string | null; firstResponseDueAt: string; createdAt: string };
type ListBody = { cases: Summary[]; nextCursor: string | null };
type QueuesBody = { queues: { id: string; name: string; count: number }[] };
type Headers = Record<string, string>;

const HOUR = 3_600_000;
// A Monday afternoon: the first response is due three business days later.
const clock = createManualClock(new Date('2026-03-02T14:00:00Z'));

describe('agent queues: GET /api/v1/queues and GET /api/v1/cases?queue=', () => {
  let t: TestApp;
  let admin: Headers;
  let adminId: string;
  let ann: Headers;
  const early: string[] = [];
  const late: string[] = [];
  let dueEarly = 0;
  let dueLate = 0;

  async function get<T>(url: string, headers: Headers = admin): Promise<T> {
    const response = await t.app.inject({ method: 'GET', url, headers });
    expect(response.statusCode, `${url} ${response.body}`).toBe(200);
    return response.json<T>();
  }
  async function patch(caseNumber: string, payload: Record<string, unknown>): Promise<void> {
    const response = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${caseNumber}`, payload, headers: admin });
    expect(response.statusCode, response.body).toBe(200);
  }
  async function listAll(query: string, headers: Headers = admin): Promise<Summary[]> {
    const cases: Summary[] = [];
    let cursor: string | null = null;
    do {
      const body: ListBody = await get<ListBody>(`/api/v1/cases?${query}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headers);
      cases.push(...body.cases);
      cursor = body.nextCursor;
      expect(cases.length).toBeLessThan(100);
    } while (cursor);
    return cases;
  }
  const queueCounts = async (headers: Headers = admin) => Object.fromEntries((await get<QueuesBody>('/api/v1/queues', headers)).queues.map((q) => [q.id, q.count]));
  const numbersIn = async (queue: string, headers: Headers = admin) => (await listAll(`queue=${queue}`, headers)).map((c) => c.caseNumber).sort();
  const sorted = (...numbers: string[]) => [...numbers].sort();
  /** Moves the clock; sessions expire with it, so both agents sign in again. */
  async function setClock(date: Date): Promise<void> {
    clock.set(date);
    admin = await signIn(t.app);
    ann = await signIn(t.app, { email: 'ann@postdesk.test', password: 'a long enough password' });
  }

  beforeAll(async () => {
    t = await createTestApp({ worker: false, options: { clock }, env: { POSTDESK_RATE_LIMITS: 'off' } });
    admin = await signIn(t.app);
    adminId = (await get<{ agent: { id: string } }>('/api/v1/auth/me')).agent.id;
    await t.container.services.auth.createAgent({ email: 'ann@postdesk.test', name: 'Ann', role: 'agent', password: 'a long enough password' });
    ann = await signIn(t.app, { email: 'ann@postdesk.test', password: 'a long enough password' });

    // Monday: six general questions (Customer Care) and a passport case (high priority).
    for (let i = 0; i < 6; i += 1) {
      const submitted = await submitCase(t.app, validForm('general-question'));
      early.push(submitted.caseNumber);
      dueEarly = Date.parse(submitted.expectedReplyBy);
    }
    early.push((await submitCase(t.app, validForm('passport'))).caseNumber);
    // Tuesday: three more, due a business day later.
    await setClock(new Date(clock.now().getTime() + 24 * HOUR));
    for (let i = 0; i < 3; i += 1) {
      const submitted = await submitCase(t.app, validForm('tracking'));
      late.push(submitted.caseNumber);
      dueLate = Date.parse(submitted.expectedReplyBy);
    }

    await patch(early[0]!, { assignee: adminId, status: 'open' }); // mine, open, unanswered
    await patch(early[1]!, { assignee: adminId, status: 'pending_customer' }); // mine, waits on the customer
    await patch(early[2]!, { status: 'resolved' }); // not open
    await patch(early[3]!, { department: 'triage', reason: 'unsure' }); // triage
    const reply = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${early[4]}/replies`, payload: { body: 'On our way.', status: 'open' }, headers: admin });
    expect(reply.statusCode, reply.body).toBe(201); // answered: off the SLA queues
  });
  afterAll(async () => {
    await t.close({ removeData: true });
  });

  it('needs a session', async () => {
    for (const url of ['/api/v1/queues', '/api/v1/cases?queue=mine']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(401);
      expect(response.json().error.code).toBe('auth.required');
    }
  });

  it('lists the fixed queues, then one per department, with counts', async () => {
    const { queues } = await get<QueuesBody>('/api/v1/queues');
    expect(queues.slice(0, 5).map((q) => [q.id, q.name])).toEqual([
      ['mine', 'Mine'], ['unassigned', 'Unassigned'], ['triage', 'Triage'], ['due-soon', 'Due soon'], ['breached', 'Breached'],
    ]);
    const departments = queues.slice(5);
    expect(departments.map((q) => q.id)).toEqual(expect.arrayContaining(['department:customer-care', 'department:triage', 'department:delivery-services', 'department:passport-services']));
    expect(departments.every((q) => q.id.startsWith('department:'))).toBe(true);
    expect(departments.find((q) => q.id === 'department:customer-care')?.name).toBe('Customer Care');

    const counts = Object.fromEntries(queues.map((q) => [q.id, q.count]));
    expect(counts).toMatchObject({
      mine: 2,
      unassigned: 7, // ten cases, minus two assigned and one resolved
      triage: 1,
      'department:triage': 1,
      'department:customer-care': 4, // early[0], early[1], early[4], early[5]
      'department:passport-services': 1,
      'department:delivery-services': 3,
      'due-soon': 0,
      breached: 0,
    });
  });

  it("'mine' is the viewer's own", async () => {
    expect(await numbersIn('mine')).toEqual(sorted(early[0]!, early[1]!));
    expect((await queueCounts(ann)).mine).toBe(0);
    expect(await numbersIn('mine', ann)).toEqual([]);
  });

  it('each queue lists exactly as many cases as it counts, page by page', async () => {
    for (const [queue, count] of Object.entries(await queueCounts())) {
      for (const sort of ['newest', 'due']) {
        const cases = await listAll(`queue=${encodeURIComponent(queue)}&sort=${sort}`);
        expect(cases.length, `${queue} sort=${sort}`).toBe(count);
        expect(new Set(cases.map((c) => c.caseNumber)).size).toBe(count);
      }
    }
  });

  it('due soon: unanswered new or open cases due within 24 hours; breached: past due', async () => {
    expect(dueLate - dueEarly).toBeGreaterThan(12 * HOUR);
    expect(dueLate - dueEarly).toBeLessThanOrEqual(24 * HOUR);
    const awaiting = [early[0]!, early[3]!, early[5]!, early[6]!]; // not pending, not resolved, not answered

    await setClock(new Date(dueEarly - 12 * HOUR));
    expect(await numbersIn('due-soon')).toEqual(sorted(...awaiting));
    expect(await numbersIn('breached')).toEqual([]);

    await setClock(new Date(dueEarly + HOUR));
    expect(await numbersIn('breached')).toEqual(sorted(...awaiting));
    expect(await numbersIn('due-soon')).toEqual(sorted(...late));
    expect(await queueCounts()).toMatchObject({ breached: 4, 'due-soon': 3 });

    // At the due instant the case is still due soon; a millisecond later it is breached.
    await setClock(new Date(dueLate));
    expect(await numbersIn('due-soon')).toEqual(sorted(...late));
    await setClock(new Date(dueLate + 1));
    expect(await numbersIn('due-soon')).toEqual([]);
    expect(await numbersIn('breached')).toEqual(sorted(...awaiting, ...late));
    await setClock(new Date('2026-03-03T14:00:00Z'));
  });

  it('sort=due pages through every case once, soonest due first, ties in a stable order', async () => {
    const all = await listAll('sort=due');
    expect(all.map((c) => c.caseNumber).sort()).toEqual(sorted(...early, ...late));
    const dues = all.map((c) => Date.parse(c.firstResponseDueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    const unpaged = await get<ListBody>('/api/v1/cases?sort=due&limit=200');
    expect(all.map((c) => c.caseNumber)).toEqual(unpaged.cases.map((c) => c.caseNumber));
    const newest = await listAll('sort=newest');
    expect(newest.map((c) => c.caseNumber)).toEqual((await get<ListBody>('/api/v1/cases?limit=200')).cases.map((c) => c.caseNumber));
  });

  it('filters by priority, channel and language, also within a queue', async () => {
    expect((await listAll('priority=high')).map((c) => c.caseNumber)).toEqual([early[6]]);
    expect((await listAll('priority=low,normal')).length).toBe(9);
    expect((await listAll('channel=web')).length).toBe(10);
    expect(await listAll('channel=email,phone')).toEqual([]);
    expect((await listAll('language=en')).length).toBe(10);
    expect(await listAll('language=ro')).toEqual([]);
    expect((await listAll('queue=unassigned&priority=high&channel=web')).map((c) => c.caseNumber)).toEqual([early[6]]);
    expect((await listAll('queue=department:customer-care&status=open')).map((c) => c.caseNumber).sort()).toEqual(sorted(early[0]!, early[4]!));
  });

  it('rejects unknown queues, filters, sorts and a cursor of another sort with 422', async () => {
    const first = await get<ListBody>('/api/v1/cases?limit=2');
    for (const query of [
      'queue=everything', 'queue=department:nowhere', 'priority=asap', 'channel=fax', 'sort=oldest',
      `sort=due&cursor=${encodeURIComponent(first.nextCursor!)}`,
    ]) {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/cases?${query}`, headers: admin });
      expect(response.statusCode, query).toBe(422);
      expect(response.json().error.code, query).toBe('validation.failed');
    }
  });
});
