import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../src/modules/audit/index.js';
import { createTestApp, signIn, type TestApp } from './test-app.js';

type ErrorBody = { error: { code: string; fields?: Record<string, string> } };
type AgentItem = { id: string; email: string; name: string; role: string; status: string; available: boolean; departments: { slug: string }[] };

const PASSWORD = 'a long enough password';
let t: TestApp;
let admin: Record<string, string>;
let supervisor: Record<string, string>;
let agent: Record<string, string>;
let agentId: string;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  admin = await signIn(t.app);
  await t.container.services.auth.createAgent({ email: 'sue@postdesk.test', name: 'Sue Supervisor', role: 'supervisor', password: PASSWORD });
  agentId = (await t.container.services.auth.createAgent({ email: 'ann@postdesk.test', name: 'Ann Agent', role: 'agent', password: PASSWORD })).id;
  supervisor = await signIn(t.app, { email: 'sue@postdesk.test', password: PASSWORD });
  agent = await signIn(t.app, { email: 'ann@postdesk.test', password: PASSWORD });
});
afterAll(() => t.close({ removeData: true }));

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload?: Record<string, unknown>) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

describe('GET /api/v1/agents and PATCH /api/v1/agents/me', () => {
  it('lists active agents for any agent and lets an agent mark themself available', async () => {
    expect((await call('GET', '/api/v1/agents', {})).statusCode).toBe(401);
    const list = await call('GET', '/api/v1/agents', agent);
    expect(list.statusCode).toBe(200);
    expect(list.json<{ agents: AgentItem[] }>().agents.find((a) => a.id === agentId)).toEqual({ id: agentId, name: 'Ann Agent', email: 'ann@postdesk.test', role: 'agent', available: false, departments: [] });

    expect((await call('PATCH', '/api/v1/agents/me', {}, { available: true })).statusCode).toBe(401);
    expect((await call('PATCH', '/api/v1/agents/me', { cookie: agent.cookie! }, { available: true })).json<ErrorBody>().error.code).toBe('auth.csrf');
    expect((await call('PATCH', '/api/v1/agents/me', agent, { available: 'maybe' })).statusCode).toBe(422);
    const me = await call('PATCH', '/api/v1/agents/me', agent, { available: true });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json<{ agent: AgentItem }>().agent).toMatchObject({ id: agentId, available: true, status: 'active' });
  });
});

