import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../src/kernel/events.js';
import { listAudit } from '../src/modules/audit/index.js';
import { findCaseForThreading } from '../src/modules/cases/cases.repository.js';
import { submitCase, validForm } from './factories.js';
import { createTestApp, signIn, type TestApp } from './test-app.js';

type ErrorBody = { error: { code: string; fields?: Record<string, string> } };
type Detail = {
  status: string;
  linkedCases: { caseNumber: string; kind: string }[];
  messages: { text: string }[];
  trackingNumbers: { number: string }[];
  events: { type: string; data: Record<string, unknown> }[];
};

let t: TestApp;
let admin: Record<string, string>;
const published: DomainEvent[] = [];

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  admin = await signIn(t.app);
  t.container.events.subscribe('case.updated', (event) => published.push(event));
});
afterAll(() => t.close({ removeData: true }));

const post = (url: string, payload: Record<string, unknown>, headers: Record<string, string> = admin) => t.app.inject({ method: 'POST', url, payload, headers });
const detail = async (caseNumber: string): Promise<Detail> => {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, headers: admin });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ case: Detail }>().case;
};
async function twoCasesOf(email: string): Promise<[string, string]> {
  const first = await submitCase(t.app, validForm('tracking', { email, description: 'First: where is my parcel?' }));
  const second = await submitCase(t.app, validForm('general-question', { email, description: 'Second: any news about my parcel?' }));
  return [first.caseNumber, second.caseNumber];
}

describe('POST /api/v1/cases/<n>/merge', () => {
  it('walks 401 → 403 (CSRF) → 422 → 200', async () => {
    const [source, target] = await twoCasesOf('walk@example.org');
    const url = `/api/v1/cases/${source}/merge`;
    expect((await post(url, { into: target }, {})).statusCode).toBe(401);
    const noCsrf = await post(url, { into: target }, { cookie: admin.cookie! });
    expect(noCsrf.json<ErrorBody>().error.code).toBe('auth.csrf');
    expect((await post(url, { into: 42 })).statusCode).toBe(422);
    expect((await post(url, { into: target, extra: true })).statusCode).toBe(422);
    expect((await post(url, { into: target })).statusCode).toBe(200);
  });

  it('refuses itself, another customer, and merged or spam cases (422 case.merge_invalid)', async () => {
    const [a, b] = await twoCasesOf('refuse@example.org');
    const other = (await submitCase(t.app, validForm())).caseNumber;
    for (const [source, into] of [[a, a], [a, other]] as const) {
      const response = await post(`/api/v1/cases/${source}/merge`, { into });
      expect(response.statusCode, `${source} → ${into}`).toBe(422);
      expect(response.json<ErrorBody>().error.code).toBe('case.merge_invalid');
    }
    expect((await post(`/api/v1/cases/${a}/merge`, { into: b })).statusCode).toBe(200);
    expect((await post(`/api/v1/cases/${a}/merge`, { into: b })).statusCode).toBe(422);
    expect((await post(`/api/v1/cases/${b}/merge`, { into: a })).statusCode).toBe(422);
    const [c, d] = await twoCasesOf('spam@example.org');
    await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${d}`, payload: { status: 'spam' }, headers: admin });
    expect((await post(`/api/v1/cases/${c}/merge`, { into: d })).statusCode).toBe(422);
    expect((await post(`/api/v1/cases/PD-0000-0000/merge`, { into: d })).statusCode).toBe(404);
  });

  it('moves the thread and tracking numbers, links both ways, records timelines, audit and events', async () => {
    const [source, target] = await twoCasesOf('moved@example.org');
    published.length = 0;
    const response = await post(`/api/v1/cases/${source}/merge`, { into: target, reason: 'same parcel' });
    expect(response.json()).toEqual({ case: { caseNumber: source, status: 'merged', mergedInto: target }, target: { caseNumber: target, status: 'new' }, movedMessages: 1 });

    const merged = await detail(source);
    expect(merged.status).toBe('merged');
    expect(merged.linkedCases).toEqual([{ caseNumber: target, kind: 'merged-into' }]);
    expect(merged.messages).toEqual([]);
    expect(merged.events.find((e) => e.type === 'case.merged')?.data).toMatchObject({ into: target, reason: 'same parcel', movedMessages: 1 });

    const kept = await detail(target);
    expect(kept.linkedCases).toEqual([{ caseNumber: source, kind: 'merged-from' }]);
    expect(kept.messages.map((m) => m.text.split(':')[0])).toEqual(['First', 'Second']);
    expect(kept.trackingNumbers.length).toBe(1);
    expect(kept.events.find((e) => e.type === 'case.merged')?.data).toMatchObject({ from: source });

    expect(published.map((e) => e.type === 'case.updated' && e.caseNumber).sort()).toEqual([source, target].sort());
    const audit = await listAudit(t.container.database.db, { limit: 20 });
    expect(audit.filter((e) => e.action === 'case.merged').map((e) => e.subject)).toEqual(expect.arrayContaining([`case:${source}`, `case:${target}`]));
    // Mail threaded to the old case follows the merge (threading reads `merged-into`).
    const forThreading = await findCaseForThreading(t.container.database.db, { number: source });
    expect(forThreading?.mergedIntoId).toBe((await findCaseForThreading(t.container.database.db, { number: target }))?.id);
  });
});

describe('POST and DELETE /api/v1/cases/<n>/links', () => {
  it('walks 401 → 403 (CSRF) → 422 → 200 and 404 for a missing link', async () => {
    const [a, b] = await twoCasesOf('links@example.org');
    const url = `/api/v1/cases/${a}/links`;
    expect((await post(url, { caseNumber: b }, {})).statusCode).toBe(401);
    expect((await post(url, { caseNumber: b }, { cookie: admin.cookie! })).statusCode).toBe(403);
    expect((await post(url, { caseNumber: b, kind: 'merged-into' })).statusCode).toBe(422);
    expect((await post(url, { caseNumber: a })).statusCode).toBe(422);
    const linked = await post(url, { caseNumber: b });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toEqual({ linkedCases: [{ caseNumber: b, kind: 'related' }] });
    expect((await post(url, { caseNumber: b })).statusCode).toBe(200);
    expect((await detail(b)).linkedCases).toEqual([{ caseNumber: a, kind: 'related' }]);

    const del = (headers: Record<string, string>) => t.app.inject({ method: 'DELETE', url: `${url}/${b}`, headers });
    expect((await del({})).statusCode).toBe(401);
    expect((await del({ cookie: admin.cookie! })).statusCode).toBe(403);
    const removed = await del(admin);
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toEqual({ linkedCases: [] });
    expect((await del(admin)).json<ErrorBody>().error.code).toBe('case.link_not_found');
    for (const number of [a, b]) {
      expect((await detail(number)).events.filter((e) => e.type === 'case.linked' || e.type === 'case.unlinked').map((e) => e.type)).toEqual(['case.linked', 'case.unlinked']);
    }
  });

  it('keeps merge links', async () => {
    const [a, b] = await twoCasesOf('keep@example.org');
    await post(`/api/v1/cases/${a}/merge`, { into: b });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/cases/${a}/links/${b}`, headers: admin })).statusCode).toBe(422);
    expect((await post(`/api/v1/cases/${a}/links`, { caseNumber: b })).statusCode).toBe(422);
  });
});
