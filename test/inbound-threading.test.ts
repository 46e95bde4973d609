import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDbTime } from '../src/storage/dialect-helpers.js';
import { addressOf, CASE_NUMBER } from './factories.js';
import { createDkimKey, publishDkimKey, signDkim } from './dns-fixture.js';
import {
  caseDetail, caseNumberOf, casesOf, deliver, mailsTo, openCaseByEmail, sinkMailsTo, startInbound, storedMessage, waitIdle,
  type InboundHarness,
} from './inbound-harness.js';
import { buildMessage, newMessageId } from './mail-client.js';
import { waitFor } from './test-app.js';

const DAY = 86_400_000;

/**
 * Threading over real SMTP (ARCHITECTURE.md "Threading"): reply-token address, our Message-ID in
 * In-Reply-To/References, a case number only from the authenticated customer; unproven claims
 * become new linked cases that tell the claimed case's customer nothing.
 */
describe('inbound email threading', () => {
  let h: InboundHarness;
  beforeAll(async () => {
    h = await startInbound();
  });
  afterAll(async () => {
    await h.close();
  });

  async function setStatus(caseId: string, status: string, resolvedAt: Date | null = null) {
    await h.t.container.database.db.updateTable('cases').set({ status, resolved_at: resolvedAt ? toDbTime(resolvedAt) : null }).where('id', '=', caseId).execute();
  }

  it('opens a case for a new email to support@ and sends exactly one threaded confirmation', async () => {
    const from = 'alice@alice.example';
    const opened = await openCaseByEmail(h, {
      from, fromName: 'Alice Martin', subject: 'Post office hours',
      text: 'Hello,\nwhen does the post office on Main Street open on Saturdays?\nThanks, Alice',
    });
    expect(opened.caseNumber).toMatch(CASE_NUMBER);

    const detail = await caseDetail(h, opened.caseNumber);
    expect(detail).toMatchObject({ channel: 'email', topic: 'general-question', status: 'new', customer: { email: from, name: 'Alice Martin' }, subject: 'Post office hours' });
    expect(detail.messages).toHaveLength(1);
    expect(detail.messages[0]).toMatchObject({ direction: 'inbound', channel: 'email', author: { type: 'customer' } });
    expect(detail.messages[0]!.text).toContain('open on Saturdays?');

    // The confirmation threads under the customer's message and routes replies to the case.
    const headers = opened.confirmation.headers;
    expect(opened.confirmation.from).toBe('support@postdesk.test');
    expect(headers.get('in-reply-to')).toBe(opened.customerMessageId);
    expect(headers.get('references')).toContain(opened.customerMessageId);
    expect(headers.get('auto-submitted')).toBe('auto-replied');
    expect(opened.replyTo).toMatch(/^support\+[a-z0-9.]+@postdesk\.test$/);
    expect(h.t.container.mailIdentity.parseReplyAddress(opened.replyTo)).toEqual({ caseId: opened.caseId });
    expect(h.t.container.mailIdentity.parseMessageId(opened.confirmationMessageId)).toEqual({ caseId: opened.caseId });

    await waitIdle(h);
    expect(sinkMailsTo(h, from)).toHaveLength(1);
    expect((await mailsTo(h, from)).map((m) => m.kind)).toEqual(['confirmation']);
  });

  it('adds a reply to the reply-token address to the same case, with at most one acknowledgement a day', async () => {
    const from = 'bruno@bruno.example';
    const opened = await openCaseByEmail(h, { from, subject: 'Damaged parcel', text: 'My parcel arrived crushed.' });

    const replyId = newMessageId(from);
    const first = await deliver(h, {
      from, to: opened.replyTo, subject: `Re: [${opened.caseNumber}] Damaged parcel`, messageId: replyId,
      text: 'Here are more details: it was a blue box.\n\nOn Mon, 2 Mar 2026 at 10:00, Customer Support <support@postdesk.test> wrote:\n> We received your message.\n> Your case number is in the subject.\n',
    });
    expect(first).toMatchObject({ status: 'processed', caseId: opened.caseId, outcome: { kind: 'follow-up', via: 'reply-token' } });

    let detail = await caseDetail(h, opened.caseNumber);
    expect(detail.messages).toHaveLength(2);
    expect(detail.messages[1]!.text).toContain('it was a blue box');
    // The visible reply is kept apart from the quoted history.
    expect(detail.messages[1]!.text).not.toContain('We received your message');
    expect(detail.events.filter((e) => e.type === 'message.received')).toHaveLength(1);
    expect(await casesOf(h, from)).toHaveLength(1);

    const ack = await waitFor(() => sinkMailsTo(h, from).find((m) => m.headers.get('message-id') !== opened.confirmationMessageId));
    expect(ack.headers.get('in-reply-to')).toBe(replyId);
    expect(ack.headers.get('subject')).toContain(opened.caseNumber);

    // A second follow-up the same day: recorded, not acknowledged again.
    const second = await deliver(h, { from, to: opened.replyTo, subject: 'Re: Damaged parcel', text: 'And a photo will follow.' });
    expect(second).toMatchObject({ status: 'processed', caseId: opened.caseId, outcome: { kind: 'follow-up', via: 'reply-token' } });
    detail = await caseDetail(h, opened.caseNumber);
    expect(detail.messages.map((m) => m.text)).toEqual([expect.stringContaining('crushed'), expect.stringContaining('blue box'), expect.stringContaining('photo will follow')]);
    await waitIdle(h);
    expect((await mailsTo(h, from)).map((m) => m.kind).sort()).toEqual(['acknowledgement', 'confirmation']);
    expect(sinkMailsTo(h, from)).toHaveLength(2);
  });

  it('threads a reply to support@ that names the confirmation in In-Reply-To/References', async () => {
    const from = 'chiara@chiara.example';
    const opened = await openCaseByEmail(h, { from, subject: 'Change of address', text: 'I am moving next month.' });
    const row = await deliver(h, {
      from, to: 'support@postdesk.test', subject: 'Re: your message', text: 'The new address is 12 Oak Street.',
      inReplyTo: opened.confirmationMessageId, references: `${opened.customerMessageId} ${opened.confirmationMessageId}`,
    });
    expect(row).toMatchObject({ status: 'processed', caseId: opened.caseId, outcome: { kind: 'follow-up', via: 'message-id' } });
    expect(await casesOf(h, from)).toHaveLength(1);
    expect((await caseDetail(h, opened.caseNumber)).messages.at(-1)!.text).toContain('12 Oak Street');
  });

  it('accepts a case number in the subject from the DKIM-authenticated customer, and links an unauthenticated claim as a new case', async () => {
    const from = 'carol@carol.example';
    const key = createDkimKey('carol.example');
    publishDkimKey(h.dns, key);
    const opened = await openCaseByEmail(h, { from, subject: 'Missing letter', text: 'A letter from my bank never arrived.' });

    // Signed by carol.example: the From domain is proven, so the case number is accepted.
    const signed = await signDkim(buildMessage({ from, subject: `Re: [${opened.caseNumber}] Missing letter`, text: 'Any news about my letter?' }), key);
    const joined = await deliver(h, { from }, signed);
    expect(joined).toMatchObject({ status: 'processed', caseId: opened.caseId, outcome: { kind: 'follow-up', via: 'case-number' } });
    const signedMessage = await storedMessage(h, joined.id);
    expect(signedMessage.auth).toMatchObject({ authenticated: true, dkim: [{ domain: 'carol.example', result: 'pass' }] });
    await waitIdle(h);
    const mailsBefore = await mailsTo(h, from);

    // The same claim without a signature: anybody can write carol's address in From.
    const claim = await deliver(h, { from, subject: `Re: [${opened.caseNumber}] Missing letter`, text: 'Please send the letter to a new address.' });
    expect(claim.status).toBe('processed');
    expect(claim.caseId).not.toBe(opened.caseId);
    expect(claim.outcome).toMatchObject({ kind: 'new-case', linkedTo: opened.caseNumber, reason: 'unproven-claim' });
    const claimNumber = await caseNumberOf(h, claim.caseId!);
    const claimDetail = await caseDetail(h, claimNumber);
    expect(claimDetail.linkedCases).toEqual([{ caseNumber: opened.caseNumber, kind: 'unproven-claim' }]);
    expect(claimDetail.events.map((e) => e.type)).toContain('confirmation.suppressed');
    expect((await storedMessage(h, claim.id)).flags).toMatchObject({ unprovenClaim: opened.caseNumber });
    expect((await storedMessage(h, claim.id)).auth).toMatchObject({ authenticated: false });

    const original = await caseDetail(h, opened.caseNumber);
    expect(original.messages).toHaveLength(2);
    expect(original.linkedCases).toEqual([{ caseNumber: claimNumber, kind: 'unproven-claim' }]);
    // The claimed case's customer is told nothing about mail they may never have written.
    await waitIdle(h);
    expect((await mailsTo(h, from)).map((m) => m.id)).toEqual(mailsBefore.map((m) => m.id));
    expect(sinkMailsTo(h, from).some((m) => (m.headers.get('subject') ?? '').includes(claimNumber))).toBe(false);
  });

  it('turns a stranger quoting a case number into a new linked case: the stranger is confirmed, the customer hears nothing', async () => {
    const customer = 'dana@dana.example';
    const opened = await openCaseByEmail(h, { from: customer, subject: 'Refund', text: 'I want a refund for my lost parcel.' });
    await waitIdle(h);
    const customerMailsBefore = await mailsTo(h, customer);

    const stranger = 'eve@stranger.example';
    const claim = await deliver(h, { from: stranger, subject: `About case ${opened.caseNumber}`, text: `Please send the refund of ${opened.caseNumber} to me instead.` });
    expect(claim.status).toBe('processed');
    expect(claim.caseId).not.toBe(opened.caseId);
    expect(claim.outcome).toMatchObject({ kind: 'new-case', linkedTo: opened.caseNumber, reason: 'unproven-claim' });
    const strangerNumber = await caseNumberOf(h, claim.caseId!);
    const detail = await caseDetail(h, strangerNumber);
    expect(detail.customer.email).toBe(stranger);
    expect(detail.linkedCases).toEqual([{ caseNumber: opened.caseNumber, kind: 'unproven-claim' }]);
    expect((await storedMessage(h, claim.id)).flags).toMatchObject({ unprovenClaim: opened.caseNumber });

    // The stranger gets the normal confirmation of their own case.
    const confirmation = await waitFor(() => sinkMailsTo(h, stranger)[0]);
    expect(confirmation.headers.get('subject')).toContain(`[${strangerNumber}]`);
    expect(h.t.container.mailIdentity.parseReplyAddress(addressOf(confirmation.headers.get('reply-to') ?? ''))).toEqual({ caseId: claim.caseId });

    const original = await caseDetail(h, opened.caseNumber);
    expect(original.messages).toHaveLength(1);
    await waitIdle(h);
    expect((await mailsTo(h, customer)).map((m) => m.id)).toEqual(customerMailsBefore.map((m) => m.id));
    expect(sinkMailsTo(h, customer)).toHaveLength(1);
  });

  it('does not accept a valid DKIM signature of another domain as proof for the From address', async () => {
    const customer = 'felix@felix.example';
    const opened = await openCaseByEmail(h, { from: customer, subject: 'Hold mail', text: 'Please hold my mail for two weeks.' });
    const attacker = createDkimKey('attacker.example');
    publishDkimKey(h.dns, attacker);
    const raw = await signDkim(buildMessage({ from: customer, subject: `Re: [${opened.caseNumber}]`, text: 'Cancel the hold and forward everything.' }), attacker);
    const claim = await deliver(h, { from: 'relay@attacker.example' }, raw);
    expect(claim.caseId).not.toBe(opened.caseId);
    expect(claim.outcome).toMatchObject({ kind: 'new-case', linkedTo: opened.caseNumber, reason: 'unproven-claim' });
    expect((await storedMessage(h, claim.id)).auth).toMatchObject({ authenticated: false, dkim: [{ domain: 'attacker.example', result: 'pass' }] });
  });

  it('opens a new, unlinked case for a forged Message-ID or reply token (right shape, wrong HMAC)', async () => {
    const customer = 'gwen@gwen.example';
    const opened = await openCaseByEmail(h, { from: customer, subject: 'Passport', text: 'Where is my passport?' });
    await waitIdle(h);
    const before = await mailsTo(h, customer);
    const forge = (value: string) => value.replace(/\.[a-z2-7]{16}@/, '.aaaaaaaaaaaaaaaa@');
    const forgedMessageId = forge(opened.confirmationMessageId);
    const forgedToken = forge(opened.replyTo);
    expect(forgedMessageId).not.toBe(opened.confirmationMessageId);
    expect(forgedToken).not.toBe(opened.replyTo);

    const byMessageId = await deliver(h, { from: customer, subject: 'Re: your message', text: 'Send it elsewhere.', inReplyTo: forgedMessageId, references: forgedMessageId });
    expect(byMessageId).toMatchObject({ status: 'processed', outcome: { kind: 'new-case' } });
    expect(byMessageId.caseId).not.toBe(opened.caseId);
    expect(byMessageId.outcome).not.toHaveProperty('linkedTo');

    const byToken = await deliver(h, { from: 'mallory@stranger.example', to: forgedToken, subject: 'Re: your message', text: 'Send it to me.' });
    expect(byToken).toMatchObject({ status: 'processed', outcome: { kind: 'new-case' } });
    expect(byToken.caseId).not.toBe(opened.caseId);
    expect((await caseDetail(h, await caseNumberOf(h, byToken.caseId!))).linkedCases).toEqual([]);

    expect((await caseDetail(h, opened.caseNumber)).messages).toHaveLength(1);
    await waitIdle(h);
    // Gwen's own (forged-reference) mail is a new case of hers, so she is confirmed for it; nothing about the stranger's.
    const after = await mailsTo(h, customer);
    expect(after.filter((m) => !before.some((b) => b.id === m.id)).map((m) => m.subject)).toEqual([expect.stringContaining(await caseNumberOf(h, byMessageId.caseId!))]);
  });

  it('reopens a case resolved less than 14 days ago when the customer replies', async () => {
    const from = 'hugo@hugo.example';
    const opened = await openCaseByEmail(h, { from, subject: 'Wrong delivery', text: 'My parcel went to my neighbour.' });
    await setStatus(opened.caseId, 'resolved', new Date(Date.now() - 3 * DAY));
    const row = await deliver(h, { from, to: opened.replyTo, subject: 'Re: Wrong delivery', text: 'It happened again today.' });
    expect(row).toMatchObject({ status: 'processed', caseId: opened.caseId, outcome: { kind: 'follow-up', via: 'reply-token' } });
    const detail = await caseDetail(h, opened.caseNumber);
    expect(detail.status).toBe('open');
    expect(detail.events.find((e) => e.type === 'case.reopened')).toMatchObject({ data: { from: 'resolved', to: 'open' } });
    expect(await casesOf(h, from)).toHaveLength(1);
    const resolvedAt = await h.t.container.database.db.selectFrom('cases').select('resolved_at').where('id', '=', opened.caseId).executeTakeFirstOrThrow();
    expect(resolvedAt.resolved_at).toBeNull();
  });

  it('opens a new linked case for a reply to a case resolved more than 14 days ago, or closed', async () => {
    const from = 'ines@ines.example';
    const old = await openCaseByEmail(h, { from, subject: 'Old matter', text: 'A question from long ago.' });
    await setStatus(old.caseId, 'resolved', new Date(Date.now() - 20 * DAY));
    const late = await deliver(h, { from, to: old.replyTo, subject: 'Re: Old matter', text: 'The same problem is back.' });
    expect(late.status).toBe('processed');
    expect(late.caseId).not.toBe(old.caseId);
    expect(late.outcome).toMatchObject({ kind: 'new-case', linkedTo: old.caseNumber, reason: 'follow-up-of-closed' });
    const lateNumber = await caseNumberOf(h, late.caseId!);
    expect((await caseDetail(h, lateNumber)).linkedCases).toEqual([{ caseNumber: old.caseNumber, kind: 'follow-up-of-closed' }]);
    expect((await caseDetail(h, old.caseNumber)).status).toBe('resolved');
    // A genuine follow-up of the customer's own case: a normal confirmation for the new case.
    await waitFor(() => sinkMailsTo(h, from).find((m) => (m.headers.get('subject') ?? '').includes(`[${lateNumber}]`)));

    const closed = await openCaseByEmail(h, { from: 'jonas@jonas.example', subject: 'Closed matter', text: 'First question.' });
    await setStatus(closed.caseId, 'closed', new Date(Date.now() - DAY));
    const reply = await deliver(h, { from: 'jonas@jonas.example', subject: 'Re: Closed matter', text: 'One more question.', inReplyTo: closed.confirmationMessageId });
    expect(reply.caseId).not.toBe(closed.caseId);
    expect(reply.outcome).toMatchObject({ kind: 'new-case', linkedTo: closed.caseNumber, reason: 'follow-up-of-closed' });
    expect((await caseDetail(h, closed.caseNumber)).status).toBe('closed');
    expect((await caseDetail(h, await caseNumberOf(h, reply.caseId!))).linkedCases).toEqual([{ caseNumber: closed.caseNumber, kind: 'follow-up-of-closed' }]);
  });
});
