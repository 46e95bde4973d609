import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caseDetail, casesOf, deliver, mailsTo, openCaseByEmail, sinkMailsTo, startInbound, waitIdle, waitProcessed, type InboundHarness,
} from './inbound-harness.js';
import { buildMessage, rawTransaction, storedId } from './mail-client.js';
import { createDkimKey, publishDkimKey, signDkim } from './dns-fixture.js';
import { toDbTime } from '../src/storage/dialect-helpers.js';

/**
 * Automatic mail (RFC 3834) and bounces (RFC 3464) over real SMTP: recorded, never answered,
 * never a new case; a bounce marks the outgoing mail and the customer address as failed.
 */
describe('inbound automatic mail and bounces', () => {
  let h: InboundHarness;
  beforeAll(async () => {
    h = await startInbound();
  });
  afterAll(async () => {
    await h.close();
  });

  const unthreaded: [string, Record<string, string>, string?][] = [
    ['Auto-Submitted: auto-replied', { 'Auto-Submitted': 'auto-replied' }],
    ['Auto-Submitted: auto-generated', { 'Auto-Submitted': 'auto-generated' }],
    ['Precedence: bulk', { Precedence: 'bulk' }],
    ['Precedence: list', { Precedence: 'list' }],
    ['List-Id', { 'List-Id': 'Shop news <news.shop.example>' }],
    ['X-Autoreply', { 'X-Autoreply': 'yes' }],
    ['an Exchange out-of-office', { 'X-Auto-Response-Suppress': 'All' }, 'Automatic reply: Out of office'],
  ];

  it.each(unthreaded)('records unthreaded automatic mail (%s) without a case or an answer', async (_name, headers, subject) => {
    const from = `auto.${Object.keys(headers)[0]!.toLowerCase()}.${Math.random().toString(36).slice(2, 8)}@robot.example`;
    const row = await deliver(h, { from, subject: subject ?? 'Your newsletter', text: 'I am out of the office until Monday.', headers });
    expect(row).toMatchObject({ status: 'ignored', caseId: null, outcome: { kind: 'automatic' } });
    expect(await casesOf(h, from)).toEqual([]);
    expect(await mailsTo(h, from)).toEqual([]);
  });

  it('ignores mail that comes from our own support address (a mail loop)', async () => {
    const row = await deliver(h, { from: 'support@postdesk.test', subject: 'Your case', text: 'We received your message.' });
    expect(row).toMatchObject({ status: 'ignored', caseId: null, outcome: { kind: 'loop' } });
    expect(await mailsTo(h, 'support@postdesk.test')).toEqual([]);
  });

  it('records an out-of-office reply to a case on that case without changing its status or answering', async () => {
    const from = 'kira@kira.example';
    const opened = await openCaseByEmail(h, { from, subject: 'Customs form', text: 'Which customs form do I need?' });
    await h.t.container.database.db.updateTable('cases').set({ status: 'pending_customer' }).where('id', '=', opened.caseId).execute();
    await waitIdle(h);

    const row = await deliver(h, {
      from, to: opened.replyTo, subject: `Automatic reply: [${opened.caseNumber}] Customs form`, text: 'I am on holiday until 3 March.',
      inReplyTo: opened.confirmationMessageId, headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(row).toMatchObject({ status: 'processed', caseId: opened.caseId, outcome: { kind: 'follow-up', via: 'reply-token' } });
    const detail = await caseDetail(h, opened.caseNumber);
    expect(detail.status).toBe('pending_customer');
    expect(detail.messages).toHaveLength(2);
    expect(detail.messages[1]!.text).toContain('on holiday');
    expect(detail.events.find((e) => e.type === 'message.received')).toMatchObject({ data: { automatic: true } });
    expect(detail.events.map((e) => e.type)).not.toContain('case.status_changed');
    await waitIdle(h);
    expect((await mailsTo(h, from)).map((m) => m.kind)).toEqual(['confirmation']);
    expect(sinkMailsTo(h, from)).toHaveLength(1);
  });

  function deliveryStatusNotification(input: { failedRecipient: string; status: string; action: string; originalMessageId: string; originalSubject: string }): string {
    const boundary = 'dsn-boundary-42';
    return [
      'From: Mail Delivery System <MAILER-DAEMON@mx.bounce.example>',
      'To: <support@postdesk.test>',
      'Subject: Undelivered Mail Returned to Sender',
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <dsn.${Math.random().toString(36).slice(2)}@mx.bounce.example>`,
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      '',
      'This is a MIME-encapsulated message.',
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'I\'m sorry to have to inform you that your message could not be delivered.',
      `<${input.failedRecipient}>: host mx.bounce.example said: 550 5.1.1 User unknown`,
      '',
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.bounce.example',
      'Arrival-Date: Mon, 2 Mar 2026 10:00:00 +0000',
      '',
      `Final-Recipient: rfc822; ${input.failedRecipient}`,
      `Original-Recipient: rfc822; ${input.failedRecipient}`,
      `Action: ${input.action}`,
      `Status: ${input.status}`,
      `Diagnostic-Code: smtp; 550 ${input.status} User unknown`,
      '',
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      'From: "Customer Support" <support@postdesk.test>',
      `To: ${input.failedRecipient}`,
      `Subject: ${input.originalSubject}`,
      `Message-ID: ${input.originalMessageId}`,
      'Auto-Submitted: auto-replied',
      '',
      `--${boundary}--`,
      '',
    ].join('\r\n');
  }

  async function customerBouncedAt(email: string) {
    return (await h.t.container.database.db.selectFrom('customers').select('email_bounced_at').where('email', '=', email).executeTakeFirstOrThrow()).email_bounced_at;
  }

  it('marks the outgoing mail and the customer address as failed on a permanent DSN, and answers nothing', async () => {
    const customer = 'lena@bounce.example';
    const opened = await openCaseByEmail(h, { from: customer, subject: 'Stamps', text: 'Do you sell stamps online?' });
    await waitIdle(h);
    const confirmation = (await mailsTo(h, customer))[0]!;
    expect(confirmation).toMatchObject({ kind: 'confirmation', status: 'sent' });
    expect(await customerBouncedAt(customer)).toBeNull();
    const sinkBefore = h.sink.messages.length;

    const dsn = deliveryStatusNotification({
      failedRecipient: customer, status: '5.1.1', action: 'failed', originalMessageId: opened.confirmationMessageId, originalSubject: opened.confirmation.headers.get('subject') ?? '',
    });
    // Bounces come with the null reverse-path (RFC 5321 §4.5.5).
    const sent = await rawTransaction(h.port, { from: '', to: ['support@postdesk.test'], message: dsn });
    expect(sent.mail.code).toBe(250);
    expect(sent.end?.code).toBe(250);
    const row = await waitProcessed(h, storedId(sent.end));
    expect(row).toMatchObject({ status: 'processed', caseId: opened.caseId, mailFrom: '', outcome: { kind: 'bounce', permanent: true, failedRecipients: [customer] } });

    const mail = (await mailsTo(h, customer)).find((m) => m.id === confirmation.id)!;
    expect(mail).toMatchObject({ status: 'failed', error: 'bounced' });
    const stored = await h.t.container.database.db.selectFrom('outbound_mail').select('bounced_at').where('id', '=', confirmation.id).executeTakeFirstOrThrow();
    expect(stored.bounced_at).not.toBeNull();
    expect(await customerBouncedAt(customer)).not.toBeNull();

    const detail = await caseDetail(h, opened.caseNumber);
    expect(detail.events.find((e) => e.type === 'mail.bounced')).toMatchObject({ data: { to: customer, permanent: true } });
    expect(detail.messages).toHaveLength(1);
    expect(await casesOf(h, 'mailer-daemon@mx.bounce.example')).toEqual([]);
    expect(await casesOf(h, customer)).toHaveLength(1);
    await waitIdle(h);
    expect(await mailsTo(h, 'mailer-daemon@mx.bounce.example')).toEqual([]);
    expect((await mailsTo(h, customer)).map((m) => m.kind)).toEqual(['confirmation']);
    expect(h.sink.messages.length).toBe(sinkBefore);
  });

  it('ignores a DSN that quotes a Message-ID we did not sign', async () => {
    const customer = 'mona@bounce.example';
    const opened = await openCaseByEmail(h, { from: customer, subject: 'Stamps', text: 'Do you sell stamps online?' });
    await waitIdle(h);
    const forged = opened.confirmationMessageId.replace(/\.[a-z2-7]{16}@/, '.aaaaaaaaaaaaaaaa@');
    const dsn = deliveryStatusNotification({ failedRecipient: customer, status: '5.1.1', action: 'failed', originalMessageId: forged, originalSubject: 'x' });
    const sent = await rawTransaction(h.port, { from: '', to: ['support@postdesk.test'], message: dsn });
    const row = await waitProcessed(h, storedId(sent.end));
    expect(row).toMatchObject({ caseId: null, outcome: { kind: 'bounce', outboundMails: [] } });
    expect((await mailsTo(h, customer))[0]).toMatchObject({ kind: 'confirmation', status: 'sent' });
    expect((await caseDetail(h, opened.caseNumber)).events.map((e) => e.type)).not.toContain('mail.bounced');
  });

  // BUG (src/modules/email-in/steps.ts, handleBounce): every `Final-Recipient` of a permanent DSN
  // is marked bounced, whether or not the DSN quotes a mail we sent to that address. A DSN is
  // unauthenticated (null sender), so anybody can mark any customer's address as bouncing.
  it('does not let a forged DSN mark an unrelated customer address as bouncing', async () => {
    const victim = 'nora@victim.example';
    await openCaseByEmail(h, { from: victim, subject: 'Parcel', text: 'Where is my parcel?' });
    const dsn = deliveryStatusNotification({ failedRecipient: victim, status: '5.1.1', action: 'failed', originalMessageId: '<random.1@elsewhere.example>', originalSubject: 'x' });
    const sent = await rawTransaction(h.port, { from: '', to: ['support@postdesk.test'], message: dsn });
    const row = await waitProcessed(h, storedId(sent.end));
    expect(row.outcome).toMatchObject({ kind: 'bounce', outboundMails: [] });
    expect(await customerBouncedAt(victim)).toBeNull();
  });

  it('lifts an address\'s bounce mark when its customer writes from it again, proven by DKIM; unproven mail does not', async () => {
    const customer = 'otto@otto.example';
    const key = createDkimKey('otto.example');
    publishDkimKey(h.dns, key);
    const opened = await openCaseByEmail(h, { from: customer, subject: 'Parcel', text: 'Where is my parcel?' });
    await h.t.container.database.db.updateTable('customers').set({ email_bounced_at: toDbTime(new Date()) }).where('email', '=', customer).execute();

    // Anybody can put otto's address in From: that proves nothing about his mailbox.
    const unproven = await deliver(h, { from: customer, to: opened.replyTo, subject: 'Re: Parcel', text: 'Any news?', inReplyTo: opened.confirmationMessageId });
    expect(unproven).toMatchObject({ status: 'processed', caseId: opened.caseId });
    expect(await customerBouncedAt(customer)).not.toBeNull();

    const signed = await signDkim(buildMessage({ from: customer, to: opened.replyTo, subject: 'Re: Parcel', text: 'My mailbox works again.', inReplyTo: opened.confirmationMessageId }), key);
    const proven = await deliver(h, { from: customer, rcptTo: opened.replyTo }, signed);
    expect(proven).toMatchObject({ status: 'processed', caseId: opened.caseId });
    expect(await customerBouncedAt(customer)).toBeNull();
  });

  it('never answers a bounce-like message from MAILER-DAEMON, even without a DSN body', async () => {
    const raw = buildMessage({ from: 'MAILER-DAEMON@mx.other.example', subject: 'Delivery failure', text: 'Your message could not be delivered.' });
    const sent = await rawTransaction(h.port, { from: '', to: ['support@postdesk.test'], message: raw });
    const row = await waitProcessed(h, storedId(sent.end));
    expect(row).toMatchObject({ caseId: null, outcome: { kind: 'bounce' } });
    await waitIdle(h);
    expect(await mailsTo(h, 'mailer-daemon@mx.other.example')).toEqual([]);
    expect(await casesOf(h, 'mailer-daemon@mx.other.example')).toEqual([]);
  });
});
