import fs from 'node:fs';
import path from 'node:path';
import PostalMime from 'postal-mime';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogFor } from '../../src/modules/email-out/templates.js';
import { format, HUB_LOCALES, messagesFor } from '../../src/modules/help-hub/i18n.js';
import { CASE_NUMBER, DEFAULT_TOPIC_SLUGS, SAMPLE_ADDRESS, SAMPLE_TRACKING } from '../factories.js';
import { testDatabaseKind } from '../postgres-databases.js';
import { startSmtpSink, type CapturedMail, type SmtpSink } from '../smtp-sink.js';
import { waitFor } from '../test-app.js';
import { browserUnavailable, expectAccessible, startBrowserApp, type BrowserApp } from './browser.js';

const unavailable = browserUnavailable();

/**
 * Where a person finds the pictures after a run (gitignored): the hub, a form with errors, a case
 * page. One folder per database, as both test projects run this file at the same time.
 */
const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots', testDatabaseKind());
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Fills whatever the topic's form asks for, by field name, so one routine serves every topic and language. */
async function fillContactForm(page: Page, input: { email: string; description: string; screenshot: Buffer }): Promise<void> {
  const fill = async (name: string, value: string) => {
    const field = page.locator(`[name="${name}"]`);
    if (await field.count()) await field.fill(value);
  };
  await fill('name', 'Jordan Rivera');
  await fill('email', input.email);
  await fill('emailConfirmation', input.email);
  await fill('phone', '+1 202 555 0147');
  await fill('trackingNumber', SAMPLE_TRACKING);
  await fill('address[street]', SAMPLE_ADDRESS.street);
  await fill('address[city]', SAMPLE_ADDRESS.city);
  if (await page.locator('[name="address[state]"]').count()) await page.locator('[name="address[state]"]').selectOption(SAMPLE_ADDRESS.state);
  await fill('address[zip]', SAMPLE_ADDRESS.zip);
  await fill('description', input.description);
  await page.locator('input[type="file"][name="attachments"]').setInputFiles({ name: 'screenshot.png', mimeType: 'image/png', buffer: input.screenshot });
}

/** The first mail at the sink that `match` accepts, waiting up to 15 s for it. */
const waitForMail = (sink: SmtpSink, match: (mail: CapturedMail) => boolean): Promise<CapturedMail> =>
  waitFor(() => sink.messages.find(match), 15_000);