describe('/api/v1/admin/agents', () => {
  it('keeps agents out (403), lets supervisors staff departments but not change roles', async () => {
    expect((await call('GET', '/api/v1/admin/agents', {})).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/admin/agents', agent)).json<ErrorBody>().error.code).toBe('auth.forbidden');
    expect((await call('PATCH', `/api/v1/admin/agents/${agentId}`, agent, { available: false })).statusCode).toBe(403);
    expect((await call('POST', '/api/v1/admin/agents', supervisor, { email: 'x@postdesk.test', name: 'X' })).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/admin/agents', supervisor)).statusCode).toBe(200);

    const url = `/api/v1/admin/agents/${agentId}`;
    expect((await call('PATCH', url, supervisor, { departments: ['nowhere'] })).statusCode).toBe(422);
    const staffed = await call('PATCH', url, supervisor, { departments: ['delivery-services', 'customer-care'], available: false });
    expect(staffed.statusCode, staffed.body).toBe(200);
    expect(staffed.json<{ agent: AgentItem }>().agent).toMatchObject({ available: false, departments: [{ slug: 'customer-care' }, { slug: 'delivery-services' }] });
    const promote = await call('PATCH', url, supervisor, { role: 'supervisor' });
    expect(promote.statusCode).toBe(403);
    expect((await call('PATCH', url, admin, { role: 'supervisor' })).json<{ agent: AgentItem }>().agent.role).toBe('supervisor');
    expect((await call('PATCH', url, admin, { role: 'boss' })).statusCode).toBe(422);
    expect((await call('PATCH', '/api/v1/admin/agents/nobody', admin, { available: true })).json<ErrorBody>().error.code).toBe('agent.not_found');
    const audit = (await listAudit(t.container.database.db, { limit: 50 })).filter((e) => e.subject === `agent:${agentId}` && e.action === 'agent.updated');
    expect(audit.length).toBeGreaterThanOrEqual(3);
  });

  it('invites by email: inactive until the one-use link sets a password', async () => {
    const url = '/api/v1/admin/agents';
    expect((await call('POST', url, { cookie: admin.cookie! }, { email: 'new@postdesk.test', name: 'New' })).statusCode).toBe(403);
    expect((await call('POST', url, admin, { email: 'not-an-email', name: 'New' })).json<ErrorBody>().error.fields).toHaveProperty('email');
    expect((await call('POST', url, admin, { email: 'new@postdesk.test', name: 'New', departments: ['nowhere'] })).statusCode).toBe(422);
    const invited = await call('POST', url, admin, { email: 'New@postdesk.test', name: 'Nia New', departments: ['claims-refunds'] });
    expect(invited.statusCode, invited.body).toBe(201);
    const { agent: created } = invited.json<{ agent: AgentItem }>();
    expect(created).toMatchObject({ email: 'new@postdesk.test', role: 'agent', status: 'invited', departments: [{ slug: 'claims-refunds' }] });
    expect((await call('POST', url, admin, { email: 'new@postdesk.test', name: 'Again' })).statusCode).toBe(409);
    expect((await call('GET', '/api/v1/agents', agent)).json<{ agents: AgentItem[] }>().agents.map((a) => a.id)).not.toContain(created.id);

    const mail = await t.container.database.db.selectFrom('outbound_mail').selectAll().where('to_address', '=', 'new@postdesk.test').executeTakeFirstOrThrow();
    expect(mail.kind).toBe('notice');
    const token = decodeURIComponent(/accept-invite#token=([^\s"]+)/.exec(mail.text)?.[1] ?? '');
    expect(token.length).toBeGreaterThan(20);
    const jobs = await t.container.database.db.selectFrom('jobs').select('payload').where('type', '=', 'email-out.send-mail').execute();
    expect(jobs.some((j) => String(j.payload).includes(mail.id))).toBe(true);

    const accept = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/auth/accept-invite', payload });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'new@postdesk.test', password: PASSWORD } })).statusCode).toBe(401);
    expect((await accept({ token: 'forged', password: PASSWORD })).json<ErrorBody>().error.code).toBe('invitation.invalid');
    expect((await accept({ token, password: 'short' })).json<ErrorBody>().error.fields).toHaveProperty('password');
    const accepted = await accept({ token, password: PASSWORD, name: 'Nia Newton' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toEqual({ agent: { id: created.id, email: 'new@postdesk.test', name: 'Nia Newton', role: 'agent' } });
    expect((await accept({ token, password: PASSWORD })).statusCode).toBe(422);
    await signIn(t.app, { email: 'new@postdesk.test', password: PASSWORD });
  });

  it('deactivating signs the agent out everywhere; nobody deactivates or demotes themself', async () => {
    const adminId = (await call('GET', '/api/v1/auth/me', admin)).json<{ agent: { id: string } }>().agent.id;
    expect((await call('PATCH', `/api/v1/admin/agents/${adminId}`, admin, { active: false })).statusCode).toBe(422);
    expect((await call('PATCH', `/api/v1/admin/agents/${adminId}`, admin, { role: 'agent' })).statusCode).toBe(422);
    const { id } = await t.container.services.auth.createAgent({ email: 'leaving@postdesk.test', name: 'Leaving', role: 'agent', password: PASSWORD });
    const leaving = await signIn(t.app, { email: 'leaving@postdesk.test', password: PASSWORD });
    expect((await call('GET', '/api/v1/agents', leaving)).statusCode).toBe(200);
    expect((await call('PATCH', `/api/v1/admin/agents/${id}`, supervisor, { active: false })).statusCode).toBe(403);
    const off = await call('PATCH', `/api/v1/admin/agents/${id}`, admin, { active: false });
    expect(off.json<{ agent: AgentItem }>().agent).toMatchObject({ status: 'deactivated', available: false });
    expect((await call('GET', '/api/v1/agents', leaving)).statusCode).toBe(401);
    expect(await t.container.database.db.selectFrom('agent_sessions').select('id').where('agent_id', '=', id).execute()).toEqual([]);
  });
});
