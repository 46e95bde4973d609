import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/kernel/clock.js';
import { submitCase, validForm } from './factories.js';
import { createTestApp, signIn, type TestApp } from './test-app.js';

type ErrorBody = { error: { code: string; fields?: Record<string, string> } };
type Task = { id: string; caseNumber: string; dueAt: string; note: string | null; status: string; overdue: boolean; assignee: { id: string; name: string } };
type Detail = { firstRespondedAt?: string; messages: { id: string; direction: string; channel: string; author: { type: string; id: string }; text: string; flags: Record<string, unknown> | null }[]; events: { type: string; data: Record<string, unknown> }[] };

let t: TestApp;
let admin: Record<string, string>;
let ann: Record<string, string>;
let annId: string;
let bobId: string;
const clock = createManualClock(new Date());
const PASSWORD = 'a long enough password';

beforeAll(async () => {
  t = await createTestApp({ worker: false, options: { clock } });
  admin = await signIn(t.app);
  annId = (await t.container.services.auth.createAgent({ email: 'ann@postdesk.test', name: 'Ann Agent', role: 'agent', password: PASSWORD })).id;
  bobId = (await t.container.services.auth.createAgent({ email: 'bob@postdesk.test', name: 'Bob Agent', role: 'agent', password: PASSWORD })).id;
  ann = await signIn(t.app, { email: 'ann@postdesk.test', password: PASSWORD });
});
afterAll(() => t.close({ removeData: true }));

const post = (url: string, payload: Record<string, unknown>, headers: Record<string, string> = ann) => t.app.inject({ method: 'POST', url, payload, headers });
const detail = async (caseNumber: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, headers: ann })).json<{ case: Detail }>().case;
const inHours = (hours: number) => new Date(clock.now().getTime() + hours * 3_600_000).toISOString();

describe('POST /api/v1/cases/<n>/calls', () => {
  it('walks 401 → 403 (CSRF) → 422 → 201 and puts the call on the thread, never in the outbox', async () => {
    const { caseNumber } = await submitCase(t.app, validForm());
    const url = `/api/v1/cases/${caseNumber}/calls`;
    const call = { summary: 'Customer called: parcel found at neighbour.', direction: 'inbound', durationMinutes: 4 };
    expect((await post(url, call, {})).statusCode).toBe(401);
    expect((await post(url, call, { cookie: ann.cookie! })).json<ErrorBody>().error.code).toBe('auth.csrf');
    for (const bad of [{ ...call, direction: 'sideways' }, { ...call, summary: '   ' }, { ...call, durationMinutes: -1 }, { direction: 'inbound' }]) {
      expect((await post(url, bad)).statusCode, JSON.stringify(bad)).toBe(422);
    }
    const mailBefore = await t.container.database.db.selectFrom('outbound_mail').select('id').execute();
    const created = await post(url, call);
    expect(created.statusCode, created.body).toBe(201);
    const { messageId } = created.json<{ messageId: string }>();
    const logged = (await detail(caseNumber)).messages.find((m) => m.id === messageId);
    expect(logged).toMatchObject({ direction: 'inbound', channel: 'phone', author: { type: 'agent', id: annId }, text: call.summary, flags: { call: { direction: 'inbound', durationMinutes: 4 } } });
    expect((await detail(caseNumber)).events.find((e) => e.type === 'call.logged')?.data).toMatchObject({ messageId, direction: 'inbound' });
    expect(await t.container.database.db.selectFrom('outbound_mail').select('id').execute()).toHaveLength(mailBefore.length);
  });

  it('an outbound call stops the first-response clock', async () => {
    const { caseNumber } = await submitCase(t.app, validForm());
    expect((await post(`/api/v1/cases/${caseNumber}/calls`, { summary: 'Called back, explained the hold.', direction: 'outbound' })).statusCode).toBe(201);
    const row = await t.container.database.db.selectFrom('cases').select('first_responded_at').where('number', '=', caseNumber).executeTakeFirstOrThrow();
    expect(row.first_responded_at).not.toBeNull();
  });
});

