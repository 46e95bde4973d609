import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../src/modules/audit/index.js';
import { submitCase, validForm } from './factories.js';
import { createTestApp, signIn, type TestApp } from './test-app.js';

type ErrorBody = { error: { code: string; fields?: Record<string, string> } };
type Canned = { id: string; title: string; body: string; language: string; department: { slug: string } | null; active: boolean };

const ADMIN_URL = '/api/v1/admin/canned-responses';
const VALID = { title: 'Parcel located', body: 'Dear {{customer.name}},\n\nyour parcel {{tracking.number}} (case {{case.number}}) is on its way.\n\n{{agent.name}}', language: 'en' };

let t: TestApp;
let admin: Record<string, string>;
let agent: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  admin = await signIn(t.app);
  await t.container.services.auth.createAgent({ email: 'ann@postdesk.test', name: 'Ann Agent', role: 'agent', password: 'a long enough password' });
  agent = await signIn(t.app, { email: 'ann@postdesk.test', password: 'a long enough password' });
});
afterAll(() => t.close({ removeData: true }));

const create = (payload: Record<string, unknown>, headers: Record<string, string> = admin) => t.app.inject({ method: 'POST', url: ADMIN_URL, payload, headers });

describe('admin canned responses', () => {
  it('walks 401 → 403 (agent, CSRF) → 422 → 201', async () => {
    expect((await t.app.inject({ method: 'GET', url: ADMIN_URL })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: ADMIN_URL, headers: agent })).json<ErrorBody>().error.code).toBe('auth.forbidden');
    expect((await create(VALID, agent)).statusCode).toBe(403);
    expect((await create(VALID, { cookie: admin.cookie! })).json<ErrorBody>().error.code).toBe('auth.csrf');
    expect((await create({ ...VALID, language: 'english' })).statusCode).toBe(422);
    expect((await create({ ...VALID, department: 'nowhere' })).json<ErrorBody>().error.fields).toHaveProperty('department');
    const unknown = await create({ ...VALID, body: 'Hi {{customer.email}}' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json<ErrorBody>().error.fields?.body).toContain('unknown variable {{customer.email}}');
    expect((await create({ ...VALID, body: 'Hi {{customer.name}' })).statusCode).toBe(422);
    const created = await create(VALID);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<{ cannedResponse: Canned }>().cannedResponse).toMatchObject({ ...VALID, department: null, active: true });
  });

  it('changes and deletes, validating the template again and auditing each change', async () => {
    const { cannedResponse } = (await create({ ...VALID, title: 'To change' })).json<{ cannedResponse: Canned }>();
    const url = `${ADMIN_URL}/${cannedResponse.id}`;
    expect((await t.app.inject({ method: 'PATCH', url, payload: { body: '{{nope}}' }, headers: admin })).statusCode).toBe(422);
    const changed = await t.app.inject({ method: 'PATCH', url, payload: { department: 'claims-refunds', active: false }, headers: admin });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<{ cannedResponse: Canned }>().cannedResponse).toMatchObject({ title: 'To change', department: { slug: 'claims-refunds' }, active: false });
    expect((await t.app.inject({ method: 'DELETE', url, headers: admin })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url, headers: admin })).json<ErrorBody>().error.code).toBe('canned_response.not_found');
    const audit = (await listAudit(t.container.database.db, { limit: 50 })).filter((e) => e.subject === `canned_response:${cannedResponse.id}`);
    expect(audit.map((e) => e.action).reverse()).toEqual(['canned_response.created', 'canned_response.updated', 'canned_response.deleted']);
  });
});

describe('canned responses for agents', () => {
  it("lists active ones for the case's language and department, and renders the variables", async () => {
    const { caseNumber } = await submitCase(t.app, validForm('tracking', { name: 'Ana Pop' }));
    const ids = {
      general: (await create({ ...VALID, title: 'General' })).json<{ cannedResponse: Canned }>().cannedResponse.id,
      delivery: (await create({ ...VALID, title: 'Delivery', department: 'delivery-services' })).json<{ cannedResponse: Canned }>().cannedResponse.id,
      claims: (await create({ ...VALID, title: 'Claims', department: 'claims-refunds' })).json<{ cannedResponse: Canned }>().cannedResponse.id,
      spanish: (await create({ ...VALID, title: 'Spanish', language: 'es' })).json<{ cannedResponse: Canned }>().cannedResponse.id,
      inactive: (await create({ ...VALID, title: 'Inactive', active: false })).json<{ cannedResponse: Canned }>().cannedResponse.id,
    };
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/canned-responses' })).statusCode).toBe(401);
    const forCase = await t.app.inject({ method: 'GET', url: `/api/v1/canned-responses?caseNumber=${caseNumber}`, headers: agent });
    expect(forCase.statusCode).toBe(200);
    const listed = forCase.json<{ cannedResponses: Canned[] }>().cannedResponses.map((c) => c.id);
    expect(listed).toEqual(expect.arrayContaining([ids.general, ids.delivery]));
    expect(listed).not.toContain(ids.claims);
    expect(listed).not.toContain(ids.spanish);
    expect(listed).not.toContain(ids.inactive);

    const render = (id: string, payload: Record<string, unknown>, headers: Record<string, string> = agent) =>
      t.app.inject({ method: 'POST', url: `/api/v1/canned-responses/${id}/render`, payload, headers });
    expect((await render(ids.general, { caseNumber }, {})).statusCode).toBe(401);
    expect((await render(ids.general, { caseNumber }, { cookie: agent.cookie! })).statusCode).toBe(403);
    expect((await render(ids.general, {})).statusCode).toBe(422);
    expect((await render(ids.inactive, { caseNumber })).statusCode).toBe(404);
    const rendered = await render(ids.general, { caseNumber });
    expect(rendered.statusCode, rendered.body).toBe(200);
    expect(rendered.json()).toEqual({ body: `Dear Ana Pop,\n\nyour parcel 9400100000000000000000 (case ${caseNumber}) is on its way.\n\nAnn Agent` });

    const { caseNumber: noTracking } = await submitCase(t.app, validForm('general-question'));
    expect((await render(ids.general, { caseNumber: noTracking })).json<{ body: string }>().body).toContain('your parcel  (case');
  });
});
