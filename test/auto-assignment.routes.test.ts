import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitCase, validForm } from './factories.js';
import { createTestApp, signIn, type TestApp } from './test-app.js';

type ErrorBody = { error: { code: string } };
type Detail = { assignee: string | null; department: string; events: { type: string; actor: { type: string }; data: Record<string, unknown> }[] };
type Department = { slug: string; assignmentMode: string; members: { id: string }[] };

const PASSWORD = 'a long enough password';
let t: TestApp;
let admin: Record<string, string>;
let supervisor: Record<string, string>;
let agent: Record<string, string>;
let annId: string;
let bobId: string;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  admin = await signIn(t.app);
  const auth = t.container.services.auth;
  await auth.createAgent({ email: 'sue@postdesk.test', name: 'Sue', role: 'supervisor', password: PASSWORD });
  annId = (await auth.createAgent({ email: 'ann@postdesk.test', name: 'Ann', role: 'agent', password: PASSWORD })).id;
  bobId = (await auth.createAgent({ email: 'bob@postdesk.test', name: 'Bob', role: 'agent', password: PASSWORD })).id;
  supervisor = await signIn(t.app, { email: 'sue@postdesk.test', password: PASSWORD });
  agent = await signIn(t.app, { email: 'ann@postdesk.test', password: PASSWORD });
  for (const id of [annId, bobId]) {
    const response = await staff(id, { departments: ['customer-care'], available: true });
    expect(response.statusCode, response.body).toBe(200);
  }
});
afterAll(() => t.close({ removeData: true }));

const staff = (id: string, payload: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/api/v1/admin/agents/${id}`, payload, headers: supervisor });
const setMode = (slug: string, assignmentMode: string, headers: Record<string, string> = supervisor) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/admin/departments/${slug}`, payload: { assignmentMode }, headers });
const detail = async (caseNumber: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, headers: admin })).json<{ case: Detail }>().case;
const newCase = async () => detail((await submitCase(t.app, validForm('general-question'))).caseNumber);

describe('/api/v1/admin/departments', () => {
  it('walks 401 → 403 (agent, CSRF) → 422 → 404 → 200 for supervisors', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/departments' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/departments', headers: agent })).json<ErrorBody>().error.code).toBe('auth.forbidden');
    expect((await setMode('customer-care', 'manual', agent)).statusCode).toBe(403);
    expect((await setMode('customer-care', 'manual', { cookie: supervisor.cookie! })).json<ErrorBody>().error.code).toBe('auth.csrf');
    expect((await setMode('customer-care', 'lottery')).statusCode).toBe(422);
    expect((await setMode('parcel-lockers', 'manual')).json<ErrorBody>().error.code).toBe('department.not_found');
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/admin/departments', headers: supervisor });
    const care = list.json<{ departments: Department[] }>().departments.find((d) => d.slug === 'customer-care');
    expect(care).toMatchObject({ assignmentMode: 'manual' });
    expect(care?.members.map((m) => m.id).sort()).toEqual([annId, bobId].sort());
  });
});

describe('automatic assignment', () => {
  it('manual departments leave new cases unassigned', async () => {
    expect((await setMode('customer-care', 'manual')).statusCode).toBe(200);
    expect((await newCase()).assignee).toBeNull();
  });

  it('round robin takes turns among available members, recorded as a system assignment', async () => {
    expect((await setMode('customer-care', 'round_robin')).json<{ department: Department }>().department.assignmentMode).toBe('round_robin');
    const assignees = [];
    for (let i = 0; i < 4; i += 1) assignees.push((await newCase()).assignee);
    expect(new Set(assignees.slice(0, 2))).toEqual(new Set([annId, bobId]));
    expect(assignees.slice(2)).toEqual(assignees.slice(0, 2));
    const assigned = (await newCase()).events.find((e) => e.type === 'case.assigned');
    expect(assigned).toMatchObject({ actor: { type: 'system' }, data: { from: null, reason: 'auto:round_robin' } });
  });

  it('skips unavailable members and leaves the case unassigned when nobody is available', async () => {
    await staff(bobId, { available: false });
    expect((await newCase()).assignee).toBe(annId);
    expect((await newCase()).assignee).toBe(annId);
    const me = await t.app.inject({ method: 'PATCH', url: '/api/v1/agents/me', payload: { available: false }, headers: agent });
    expect(me.statusCode).toBe(200);
    expect((await newCase()).assignee).toBeNull();
    await staff(bobId, { available: true });
    await staff(annId, { available: true });
  });

  it('least open picks the member with the fewest open cases', async () => {
    expect((await setMode('customer-care', 'least_open')).statusCode).toBe(200);
    const open = async (id: string) => Number((await t.container.database.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).where('assignee_id', '=', id).executeTakeFirstOrThrow()).n);
    const lighter = (await open(annId)) <= (await open(bobId)) ? annId : bobId;
    expect((await newCase()).assignee).toBe(lighter);
  });

  it('assigns a case re-routed into an automatic department, unless the change names an assignee', async () => {
    const { caseNumber } = await submitCase(t.app, validForm('tracking'));
    expect((await detail(caseNumber)).assignee).toBeNull();
    const moved = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${caseNumber}`, payload: { department: 'customer-care', reason: 'general question' }, headers: admin });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = await detail(caseNumber);
    expect([annId, bobId]).toContain(after.assignee);
    expect(after.events.find((e) => e.type === 'case.assigned')?.data).toMatchObject({ reason: 'auto:least_open' });

    const { caseNumber: other } = await submitCase(t.app, validForm('tracking'));
    await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${other}`, payload: { department: 'customer-care', assignee: null }, headers: admin });
    expect((await detail(other)).assignee).toBeNull();
    await setMode('customer-care', 'manual');
  });
});