describe.skipIf(unavailable !== null)('every topic form in every language, with a screenshot attached, through a real SMTP relay', () => {
  let running: BrowserApp | undefined;
  let sink: SmtpSink;
  let screenshot: Buffer;

  beforeAll(async () => {
    sink = await startSmtpSink();
    // 27 submissions from one address: this test is about languages, the limits have their own tests.
    running = await startBrowserApp({ env: { POSTDESK_SMTP_RELAY_URL: sink.url, POSTDESK_RATE_LIMITS: 'off', POSTDESK_CONFIRMATIONS_PER_HOUR: '100' } });
    // Fresh pictures only: a stale file from an earlier run must not pass the size check at the end.
    fs.rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // A real screenshot for the attachment: the hub itself, as a customer's phone would capture it.
    const context = await running.browser.newContext({ viewport: { width: 390, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${running.baseUrl}/`);
    screenshot = await page.screenshot({ type: 'png' });
    await context.close();
  }, 60_000);
  afterAll(async () => {
    await running?.close();
    await sink?.close();
  });

  for (const locale of HUB_LOCALES) {
    it(`submits all ${DEFAULT_TOPIC_SLUGS.length} topic forms in ${locale}; confirmation page and email are in ${locale}`, { timeout: 120_000 }, async () => {
      const { browser, baseUrl } = running!;
      const t = messagesFor(locale);
      const { lang, catalog: mails } = catalogFor(locale);
      expect(lang, "the email catalogue of this language").toBe(locale);
      const context = await browser.newContext({ locale: locale === 'en' ? 'en-US' : locale, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      try {
        for (const topic of DEFAULT_TOPIC_SLUGS) {
          const email = `${topic}.${locale}@example.org`;
          await page.goto(`${baseUrl}/contact/${topic}?lang=${locale}`);
          expect(await page.locator('html').getAttribute('lang')).toBe(locale);
          await fillContactForm(page, { email, description: `Test message about ${topic}, written for the ${locale} form.`, screenshot });
          await page.getByRole('button', { name: t.form.submit }).click();

          await page.getByRole('heading', { name: t.confirmation.title, level: 1 }).waitFor();
          const caseNumber = (await page.locator('.case-number').textContent())?.trim() ?? '';
          expect(caseNumber, `${topic} in ${locale}`).toMatch(CASE_NUMBER);
          expect(await page.locator('main').textContent()).toContain(t.confirmation.nextReply);

          const mail = await waitForMail(sink, (m) => m.to.includes(email));
          const parsed = await PostalMime.parse(mail.raw);
          expect(parsed.subject).toContain(`[${caseNumber}]`);
          expect(parsed.text).toContain(format(mails.confirmation.intro, { caseNumber }));
          expect(parsed.text).toContain(mails.confirmation.nextStepsHeading);
        }
      } finally {
        await context.close();
      }
    });
  }

  it('writes screenshots of the hub, a form with errors and a case page, on a desktop and a 390-px phone', { timeout: 120_000 }, async () => {
    const { browser, baseUrl } = running!;
    const t = messagesFor('en');
    for (const viewport of VIEWPORTS) {
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: viewport.width, height: viewport.height } });
      const page = await context.newPage();
      try {
        await page.goto(`${baseUrl}/`);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `hub-${viewport.name}.png`), fullPage: true });
        await expectAccessible(page, `hub (${viewport.name})`);

        await page.goto(`${baseUrl}/contact/missing-package`);
        await page.getByRole('button', { name: t.form.submit }).click();
        await page.getByRole('alert').getByRole('heading', { name: t.form.errorSummaryTitle }).waitFor();
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `form-errors-${viewport.name}.png`), fullPage: true });
        await expectAccessible(page, `form with errors (${viewport.name})`);

        const email = `screens.${viewport.name}@example.org`;
        await fillContactForm(page, { email, description: 'The parcel never arrived; tracking stopped a week ago.', screenshot });
        await page.getByRole('button', { name: t.form.submit }).click();
        const caseNumber = (await page.locator('.case-number').textContent())?.trim() ?? '';
        expect(caseNumber).toMatch(CASE_NUMBER);

        await page.goto(`${baseUrl}/status`);
        await page.getByLabel(t.status.caseNumber).fill(caseNumber);
        await page.getByLabel(t.status.email).fill(email);
        await page.getByRole('button', { name: t.status.submit }).click();
        await page.getByRole('heading', { name: t.status.sentTitle, level: 1 }).waitFor();
        const linkMail = await waitForMail(sink, (m) => m.to.includes(email) && (m.headers.get('subject') ?? '').includes('link'));
        const link = /https?:\/\/\S+(\/status\/view\?token=\S+)/.exec((await PostalMime.parse(linkMail.raw)).text ?? '')?.[1];
        expect(link).toBeDefined();
        await page.goto(`${baseUrl}${link}`);
        await page.getByRole('button', { name: t.status.viewButton }).click();
        await page.getByRole('heading', { name: format(t.status.caseTitle, { caseNumber }), level: 1 }).waitFor();
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `status-${viewport.name}.png`), fullPage: true });
        await expectAccessible(page, `case status (${viewport.name})`);
      } finally {
        await context.close();
      }
    }
    for (const viewport of VIEWPORTS) {
      for (const name of ['hub', 'form-errors', 'status']) {
        expect(fs.statSync(path.join(SCREENSHOT_DIR, `${name}-${viewport.name}.png`)).size).toBeGreaterThan(1000);
      }
    }
  });
});
