import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIn, type TestApp } from '../test-app.js';
import { submitCase, validForm } from '../factories.js';
import { accountMailsTo, linkIn } from '../customer-accounts.js';
import { browserUnavailable, expectAccessibleWithoutScript, useBrowserApp } from './browser.js';

const unavailable = browserUnavailable();

describe.skipIf(unavailable !== null)('customer accounts in Chromium with JavaScript disabled', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  useBrowserApp({ worker: false }, (app) => ({ t, browser, baseUrl } = app));

  it('registers, verifies from the mail, signs in and sees the case list; axe finds nothing', { timeout: 90_000 }, async () => {
    const email = 'nora.browser@example.org';
    const password = 'quiet harbour lamps 12';
    const { caseNumber } = await submitCase(t.app, validForm('informed-delivery', { email, description: 'My Informed Delivery email shows no pictures since Monday.' }));
    const other = await submitCase(t.app, validForm('general-question'));
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    await page.goto(`${baseUrl}/`);
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create an account', level: 1 }).waitFor();
    await expectAccessibleWithoutScript(browser, page, 'sign-up');

    await page.getByLabel('Full name').fill('Nora Vance');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Create a password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.getByLabel('Email address').inputValue()).toBe(email);
    await expectAccessibleWithoutScript(browser, page, 'sign-up with errors');

    await page.getByLabel('Create a password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Check your email', level: 1 }).waitFor();

    // The captured mail, through the admin mail preview: the verification link on our test server.
    const admin = await signIn(t.app);
    const link = linkIn((await accountMailsTo(t.app, admin, email))[0], '/account/verify');
    await page.goto(`${baseUrl}${link}`);
    await page.getByRole('heading', { name: 'Confirm your email address', level: 1 }).waitFor();
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();
    await page.getByRole('heading', { name: 'Your account', level: 1 }).waitFor();
    await page.getByText('Your email address is confirmed.').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    await expectAccessibleWithoutScript(browser, page, 'sign-in');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your account', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Your cases, newest first' });
    expect(await table.textContent()).toContain(caseNumber);
    expect(await table.textContent()).not.toContain(other.caseNumber);
    expect(await page.getByRole('navigation', { name: 'Account' }).getByRole('link').textContent()).toBe('Your account');
    await expectAccessibleWithoutScript(browser, page, 'dashboard');

    await table.getByRole('link', { name: caseNumber }).click();
    await page.getByRole('heading', { name: `Case ${caseNumber}`, level: 1 }).waitFor();
    expect(await page.locator('.thread').textContent()).toContain('no pictures since Monday');
    await page.getByRole('link', { name: 'Back to your account' }).click();

    await page.getByRole('link', { name: 'Informed Delivery' }).click();
    await page.getByRole('heading', { name: 'Informed Delivery: help', level: 1 }).waitFor();
    await expectAccessibleWithoutScript(browser, page, 'Informed Delivery help');
    await page.getByRole('link', { name: 'Send us a message about Informed Delivery' }).click();
    await page.getByRole('heading', { name: /Informed Delivery/, level: 1 }).waitFor();
    expect(await page.getByLabel('Email address', { exact: true }).inputValue()).toBe(email);
    await context.close();
  });
});
