import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseByEmail, sinkMailsTo, startInbound, type InboundHarness } from '../inbound-harness.js';
import { TEST_ADMIN, waitFor } from '../test-app.js';
import { decodeHeader, submitCase, validForm } from '../factories.js';
import { browserUnavailable, expectAccessible, launchChromium, signInThroughForm } from './browser.js';

const unavailable = browserUnavailable();

describe.skipIf(unavailable !== null)('agent console in Chromium', () => {
  let h: InboundHarness;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    h = await startInbound();
    await h.t.app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(h.t.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    return context.newPage();
  }

  it('signs in, opens an emailed case from a queue, replies (threaded), re-routes, notes, merges, signs out', async () => {
    const customer = 'lucia.e2e@customer.example';
    const opened = await openCaseByEmail(h, { from: customer, fromName: 'Lucía Pérez', subject: 'Package never arrived', text: 'My package 9400 1000 0000 0000 0000 00 never arrived. Please help.' });
    const page = await newPage();

    await page.goto(`${baseUrl}/agent/`);
    await page.getByRole('heading', { name: 'Postdesk' }).waitFor();
    await expectAccessible(page, 'sign-in');
    await page.getByLabel('Email address').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/email address or password|incorrect/i);
    await signInThroughForm(page, baseUrl, TEST_ADMIN);

    // The default queue lists unassigned cases, soonest due first.
    await page.getByRole('heading', { name: 'Unassigned', level: 1 }).waitFor();
    await page.getByRole('link', { name: opened.caseNumber }).waitFor();
    await expectAccessible(page, 'queue');
    // Keyboard: j selects the first row's link, Enter opens it.
    await page.locator('main').focus();
    const firstCase = await page.locator('table.cases a[data-case]').first().getAttribute('data-case');
    await page.keyboard.press('j');
    await expect.poll(() => page.locator(':focus').getAttribute('data-case')).toBe(firstCase);
    await page.getByRole('link', { name: opened.caseNumber }).click();

    await page.getByRole('heading', { name: 'Package never arrived', level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('list', { name: 'Thread' }).textContent()).toContain('never arrived. Please help.');
    await expect.poll(() => page.locator('.case-side').textContent()).toContain('940010000000000000000'.slice(0, 10));
    await expectAccessible(page, 'case view');

    await page.getByLabel(`Reply to ${customer}`).fill('Hello Lucía,\nwe have opened a search for your package.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('Reply queued for sending.').waitFor();
    const reply = await waitFor(() => sinkMailsTo(h, customer).find((m) => decodeHeader(m.headers.get('subject') ?? '').startsWith('Re:')), 10_000);
    expect(decodeHeader(reply.headers.get('subject') ?? '')).toContain(`[${opened.caseNumber}]`);
    expect(reply.headers.get('in-reply-to')).toBe(opened.customerMessageId);
    expect(reply.headers.get('references')).toContain(opened.customerMessageId);
    expect(reply.headers.get('reply-to')).toMatch(/^support\+[a-z0-9.]+@postdesk\.test$/);
    expect(reply.raw).toContain('opened a search for your package');
    await expect.poll(() => page.locator('.facts').textContent()).toContain('Pending customer');

    await page.getByLabel('Topic', { exact: true }).selectOption('refund-claim');
    await page.getByLabel('Department', { exact: true }).selectOption('claims-refunds');
    await page.getByLabel('Reason', { exact: true }).fill('Customer wants compensation');
    await page.getByRole('button', { name: 'Re-route' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Thread' }).textContent()).toContain('Customer wants compensation');

    await page.getByLabel('Internal note').check();
    await page.getByLabel('Note for agents (never emailed)').fill('Called the depot; they will check the cage.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Thread' }).textContent()).toContain('they will check the cage');
    // A note is never emailed.
    expect(sinkMailsTo(h, customer).some((m) => m.raw.includes('check the cage'))).toBe(false);

    // The customer writes again in a new thread; the agent merges that case into this one.
    const second = await openCaseByEmail(h, { from: customer, fromName: 'Lucía Pérez', subject: 'Any news?', text: 'Is there any news about my package?' });
    await page.goto(`${baseUrl}/agent/cases/${second.caseNumber}`);
    await page.getByRole('heading', { name: 'Any news?', level: 1 }).waitFor();
    // The customer card lists the customer's other case.
    await page.locator('.case-side').getByRole('link', { name: opened.caseNumber }).waitFor();
    await page.getByLabel('Case number to keep').fill(opened.caseNumber);
    await page.getByLabel('Reason for merging').fill('Same package');
    await page.getByRole('button', { name: 'Merge' }).click();
    await page.getByRole('heading', { name: 'Package never arrived', level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('list', { name: 'Thread' }).textContent()).toContain('Is there any news about my package?');
    const merged = await h.t.app.inject({ url: `/api/v1/cases/${second.caseNumber}`, headers: h.admin });
    expect(merged.json().case.status).toBe('merged');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    const me = await page.request.get(`${baseUrl}/api/v1/auth/me`);
    expect(me.status()).toBe(401);
  }, 90_000);

  it('updates queue counts live, shows who else is on a case, and warns before sending a stale reply', async () => {
    const bo = { email: 'bo.e2e@postdesk.test', password: 'another long password 7' };
    await h.t.container.services.auth.createAgent({ ...bo, name: 'Bo Agent', role: 'agent' });
    const ana = await newPage();
    await signInThroughForm(ana, baseUrl, TEST_ADMIN);
    const unassigned = ana.getByRole('navigation', { name: 'Queues' }).getByRole('link', { name: /^Unassigned/ });
    await ana.getByText('Live', { exact: true }).waitFor();
    const before = Number(await unassigned.locator('.count').textContent());

    const customer = 'marek.e2e@customer.example';
    const opened = await openCaseByEmail(h, { from: customer, fromName: 'Marek Nowak', subject: 'Wrong address on label', text: 'The label shows my old address.' });
    // No reload: the count follows the live channel.
    await expect.poll(() => unassigned.locator('.count').textContent(), { timeout: 10_000 }).toBe(String(before + 1));
    await ana.getByRole('link', { name: opened.caseNumber }).click();
    await ana.getByRole('heading', { name: 'Wrong address on label' }).waitFor();

    const boPage = await newPage();
    await signInThroughForm(boPage, baseUrl, bo);
    await boPage.goto(`${baseUrl}/agent/cases/${opened.caseNumber}`);
    await boPage.getByRole('heading', { name: 'Wrong address on label' }).waitFor();
    await expect.poll(() => ana.locator('.presence').textContent(), { timeout: 10_000 }).toContain('Bo Agent is viewing this case');
    await boPage.getByLabel(`Reply to ${customer}`).fill('Hello Marek, we corrected the label.');
    await expect.poll(() => ana.locator('.presence').textContent(), { timeout: 10_000 }).toContain('Bo Agent is typing a reply');

    await ana.getByLabel(`Reply to ${customer}`).fill('Hello Marek, please send us your new address.');
    await boPage.getByRole('button', { name: 'Send reply' }).click();
    await boPage.getByText('Reply queued for sending.').waitFor();
    await ana.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => ana.getByRole('alert').textContent()).toContain('new message has been added');
    await expectAccessible(ana, 'case view with a stale-draft warning');
    await ana.getByRole('button', { name: 'Send anyway' }).click();
    await ana.getByText('Reply queued for sending.').waitFor();
    await waitFor(() => sinkMailsTo(h, customer).filter((m) => decodeHeader(m.headers.get('subject') ?? '').startsWith('Re:')).length === 2, 10_000);
  }, 90_000);

  it('gives admins accessible administration pages', async () => {
    const page = await newPage();
    await signInThroughForm(page, baseUrl, TEST_ADMIN);
    const admin = page.getByRole('navigation', { name: 'Queues' });
    for (const [link, heading] of [['Topics', 'Topics'], ['Help hub and calendar', 'Help hub and calendar'], ['Routing rules', 'Routing rules'], ['Mailboxes', 'IMAP mailboxes'], ['Inbound mail', 'Inbound mail'], ['Mail preview', 'Mail preview'], ['Jobs', 'Jobs']] as const) {
      await admin.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await expectAccessible(page, heading);
    }
    // Settings saved through the forms reach the server.
    await admin.getByRole('link', { name: 'Help hub and calendar', exact: true }).click();
    await page.getByLabel('Label 1').fill('Customer service');
    await page.getByLabel('Number 1').fill('+1 800 275 8777');
    await page.getByLabel('Monday opens').fill('08:00');
    await page.getByLabel('Monday closes').fill('20:30');
    await page.getByRole('button', { name: 'Save contact settings' }).click();
    await page.getByText('Saved.').first().waitFor();
    const contact = (await h.t.app.inject({ url: '/api/v1/admin/settings/contact', headers: h.admin })).json();
    expect(contact).toMatchObject({ phones: [{ label: 'Customer service', number: '+1 800 275 8777' }], openingHours: { mon: [{ open: '08:00', close: '20:30' }] } });
    // A rule added through the form reaches the server and is listed.
    await admin.getByRole('link', { name: 'Routing rules', exact: true }).click();
    await page.getByLabel('Name').fill('Express to Delivery');
    await page.getByLabel('Text contains any of (comma-separated)').fill('priority mail express');
    await page.getByLabel('Route to department').selectOption('delivery-services');
    await page.getByLabel('Set priority').selectOption('urgent');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByText('Rule added.').waitFor();
    await expect.poll(() => page.locator('table.cases').textContent()).toContain('Express to Delivery');
    // Mail preview shows what was sent, headers included.
    const submitted = await submitCase(h.t.app, validForm('tracking', { email: 'preview.e2e@customer.example' }));
    await waitFor(() => sinkMailsTo(h, 'preview.e2e@customer.example')[0], 10_000);
    await admin.getByRole('link', { name: 'Mail preview', exact: true }).click();
    await page.getByRole('button', { name: new RegExp(submitted.caseNumber) }).waitFor();
    await page.locator('table.cases button').first().click();
    await expect.poll(() => page.locator('.mail .headers').textContent()).toContain('Message-ID');
  }, 90_000);

  it('logs a call, schedules a follow-up into My tasks, inserts a canned response, assigns, and invites an agent who then signs in', async () => {
    const created = await h.t.app.inject({
      method: 'POST', url: '/api/v1/admin/canned-responses', headers: h.admin,
      payload: { title: 'Search opened', body: 'Dear {{customer.name}}, we opened a search for case {{case.number}}.', language: 'en' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const customer = 'ines.e2e@customer.example';
    const opened = await openCaseByEmail(h, { from: customer, fromName: 'Inés Ruiz', subject: 'Parcel damaged', text: 'The box arrived crushed.' });
    const page = await newPage();
    await signInThroughForm(page, baseUrl, TEST_ADMIN);
    await page.goto(`${baseUrl}/agent/cases/${opened.caseNumber}`);
    await page.getByRole('heading', { name: 'Parcel damaged', level: 1 }).waitFor();

    await page.getByLabel('Insert a canned response').selectOption({ label: 'Search opened' });
    await expect.poll(() => page.getByLabel(`Reply to ${customer}`).inputValue()).toBe(`Dear Inés Ruiz, we opened a search for case ${opened.caseNumber}.`);

    await page.getByLabel('Who called').selectOption('inbound');
    await page.getByLabel('Summary').fill('Customer called about the crushed box; photos promised.');
    await page.getByRole('button', { name: 'Log call' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Thread' }).textContent()).toContain('photos promised');

    await page.getByLabel('Note', { exact: true }).fill('Call back about the photos');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.getByText('Follow-up scheduled.').waitFor();
    await page.getByRole('link', { name: /^My tasks/ }).click();
    await page.getByRole('heading', { name: 'My tasks', level: 1 }).waitFor();
    await expect.poll(() => page.locator('table.cases').textContent()).toContain('Call back about the photos');
    await expectAccessible(page, 'my tasks');

    await page.goto(`${baseUrl}/agent/cases/${opened.caseNumber}`);
    const adminId = (await h.t.app.inject({ url: '/api/v1/auth/me', headers: h.admin })).json().agent.id as string;
    await page.getByLabel('Assignee').selectOption(adminId);
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByText('Assigned.').waitFor();

    for (const [link, heading] of [['Agents', 'Agents'], ['Departments', 'Departments'], ['Canned responses', 'Canned responses']] as const) {
      await page.getByRole('navigation', { name: 'Queues' }).getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await expectAccessible(page, heading);
    }
    await page.getByRole('navigation', { name: 'Queues' }).getByRole('link', { name: 'Agents', exact: true }).click();
    await page.getByLabel('Email address').fill('newbie.e2e@postdesk.test');
    await page.getByLabel('Name', { exact: true }).fill('Nina Newbie');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invitation emailed to newbie.e2e@postdesk.test.').waitFor();
    const invitation = await waitFor(() => sinkMailsTo(h, 'newbie.e2e@postdesk.test')[0], 10_000);
    const link = /https?:\/\/\S+\/agent\/accept-invite#token=[^\s"<>]+/.exec(invitation.raw.replace(/=\r?\n/g, ''))?.[0];
    expect(link, invitation.raw).toBeTruthy();

    const newcomer = await newPage();
    await newcomer.goto(`${baseUrl}${new URL(link!.replace(/=3D/g, '=')).pathname}${new URL(link!.replace(/=3D/g, '=')).hash}`);
    await newcomer.getByRole('heading', { name: 'Join Postdesk' }).waitFor();
    await expectAccessible(newcomer, 'accept invitation');
    await newcomer.getByLabel('New password').fill('welcome aboard 2026');
    await newcomer.getByLabel('Type it again').fill('welcome aboard 2026');
    await newcomer.getByRole('button', { name: 'Create my account' }).click();
    await newcomer.getByText('Your account is ready.').waitFor();
    await signInThroughForm(newcomer, baseUrl, { email: 'newbie.e2e@postdesk.test', password: 'welcome aboard 2026' });
    await expect.poll(() => newcomer.locator('.who').textContent()).toContain('Nina Newbie');
  }, 120_000);
});
