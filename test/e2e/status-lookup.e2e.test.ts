import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIn, type TestApp } from '../test-app.js';
import { submitCase, validForm } from '../factories.js';
import { browserUnavailable, expectAccessibleWithoutScript, useBrowserApp } from './browser.js';

const unavailable = browserUnavailable();
type Mail = { id: string; kind: string; text: string };

describe.skipIf(unavailable !== null)('status lookup in Chromium with JavaScript disabled', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  useBrowserApp({ worker: false }, (app) => ({ t, browser, baseUrl } = app));

  it('requests a link, opens it, reads the thread and adds a message; axe finds nothing', { timeout: 60_000 }, async () => {
    const form = validForm('general-question', { description: 'When does the Main Street office open on Saturdays?' });
    const { caseNumber } = await submitCase(t.app, form);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    await page.goto(`${baseUrl}/status`);
    await page.getByRole('heading', { name: 'Check your case', level: 1 }).waitFor();
    await expectAccessibleWithoutScript(browser, page, 'status lookup (en)');
    await page.getByLabel('Case number').fill(caseNumber);
    await page.getByLabel('Email address').fill(String(form.email));
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('heading', { name: 'Check your email', level: 1 }).waitFor();
    await expectAccessibleWithoutScript(browser, page, 'link sent (en)');

    // The captured mail, through the admin mail preview: the link's path and token, on our test server.
    const admin = await signIn(t.app);
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/admin/mail', headers: admin })).json<{ mails: Mail[] }>().mails;
    const mail = list.find((m) => m.kind === 'status_link');
    if (!mail) throw new Error('no status link mail was queued');
    const text = (await t.app.inject({ method: 'GET', url: `/api/v1/admin/mail/${mail.id}`, headers: admin })).json<{ mail: Mail }>().mail.text;
    const link = /https?:\/\/\S+(\/status\/view\?token=\S+)/.exec(text)?.[1];
    expect(link).toBeDefined();

    await page.goto(`${baseUrl}${link}`);
    await page.getByRole('button', { name: 'Show my case' }).click();
    await page.getByRole('heading', { name: `Case ${caseNumber}`, level: 1 }).waitFor();
    expect(await page.locator('main').textContent()).toContain('When does the Main Street office open on Saturdays?');
    await expectAccessibleWithoutScript(browser, page, 'case status (en)');

    await page.getByLabel('Your message').fill('I can also come on Monday.');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.getByText('Your message was added to the case.').waitFor();
    expect(await page.locator('.thread').textContent()).toContain('I can also come on Monday.');
    await expectAccessibleWithoutScript(browser, page, 'case status after message (en)');
    await context.close();
  });
});
