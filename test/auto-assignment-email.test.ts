import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseDetail, openCaseByEmail, startInbound, type InboundHarness } from './inbound-harness.js';
import { signInNewAgent } from './test-app.js';

/** Email-born cases go through the same assignment as web-form cases, inside the pipeline's transaction. */
let h: InboundHarness;
let paulaId: string;

beforeAll(async () => {
  h = await startInbound();
  paulaId = (await signInNewAgent(h.t, { email: 'paula@postdesk.test', role: 'agent' })).id;
  const supervisor = (await signInNewAgent(h.t, { email: 'sam@postdesk.test', role: 'supervisor' })).headers;
  const departments = (await h.t.app.inject({ url: '/api/v1/admin/departments', headers: supervisor })).json<{ departments: { slug: string }[] }>().departments;
  const slugs = departments.map((d) => d.slug);
  const staffed = await h.t.app.inject({ method: 'PATCH', url: `/api/v1/admin/agents/${paulaId}`, headers: supervisor, payload: { departments: slugs, available: true } });
  expect(staffed.statusCode, staffed.body).toBe(200);
  for (const slug of slugs) {
    const set = await h.t.app.inject({ method: 'PATCH', url: `/api/v1/admin/departments/${slug}`, headers: supervisor, payload: { assignmentMode: 'least_open' } });
    expect(set.statusCode, set.body).toBe(200);
  }
});
afterAll(() => h.close());

describe('automatic assignment of emailed cases', () => {
  it('assigns a new case that arrived by email to the available member, with a system event', async () => {
    const opened = await openCaseByEmail(h, { from: 'olga@customer.example', subject: 'Parcel not delivered', text: 'My parcel was never delivered to my address.' });
    const detail = await h.t.app.inject({ url: `/api/v1/cases/${opened.caseNumber}`, headers: h.admin });
    expect(detail.json().case.assignee).toBe(paulaId);
    const events = (await caseDetail(h, opened.caseNumber)).events;
    expect(events.find((e) => e.type === 'case.assigned')?.data).toMatchObject({ to: paulaId });
  });
});
