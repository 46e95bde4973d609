import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from './test-app.js';
import { submitCase, validForm } from './factories.js';

let t: TestApp;
let admin: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t.app);
});
afterAll(() => t.close({ removeData: true }));

const patch = (caseNumber: string, payload: Record<string, unknown>, headers: Record<string, string> = admin) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${caseNumber}`, payload, headers });

describe('PATCH /api/v1/cases/<n>', () => {
  it('needs a session and the CSRF token', async () => {
    const { caseNumber } = await submitCase(t.app, validForm());
    expect((await patch(caseNumber, { priority: 'high' }, {})).statusCode).toBe(401);
    expect((await patch(caseNumber, { priority: 'high' }, { cookie: admin.cookie! })).statusCode).toBe(403);
  });

  it('validates values and the status machine', async () => {
    const { caseNumber } = await submitCase(t.app, validForm());
    const bad = await patch(caseNumber, { status: 'done', priority: 'asap' });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().error.fields)).toEqual(['status', 'priority']);
    const unknownTopic = await patch(caseNumber, { topic: 'nope' });
    expect(unknownTopic.statusCode).toBe(422);
    expect((await patch(caseNumber, { status: 'closed' })).statusCode).toBe(200);
    const reopen = await patch(caseNumber, { status: 'open' });
    expect(reopen.statusCode).toBe(409);
    expect(reopen.json().error.code).toBe('case.transition_invalid');
  });

  it('re-routes with a reason, records the timeline and stores a triage correction', async () => {
    const { caseNumber } = await submitCase(t.app, validForm('general-question', { description: 'I need to change where my mail goes after moving house.' }));
    const response = await patch(caseNumber, { topic: 'address-change-hold', reason: 'customer is moving', priority: 'high', status: 'open' });
    expect(response.statusCode, response.body).toBe(200);
    const updated = response.json().case;
    expect(updated).toMatchObject({ topic: 'address-change-hold', department: 'address-services', priority: 'high', status: 'open' });
    const rerouted = updated.events.find((e: { type: string }) => e.type === 'case.rerouted');
    expect(rerouted.data).toMatchObject({ fromTopic: 'general-question', toTopic: 'address-change-hold', reason: 'customer is moving', triageCorrection: true });
    expect(updated.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['case.status_changed', 'case.priority_changed']));
    const examples = await t.container.database.db.selectFrom('triage_examples').selectAll().execute();
    expect(examples.some((e) => e.topic === 'address-change-hold' && e.text.includes('moving house'))).toBe(true);
  });

  it('moves a case to another department without changing its topic (no correction)', async () => {
    const { caseNumber } = await submitCase(t.app, validForm('tracking'));
    const before = await t.container.database.db.selectFrom('triage_examples').select('id').execute();
    const response = await patch(caseNumber, { department: 'claims-refunds', reason: 'customer wants a refund' });
    expect(response.json().case).toMatchObject({ topic: 'tracking', department: 'claims-refunds' });
    const after = await t.container.database.db.selectFrom('triage_examples').select('id').execute();
    expect(after.length).toBe(before.length);
  });

  it('assigns to an active agent and unassigns', async () => {
    const agent = await t.container.services.auth.createAgent({ email: 'ann@postdesk.test', name: 'Ann', role: 'agent', password: 'a long enough password' });
    const { caseNumber } = await submitCase(t.app, validForm());
    const assigned = await patch(caseNumber, { assignee: agent.id });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().case.assignee).toBe(agent.id);
    expect((await patch(caseNumber, { assignee: 'nobody' })).statusCode).toBe(422);
    expect((await patch(caseNumber, { assignee: null })).json().case.assignee).toBeNull();
  });
});

describe('learning from corrections', () => {
  it('an agent correction changes the next prediction of a similar message', async () => {
    const text = 'The blue widget form on the zebra page keeps saying invalid parameter when I press continue.';
    const triageOf = () => t.container.services.triage.triage({
      channel: 'email', chosenTopic: null, subject: '', text, trackingNumberField: null, localeHint: null, customerRegistered: false,
    });
    const before = await triageOf();
    const target = before.topic === 'passport' ? 'informed-delivery' : 'passport';
    const { caseNumber } = await submitCase(t.app, validForm('general-question', { description: text }));
    for (let i = 0; i < 3; i += 1) {
      const { caseNumber: other } = await submitCase(t.app, validForm('general-question', { description: `${text} (${i})` }));
      expect((await patch(other, { topic: target, reason: 'triage was wrong' })).statusCode).toBe(200);
    }
    expect((await patch(caseNumber, { topic: target, reason: 'triage was wrong' })).statusCode).toBe(200);
    const after = await triageOf();
    expect(after.topic).toBe(target);
    expect(after.topic).not.toBe(before.topic);
  });
});
