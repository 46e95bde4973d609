import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../src/modules/audit/index.js';
import { createTestApp, signIn, type TestApp } from './test-app.js';

type ErrorBody = { error: { code: string; fields?: Record<string, string> } };

let t: TestApp;
let admin: Record<string, string>;
let supervisor: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  admin = await signIn(t.app);
  await t.container.services.auth.createAgent({ email: 'sue@postdesk.test', name: 'Sue', role: 'supervisor', password: 'a long enough password' });
  supervisor = await signIn(t.app, { email: 'sue@postdesk.test', password: 'a long enough password' });
});
afterAll(() => t.close({ removeData: true }));

const send = (method: 'GET' | 'PUT' | 'PATCH', url: string, headers: Record<string, string>, payload?: unknown) =>
  t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

const CONTACT = {
  phones: [{ label: 'Customer care', number: '+1 800 275 8777' }],
  openingHours: { mon: [{ open: '08:00', close: '20:30' }], sat: [{ open: '08:00', close: '12:00' }, { open: '13:00', close: '18:00' }] },
};
const CALENDAR = { workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'], businessHours: { start: '08:30', end: '17:00' }, closureDays: [{ date: '2025-12-24', name: 'Christmas Eve' }] };

describe('/api/v1/admin/settings/{contact,calendar}', () => {
  it.each([['contact', CONTACT], ['calendar', CALENDAR]] as const)('%s: 401 → 403 → 422 → 200, stored and audited', async (kind, valid) => {
    const url = `/api/v1/admin/settings/${kind}`;
    expect((await send('GET', url, {})).statusCode).toBe(401);
    expect((await send('GET', url, supervisor)).json<ErrorBody>().error.code).toBe('auth.forbidden');
    expect((await send('PUT', url, { cookie: admin.cookie! }, valid)).json<ErrorBody>().error.code).toBe('auth.csrf');
    expect((await send('PUT', url, admin, { ...valid, extra: 1 })).statusCode).toBe(422);
    const defaults = await send('GET', url, admin);
    expect(defaults.statusCode).toBe(200);
    const saved = await send('PUT', url, admin, valid);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual(valid);
    expect((await send('GET', url, admin)).json()).toEqual(valid);
    // Compared as values: PostgreSQL's jsonb keeps no key order.
    const audit = (await listAudit(t.container.database.db, { limit: 20 })).find((e) => e.action === 'settings.updated' && isDeepStrictEqual(e.data.after, valid));
    expect(audit?.data.before).toBeNull();
  });

  it.each<[string, string, unknown, string]>([
    ['contact', 'a malformed phone number', { ...CONTACT, phones: [{ label: 'x', number: 'call us' }] }, 'phones.0.number'],
    ['contact', 'closing before opening', { ...CONTACT, openingHours: { tue: [{ open: '18:00', close: '09:00' }] } }, 'openingHours.tue'],
    ['contact', 'a time that is no time', { ...CONTACT, openingHours: { tue: [{ open: '25:00', close: '26:00' }] } }, 'openingHours.tue.0.open'],
    ['contact', 'an unknown weekday', { ...CONTACT, openingHours: { funday: [] } }, 'openingHours'],
    ['calendar', 'no working day', { ...CALENDAR, workingDays: [] }, 'workingDays'],
    ['calendar', 'hours ending before they start', { ...CALENDAR, businessHours: { start: '17:00', end: '09:00' } }, 'businessHours'],
    ['calendar', 'an impossible closure date', { ...CALENDAR, closureDays: [{ date: '2025-02-30', name: 'x' }] }, 'closureDays.0.date'],
  ])('%s refuses %s (422)', async (kind, _name, payload, field) => {
    const response = await send('PUT', `/api/v1/admin/settings/${kind}`, admin, payload);
    expect(response.statusCode, response.body).toBe(422);
    expect(Object.keys(response.json<ErrorBody>().error.fields ?? {}).join(' ')).toContain(field);
  });
});

describe('PATCH /api/v1/admin/topics/<slug>', () => {
  it('walks 401 → 403 → 422 → 200 and the public topic list follows', async () => {
    const url = '/api/v1/admin/topics/informed-delivery';
    expect((await send('PATCH', url, {}, { active: false })).statusCode).toBe(401);
    expect((await send('PATCH', url, supervisor, { active: false })).statusCode).toBe(403);
    expect((await send('PATCH', url, { cookie: admin.cookie! }, { active: false })).statusCode).toBe(403);
    expect((await send('PATCH', url, admin, { names: { es: 'Sin inglés' } })).statusCode).toBe(422);
    expect((await send('PATCH', url, admin, { department: 'nowhere' })).statusCode).toBe(422);
    expect((await send('PATCH', url, admin, {})).statusCode).toBe(422);
    expect((await send('PATCH', '/api/v1/admin/topics/nope', admin, { active: false })).statusCode).toBe(422);
    const changed = await send('PATCH', url, admin, {
      names: { en: 'Informed Delivery® notifications', es: 'Informed Delivery' }, department: 'customer-care', urgentGuidance: { en: 'Call us for anything urgent.' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ topic: { slug: 'informed-delivery', department: 'customer-care', names: { en: 'Informed Delivery® notifications' }, urgentGuidance: { en: 'Call us for anything urgent.' } } });
    expect((await send('PATCH', url, admin, { urgentGuidance: null, active: false })).json()).toMatchObject({ topic: { active: false, urgentGuidance: null } });
    const topics = (await t.app.inject({ method: 'GET', url: '/api/v1/topics' })).json<{ slug: string }[] | { topics: { slug: string }[] }>();
    expect(JSON.stringify(topics)).not.toContain('"informed-delivery"');
    expect((await listAudit(t.container.database.db, { limit: 10 })).filter((e) => e.action === 'topic.updated')).toHaveLength(2);
    // Admins still see the inactive topic, with every language, to edit it back.
    expect((await send('GET', '/api/v1/admin/topics', supervisor)).statusCode).toBe(403);
    const all = (await send('GET', '/api/v1/admin/topics', admin)).json<{ topics: { slug: string; active: boolean; names: Record<string, string> }[] }>().topics;
    expect(all).toHaveLength(9);
    expect(all.find((topic) => topic.slug === 'informed-delivery')).toMatchObject({ active: false, names: { en: 'Informed Delivery® notifications', es: 'Informed Delivery' } });
  });
});