describe('tasks: POST /api/v1/cases/<n>/tasks, GET /api/v1/tasks, PATCH /api/v1/tasks/<id>', () => {
  it('walks 401 → 403 (CSRF) → 422 → 201, defaults the assignee to the caller and lists mine with counts', async () => {
    const { caseNumber } = await submitCase(t.app, validForm());
    const url = `/api/v1/cases/${caseNumber}/tasks`;
    const body = { kind: 'phone_follow_up', dueAt: inHours(2), note: 'Call after the depot checks' };
    expect((await post(url, body, {})).statusCode).toBe(401);
    expect((await post(url, body, { cookie: ann.cookie! })).statusCode).toBe(403);
    for (const bad of [{ ...body, kind: 'email' }, { ...body, dueAt: 'tomorrow' }, { ...body, dueAt: inHours(-2) }, { ...body, assignee: 'nobody' }]) {
      expect((await post(url, bad)).statusCode, JSON.stringify(bad)).toBe(422);
    }
    const created = await post(url, body);
    expect(created.statusCode, created.body).toBe(201);
    const { task } = created.json<{ task: Task }>();
    expect(task).toMatchObject({ caseNumber, note: body.note, status: 'open', overdue: false, assignee: { id: annId, name: 'Ann Agent' } });
    expect((await detail(caseNumber)).events.find((e) => e.type === 'task.created')?.data).toMatchObject({ taskId: task.id, assignee: annId });

    expect((await t.app.inject({ method: 'GET', url: '/api/v1/tasks?assignee=me' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/tasks?status=later', headers: ann })).statusCode).toBe(422);
    const mine = await t.app.inject({ method: 'GET', url: '/api/v1/tasks?assignee=me&status=open', headers: ann });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ tasks: [{ id: task.id, caseNumber, dueAt: body.dueAt, overdue: false }], myOpenCount: 1, myOverdueCount: 0 });
    const adminView = await t.app.inject({ method: 'GET', url: '/api/v1/tasks?assignee=me', headers: admin });
    expect(adminView.json()).toMatchObject({ tasks: [], myOpenCount: 0 });
  });

  it('a task becomes overdue; only its assignee, creator or a supervisor closes it', async () => {
    const { caseNumber } = await submitCase(t.app, validForm());
    const created = await post(`/api/v1/cases/${caseNumber}/tasks`, { kind: 'phone_follow_up', dueAt: inHours(1), assignee: bobId }, admin);
    const { task } = created.json<{ task: Task }>();
    const bob = await signIn(t.app, { email: 'bob@postdesk.test', password: PASSWORD });
    const patch = (headers: Record<string, string>, payload: Record<string, unknown> = { status: 'done' }) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload, headers });
    expect((await patch({})).statusCode).toBe(401);
    expect((await patch({ cookie: bob.cookie! })).statusCode).toBe(403);
    expect((await patch(bob, { status: 'later' })).statusCode).toBe(422);
    expect((await patch(ann)).json<ErrorBody>().error.code).toBe('auth.forbidden');
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/tasks/no-such-task', payload: { status: 'done' }, headers: bob })).statusCode).toBe(404);

    clock.advance(2 * 3_600_000);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/tasks?assignee=me', headers: bob });
    expect(list.json()).toMatchObject({ tasks: [{ id: task.id, overdue: true }], myOpenCount: 1, myOverdueCount: 1 });
    const done = await patch(bob);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<{ task: Task }>().task).toMatchObject({ status: 'done', overdue: false });
    expect((await detail(caseNumber)).events.map((e) => e.type)).toEqual(expect.arrayContaining(['task.created', 'task.completed']));
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/tasks?assignee=me', headers: bob })).json()).toMatchObject({ tasks: [], myOpenCount: 0 });
  });
});
