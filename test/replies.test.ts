import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './test-app.js';
import { caseDetail, deliver, openCaseByEmail, sinkMailsTo, startInbound, type InboundHarness } from './inbound-harness.js';
import { buildMessage, messageIdOf } from './mail-client.js';
import { submitCase, validForm } from './factories.js';

let h: InboundHarness;
beforeAll(async () => {
  h = await startInbound();
});
afterAll(() => h.close());

const post = (path: string, payload: Record<string, unknown>, headers: Record<string, string> = h.admin) =>
  h.t.app.inject({ method: 'POST', url: path, payload, headers });

describe('agent replies and notes', () => {
  it('needs a session and the CSRF token, and a non-empty body', async () => {
    const { caseNumber } = await submitCase(h.t.app, validForm());
    expect((await post(`/api/v1/cases/${caseNumber}/replies`, { body: 'Hi' }, {})).statusCode).toBe(401);
    expect((await post(`/api/v1/cases/${caseNumber}/replies`, { body: 'Hi' }, { cookie: h.admin.cookie! })).statusCode).toBe(403);
    const empty = await post(`/api/v1/cases/${caseNumber}/replies`, { body: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.fields.body).toBeTruthy();
  });

  it('emails a threaded reply, and the customer\'s answer to it lands on the same case', async () => {
    const customer = 'rosa@customer.example';
    const opened = await openCaseByEmail(h, { from: customer, fromName: 'Rosa Díaz', subject: 'Parcel stuck', text: 'My parcel has not moved for a week.' });
    const response = await post(`/api/v1/cases/${opened.caseNumber}/replies`, { body: 'Hello Rosa,\nwe asked the local office to look for it.' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().status).toBe('pending_customer');

    const reply = await waitFor(() => sinkMailsTo(h, customer).find((m) => (m.headers.get('subject') ?? '').startsWith('Re: ')), 10_000);
    expect(reply.headers.get('subject')).toContain(`[${opened.caseNumber}]`);
    expect(reply.headers.get('in-reply-to')).toBe(opened.customerMessageId);
    expect(reply.headers.get('references')).toContain(opened.customerMessageId);
    expect(reply.headers.get('reply-to')).toMatch(/^support\+[a-z0-9.]+@postdesk\.test$/);
    expect(h.t.container.mailIdentity.parseMessageId(reply.headers.get('message-id') ?? '')?.caseId).toBe(opened.caseId);
    // A person's answer is not an automatic response (RFC 3834).
    expect(reply.headers.has('auto-submitted')).toBe(false);
    expect(reply.raw).toContain('we asked the local office');

    const answer = buildMessage({
      from: customer, to: 'support@postdesk.test', subject: `Re: ${reply.headers.get('subject')}`,
      inReplyTo: reply.headers.get('message-id') ?? '', references: reply.headers.get('message-id') ?? '',
      text: 'Thank you! The tracking number is 9400 1000 0000 0000 0000 00.\n\nOn Tue, Support wrote:\n> Hello Rosa,',
    });
    const row = await deliver(h, { from: customer }, answer);
    expect(row).toMatchObject({ status: 'processed', caseId: opened.caseId, outcome: { kind: 'follow-up', via: 'message-id' } });
    const detail = await caseDetail(h, opened.caseNumber);
    expect(detail.status).toBe('open');
    const directions = detail.messages.map((m) => m.direction);
    expect(directions).toEqual(['inbound', 'outbound', 'inbound']);
    expect(detail.messages[2]!.text).toBe('Thank you! The tracking number is 9400 1000 0000 0000 0000 00.');
    expect(messageIdOf(answer)).toBeTruthy();
  });

  it('keeps internal notes off email', async () => {
    const customer = 'noel@customer.example';
    const opened = await openCaseByEmail(h, { from: customer, subject: 'Question', text: 'When do you open?' });
    const before = sinkMailsTo(h, customer).length;
    const response = await post(`/api/v1/cases/${opened.caseNumber}/notes`, { body: 'Customer called too; see phone log.' });
    expect(response.statusCode).toBe(201);
    const detail = await caseDetail(h, opened.caseNumber);
    const note = detail.messages.find((m) => m.direction === 'internal');
    expect(note?.text).toBe('Customer called too; see phone log.');
    expect(note?.author).toMatchObject({ type: 'agent', name: 'Administrator' });
    expect(detail.events.map((e) => e.type)).toContain('note.added');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sinkMailsTo(h, customer).length).toBe(before);
    const outbound = await h.t.container.database.db.selectFrom('outbound_mail').select('kind').where('case_id', '=', opened.caseId).execute();
    expect(outbound.map((m) => m.kind)).toEqual(['confirmation']);
  });

  it('can resolve with the reply, and records the first response time', async () => {
    const { caseNumber } = await submitCase(h.t.app, validForm());
    const response = await post(`/api/v1/cases/${caseNumber}/replies`, { body: 'Saturday 9 to 1.', status: 'resolved' });
    expect(response.json().status).toBe('resolved');
    const row = await h.t.container.database.db.selectFrom('cases').select(['first_responded_at', 'resolved_at', 'status']).where('number', '=', caseNumber).executeTakeFirstOrThrow();
    expect(row.status).toBe('resolved');
    expect(row.first_responded_at).toBeTruthy();
    expect(row.resolved_at).toBeTruthy();
  });

  it('refuses a reply drafted before a newer message arrived, until the agent confirms', async () => {
    const customer = 'greta@customer.example';
    const opened = await openCaseByEmail(h, { from: customer, subject: 'Redelivery', text: 'Please redeliver on Friday.' });
    const seen = (await caseDetail(h, opened.caseNumber)).messages.at(-1)!.id;
    // The agent's own note after opening the case does not make their draft stale.
    expect((await post(`/api/v1/cases/${opened.caseNumber}/notes`, { body: 'Checking the route plan.' })).statusCode).toBe(201);
    const ownNote = (await caseDetail(h, opened.caseNumber)).messages.at(-1)!.id;
    const followUp = buildMessage({ from: customer, to: opened.replyTo, subject: `Re: [${opened.caseNumber}] Redelivery`, text: 'Actually Saturday is better.' });
    expect(await deliver(h, { from: customer, rcptTo: opened.replyTo }, followUp)).toMatchObject({ status: 'processed', caseId: opened.caseId });

    const stale = await post(`/api/v1/cases/${opened.caseNumber}/replies`, { body: 'Friday it is.', basedOnMessageId: ownNote });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'case.stale_view' });
    expect(stale.json().error.message).toMatch(/new message/);
    expect((await caseDetail(h, opened.caseNumber)).messages.filter((m) => m.direction === 'outbound')).toHaveLength(0);

    const confirmed = await post(`/api/v1/cases/${opened.caseNumber}/replies`, { body: 'Saturday it is.', basedOnMessageId: seen, confirmStale: true });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    const latest = (await caseDetail(h, opened.caseNumber)).messages.at(-1)!.id;
    const fresh = await post(`/api/v1/cases/${opened.caseNumber}/replies`, { body: 'See you Saturday.', basedOnMessageId: latest });
    expect(fresh.statusCode, fresh.body).toBe(201);
  });
});
