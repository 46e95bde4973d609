import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCaseSummaries, type CaseListFilter, type CaseSort } from '../src/modules/cases/case-queries.js';
import { findQueue } from '../src/modules/cases/case-queues.js';
import { createTestApp, signIn, type TestApp } from './test-app.js';
import { submitCase, validForm } from './factories.js';

type ListBody = { cases: { caseNumber: string }[]; nextCursor: string | null };

describe('agent search: GET /api/v1/cases?q= (full-text)', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  const n: Record<string, string> = {};

  async function search(q: string, extra = ''): Promise<string[]> {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent(q)}${extra}`, headers: admin });
    expect(response.statusCode, `${q} ${response.body}`).toBe(200);
    return response.json<ListBody>().cases.map((c) => c.caseNumber).sort();
  }
  const only = (...keys: string[]) => keys.map((k) => n[k]!).sort();

  beforeAll(async () => {
    t = await createTestApp({ worker: false, env: { POSTDESK_RATE_LIMITS: 'off' } });
    admin = await signIn(t.app);
    n.stefan = (await submitCase(t.app, validForm('tracking', {
      name: 'Ștefan Țăranu', email: 'stefan.taranu@example.ro', trackingNumber: 'RA 123 456 785 US',
      subject: 'Colet din Brașov', description: 'Coletul cu timbre rare nu a ajuns la Timișoara.',
    }))).caseNumber;
    n.zoe = (await submitCase(t.app, validForm('general-question', {
      name: 'Zoë Müller', email: 'zoe@example.de', description: 'Die Zustellung der Briefmarken nach München dauert zu lange.',
    }))).caseNumber;
    n.stamps = (await submitCase(t.app, validForm('general-question', {
      name: 'Pat Doe', email: 'pat@example.org', subject: 'Stamp collection', description: 'The zeppelin stamps from the philatelic centre never arrived.',
    }))).caseNumber;
  });
  afterAll(async () => {
    await t.close({ removeData: true });
  });

  it('folds case and diacritics both ways', async () => {
    for (const q of ['stefan', 'STEFAN', 'Ștefan', 'Ştefan' /* cedilla */, 'taranu', 'ȚĂRANU', 'brasov', 'timisoara']) expect(await search(q), q).toEqual(only('stefan'));
    for (const q of ['zoe', 'muller', 'Müller', 'munchen', 'MÜNCHEN']) expect(await search(q), q).toEqual(only('zoe'));
  });

  it('matches the last word as a prefix, the others as whole words', async () => {
    expect(await search('zepp')).toEqual(only('stamps'));
    expect(await search('zeppelin sta')).toEqual(only('stamps'));
    expect(await search('philatel')).toEqual(only('stamps'));
    expect(await search('zepp stamps')).toEqual([]);
    expect(await search('zeppelin stamps nowhere')).toEqual([]);
  });

  it('ANDs words across subject, body and customer', async () => {
    expect(await search('pat zeppelin')).toEqual(only('stamps'));
    expect(await search('stefan zeppelin')).toEqual([]);
    expect(await search('example.ro colet')).toEqual(only('stefan'));
  });

  it('finds emails, partial emails, case numbers and tracking numbers', async () => {
    expect(await search('stefan.taranu@example.ro')).toEqual(only('stefan'));
    expect(await search('stefan.taranu@exa')).toEqual(only('stefan'));
    expect(await search(n.zoe!.toLowerCase())).toEqual(only('zoe'));
    expect(await search('RA123456785US')).toEqual(only('stefan'));
    expect(await search('ra 123 456 785 us')).toEqual(only('stefan'));
    expect(await search('ra-123-456-785-us')).toEqual(only('stefan'));
    expect(await search('RA1234')).toEqual(only('stefan'));
  });

  it('finds words of later messages: replies and internal notes', async () => {
    const note = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${n.zoe}/notes`, payload: { body: 'Called the Hauptpostamt, parcel located.' }, headers: admin });
    expect(note.statusCode, note.body).toBe(201);
    expect(await search('hauptpostamt')).toEqual(only('zoe'));
    const reply = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${n.stamps}/replies`, payload: { body: 'We found your aerophilately order.' }, headers: admin });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(await search('aerophilately')).toEqual(only('stamps'));
  });

  it('combines search with filters and pages', async () => {
    expect(await search('example', '&topic=general-question')).toEqual(only('zoe', 'stamps'));
    expect(await search('example', '&queue=unassigned&sort=due')).toEqual(only('stefan', 'zoe', 'stamps'));
    const first = await t.app.inject({ method: 'GET', url: '/api/v1/cases?q=example&limit=2', headers: admin });
    const { cases, nextCursor } = first.json<ListBody>();
    expect(cases).toHaveLength(2);
    const second = await t.app.inject({ method: 'GET', url: `/api/v1/cases?q=example&limit=2&cursor=${encodeURIComponent(nextCursor!)}`, headers: admin });
    expect([...cases, ...second.json<ListBody>().cases].map((c) => c.caseNumber).sort()).toEqual(only('stefan', 'zoe', 'stamps'));
  });

  it('lists the same pages whichever plan it picks (few matches, scan a queue, index order)', async () => {
    const db = t.container.database.db;
    const adminId = (await db.selectFrom('agents').select('id').executeTakeFirstOrThrow()).id;
    const unassigned = (await findQueue(db, 'unassigned', adminId, new Date()))!.where;
    const walk = async (filter: Omit<CaseListFilter, 'limit' | 'cursor'>, few: number) => {
      const seen: string[] = [];
      let cursor: CaseListFilter['cursor'];
      for (let pages = 0; pages < 10; pages += 1) {
        const page = await listCaseSummaries(db, t.container.database.dialect, { ...filter, limit: 1, ...(cursor ? { cursor } : {}) }, few);
        const last = page[0];
        if (!last) break;
        seen.push(last.caseNumber);
        const sort: CaseSort = filter.sort ?? 'newest';
        cursor = { sort, at: (sort === 'due' ? last.firstResponseDueAt : last.createdAt).toISOString(), id: last.id };
      }
      return seen;
    };
    for (const sort of ['newest', 'due'] as const) {
      for (const filter of [{ q: 'example', sort }, { q: 'example', sort, queue: unassigned }, { q: 'example', sort, topic: 'general-question' }, { q: 'zepp', sort }]) {
        const few = await walk(filter, 1_000);
        expect(few.length, JSON.stringify(filter)).toBeGreaterThan(0);
        expect(await walk(filter, 0), JSON.stringify(filter)).toEqual(few);
      }
    }
  });

  it.each([
    '"', '""', '"""', "'", '*', '**', 'zepp*', '*zepp', 'NEAR(', 'NEAR(zeppelin stamps', 'NEAR(zeppelin stamps, 2)', '-', '- -', '-zeppelin',
    'zeppelin -stamps', ':', 'subject:', 'subject:zeppelin', '{subject body}: zeppelin', '^', '^zeppelin', '(', ')', '(zeppelin OR',
    'AND', 'OR', 'NOT', 'zeppelin NOT stamps', 'zeppelin AND', '+', '\\', '%', '_', '%zepp%', '\u0000', 'a'.repeat(200), '🦉 zeppelin',
    'zeppelin"stamps', '"zeppelin', 'ab"*"', '* OR *', 'rowid:1', 'case_search MATCH x',
  ])('never fails on hostile input %j', async (q) => {
    await search(q);
  });

  it('treats query syntax as text', async () => {
    expect(await search('NEAR(zeppelin')).toEqual([]);
    expect(await search('zeppelin OR stefan')).toEqual([]);
    expect(await search('-zeppelin')).toEqual(only('stamps'));
    expect(await search('"zeppelin"')).toEqual(only('stamps'));
  });
});
