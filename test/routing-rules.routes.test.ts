import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../src/modules/audit/index.js';
import { createContactRouter } from '../src/modules/triage/contact-router.js';
import type { TriageInput } from '../src/modules/triage/triage.js';
import { submitCase, validForm } from './factories.js';
import { createTestApp, signIn, signInNewAgent, type TestApp } from './test-app.js';

type Rule = { id: string; name: string; position: number; active: boolean; conditions: Record<string, unknown>; actions: Record<string, unknown>; createdAt: string; updatedAt: string };
type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };
type CaseDetail = { case: { department: string; topic: string; priority: string; events: { type: string; data: Record<string, unknown> }[] } };

const URL = '/api/v1/admin/routing-rules';
const VALID = { name: 'Passport by email', conditions: { channel: 'email', textMatches: ['passport'] }, actions: { topic: 'passport' } };

describe('admin routing rules API: /api/v1/admin/routing-rules', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let agent: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    t = await createTestApp({ worker: false });
    admin = await signIn(t.app);
    agent = (await signInNewAgent(t, { email: 'supervisor@postdesk.test', role: 'supervisor' })).headers;
  });
  afterAll(async () => {
    await t.close({ removeData: true });
  });

  const create = (payload: Record<string, unknown>, headers: Record<string, string> = admin) => t.app.inject({ method: 'POST', url: URL, headers, payload });
  const patch = (id: string, payload: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `${URL}/${id}`, headers: admin, payload });
  const remove = (id: string) => t.app.inject({ method: 'DELETE', url: `${URL}/${id}`, headers: admin });
  const auditOf = async (id: string) => (await listAudit(t.container.database.db, { limit: 100 })).filter((entry) => entry.subject === id).reverse();
  const caseDetail = async (caseNumber: string) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, headers: admin });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<CaseDetail>().case;
  };

  it('needs a session (401), the admin role (403) and the CSRF header (403)', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: URL });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json<ErrorBody>().error.code).toBe('auth.required');
    expect((await t.app.inject({ method: 'POST', url: URL, payload: VALID })).statusCode).toBe(401);

    const bySupervisor = await t.app.inject({ method: 'GET', url: URL, headers: agent });
    expect(bySupervisor.statusCode).toBe(403);
    expect(bySupervisor.json<ErrorBody>().error.code).toBe('auth.forbidden');
    expect((await create(VALID, agent)).statusCode).toBe(403);

    const withoutCsrf = await create(VALID, { cookie: admin.cookie });
    expect(withoutCsrf.statusCode).toBe(403);
    expect(withoutCsrf.json<ErrorBody>().error.code).toBe('auth.csrf');
    for (const method of ['PATCH', 'DELETE'] as const) {
      const response = await t.app.inject({ method, url: `${URL}/some-id`, headers: { cookie: admin.cookie }, payload: { active: false } });
      expect(response.json<ErrorBody>().error.code, method).toBe('auth.csrf');
    }
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no conditions', { conditions: {} }, 'conditions'],
    ['no actions', { actions: {} }, 'actions'],
    ['only stop as action', { actions: { stop: false } }, 'actions'],
    ['an unknown department', { actions: { department: 'parcel-lockers' } }, 'actions.department'],
    ['an unknown action topic', { actions: { topic: 'parcel-lockers' } }, 'actions.topic'],
    ['an unknown condition topic', { conditions: { topic: 'parcel-lockers' } }, 'conditions.topic'],
    ['a phrase without letters or digits', { conditions: { textMatches: ['express', '...'] } }, 'conditions.textMatches.1'],
    ['an empty phrase list', { conditions: { textMatches: [] } }, 'conditions.textMatches'],
    ['an unknown channel', { conditions: { channel: 'fax' } }, 'conditions.channel'],
    ['an unknown priority', { actions: { priority: 'asap' } }, 'actions.priority'],
    ['an unknown carrier', { conditions: { carrier: 'pony-express' } }, 'conditions.carrier'],
    ['a regular expression field', { conditions: { regex: '.*' } }, 'conditions'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a missing name', { name: undefined }, 'name'],
  ])('refuses %s (422, per field)', async (_name, change, field) => {
    const payload: Record<string, unknown> = { ...VALID, ...change };
    if ('name' in change && change.name === undefined) delete payload.name;
    const response = await create(payload);
    expect(response.statusCode, response.body).toBe(422);
    const body = response.json<ErrorBody>();
    expect(body.error.code).toBe('validation.failed');
    expect(Object.keys(body.error.fields ?? {}).join(' ')).toContain(field);
  });

  it('creates (201), lists (200), changes (200) and deletes (200) a rule, auditing every change', async () => {
    const created = await create({ ...VALID, name: 'Lockers', position: 5 });
    expect(created.statusCode, created.body).toBe(201);
    const { rule } = created.json<{ rule: Rule }>();
    expect(rule).toMatchObject({ name: 'Lockers', position: 5, active: true, conditions: VALID.conditions, actions: VALID.actions });

    const appended = await create({ ...VALID, name: 'Appended' });
    expect(appended.json<{ rule: Rule }>().rule.position).toBe(6);
    const duplicate = await create({ ...VALID, name: 'lockers' });
    expect(duplicate.statusCode).toBe(422);
    expect(duplicate.json<ErrorBody>().error.fields).toHaveProperty('name');

    const list = await t.app.inject({ method: 'GET', url: URL, headers: admin });
    expect(list.statusCode).toBe(200);
    expect(list.json<{ rules: Rule[] }>().rules.map((r) => r.name)).toEqual(['Lockers', 'Appended']);

    const changed = await patch(rule.id, { active: false, actions: { priority: 'high', department: 'customer-care' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<{ rule: Rule }>().rule).toMatchObject({ name: 'Lockers', active: false, conditions: VALID.conditions, actions: { priority: 'high', department: 'customer-care' } });
    expect((await patch(rule.id, { actions: {} })).statusCode).toBe(422);
    expect((await patch(rule.id, { name: 'Appended' })).statusCode).toBe(422);
    expect((await patch(rule.id, {})).statusCode).toBe(422);

    const deleted = await remove(rule.id);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json<{ rule: Rule }>().rule.id).toBe(rule.id);

    const audit = await auditOf(rule.id);
    expect(audit.map((entry) => [entry.action, entry.actorType])).toEqual([
      ['routing_rule.created', 'agent'], ['routing_rule.updated', 'agent'], ['routing_rule.deleted', 'agent'],
    ]);
    expect(audit[1]?.data).toMatchObject({ before: { active: true, actions: { topic: 'passport' } }, after: { active: false, actions: { priority: 'high' } } });
    await remove(appended.json<{ rule: Rule }>().rule.id);
  });

  it('answers 404 for a rule that does not exist', async () => {
    for (const response of [await patch('no-such-rule', { active: false }), await remove('no-such-rule')]) {
      expect(response.statusCode).toBe(404);
      expect(response.json<ErrorBody>().error.code).toBe('routing_rule.not_found');
    }
  });

  it('end to end: an express rule reroutes a new web case and says so in case.routed; deleting it restores default routing', async () => {
    const form = () => validForm('general-question', { description: 'Can I send a birthday parcel by express to Cluj?' });
    // Triage alone: the customer's topic, its department, and "express" as a high-priority word.
    const before = await caseDetail((await submitCase(t.app, form())).caseNumber);
    expect(before).toMatchObject({ topic: 'general-question', department: 'customer-care', priority: 'high' });

    const created = await create({
      name: 'Express keywords',
      conditions: { channel: 'web', textMatches: ['express', 'expres', 'overnight'] },
      actions: { priority: 'urgent', department: 'delivery-services' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { rule } = created.json<{ rule: Rule }>();

    const routed = await caseDetail((await submitCase(t.app, form())).caseNumber);
    expect(routed).toMatchObject({ topic: 'general-question', department: 'delivery-services', priority: 'urgent' });
    const event = routed.events.find((e) => e.type === 'case.routed');
    expect(event?.data).toMatchObject({ department: 'delivery-services', priority: 'urgent', topic: 'general-question' });
    expect(event?.data.reasons).toContain('rule Express keywords: channel web, text has "express" → priority urgent, department delivery-services');

    const unrelated = await caseDetail((await submitCase(t.app, validForm('general-question'))).caseNumber);
    expect(unrelated).toMatchObject({ department: 'customer-care', priority: 'normal' });

    expect((await remove(rule.id)).statusCode).toBe(200);
    const after = await caseDetail((await submitCase(t.app, form())).caseNumber);
    expect(after).toMatchObject({ topic: 'general-question', department: 'customer-care', priority: 'high' });
    const reasons = after.events.find((e) => e.type === 'case.routed')?.data.reasons as string[];
    expect(reasons.some((reason) => reason.startsWith('rule '))).toBe(false);
  });

  it('end to end: a rule naming a topic moves a case out of its department, and an inactive rule changes nothing', async () => {
    const created = await create({ name: 'Stamps', conditions: { textMatches: ['stamp collection'] }, actions: { topic: 'feedback-complaint' } });
    const { rule } = created.json<{ rule: Rule }>();
    const form = () => validForm('general-question', { description: 'Where can I buy the new stamp collection?' });

    const routed = await caseDetail((await submitCase(t.app, form())).caseNumber);
    expect(routed).toMatchObject({ topic: 'feedback-complaint', department: 'consumer-affairs' });

    expect((await patch(rule.id, { active: false })).statusCode).toBe(200);
    const inactive = await caseDetail((await submitCase(t.app, form())).caseNumber);
    expect(inactive).toMatchObject({ topic: 'general-question', department: 'customer-care' });
    await remove(rule.id);
  });

  it('contact router: a rule naming a topic takes an unsure case out of the Triage department; a priority-only rule does not', async () => {
    const real = t.container.services.triage;
    const unsure = { ...real, triage: async (input: TriageInput) => ({ ...(await real.triage(input)), needsReview: true }) };
    const router = createContactRouter({ db: t.container.database.db, triage: unsure });
    const input: TriageInput = {
      channel: 'email', chosenTopic: null, subject: 'Stamps', text: 'Do you still sell the lunar new year stamps?', trackingNumberField: null, localeHint: null, customerRegistered: false,
    };
    const routeOnce = async () => {
      const { routing } = await router.route(input);
      return [routing.topic.slug, (routing.department ?? routing.topic.department).slug, routing.priority];
    };
    const [topicBefore, departmentBefore] = await routeOnce();
    expect(departmentBefore).toBe('triage');

    const priorityOnly = (await create({ name: 'Unsure is low', conditions: { needsReview: true }, actions: { priority: 'low', stop: false } })).json<{ rule: Rule }>().rule;
    expect(await routeOnce()).toEqual([topicBefore, 'triage', 'low']);

    const stamps = (await create({ name: 'Unsure stamps', conditions: { needsReview: true, textMatches: ['stamps'] }, actions: { topic: 'general-question' } })).json<{ rule: Rule }>().rule;
    expect(await routeOnce()).toEqual(['general-question', 'customer-care', 'low']);
    const { routing } = await router.route(input);
    expect(routing.reasons).toEqual(expect.arrayContaining([
      'rule Unsure is low: triage unsure → priority low; later rules continue',
      'rule Unsure stamps: triage unsure, text has "stamps" → topic general-question',
    ]));
    await remove(priorityOnly.id);
    await remove(stamps.id);
  });
});
