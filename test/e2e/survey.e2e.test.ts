import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn, TEST_ADMIN, waitFor, type TestApp } from '../test-app.js';
import { submitCase, validForm } from '../factories.js';
import { browserUnavailable, expectAccessible, expectAccessibleWithoutScript, signInThroughForm, useBrowserApp } from './browser.js';

const unavailable = browserUnavailable();
type Mail = { id: string; kind: string; text: string };

describe.skipIf(unavailable !== null)('satisfaction survey in Chromium with JavaScript disabled', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let admin: Record<string, string>;

  // No delay: the worker sends the survey as soon as the case is resolved.
  useBrowserApp({ env: { POSTDESK_SURVEY_DELAY_MINUTES: '0' } }, (app) => ({ t, browser, baseUrl } = app));
  beforeAll(async () => {
    admin = await signIn(t.app);
  });

  /** Submits a case in `locale`, resolves it as an agent, and returns the path of the emailed link for `rating`. */
  async function resolvedCaseLink(locale: string, rating: number): Promise<{ caseNumber: string; link: string }> {
    const { caseNumber } = await submitCase(t.app, validForm('general-question', { locale }));
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${caseNumber}`, headers: admin, payload: { status: 'resolved' } });
    expect(patched.statusCode, patched.body).toBe(200);
    const text = await waitFor(async () => {
      const mails = (await t.app.inject({ method: 'GET', url: '/api/v1/admin/mail?limit=100', headers: admin })).json<{ mails: Mail[] }>().mails;
      return mails.find((m) => m.kind === 'survey' && m.text.includes(caseNumber))?.text;
    }, 10_000);
    const link = new RegExp(`https?://\\S+(/survey/[A-Za-z0-9_-]{43}\\?rating=${rating})\\s`).exec(text)?.[1];
    if (!link) throw new Error('no rating link in the survey mail');
    return { caseNumber, link };
  }

  async function pageWithoutScript(): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US', viewport: { width: 1280, height: 900 } });
    return context.newPage();
  }

  it('opens the emailed link in the case language, changes the rating, adds a comment and sees the thanks; axe finds nothing', { timeout: 90_000 }, async () => {
    const { caseNumber, link } = await resolvedCaseLink('es', 5);
    const page = await pageWithoutScript();

    await page.goto(`${baseUrl}${link}`);
    await page.getByRole('heading', { name: '¿Qué tan satisfecho está?', level: 1 }).waitFor();
    expect(await page.getByLabel('5 – Muy satisfecho', { exact: true }).isChecked()).toBe(true);
    expect(await page.locator('main').textContent()).toContain(caseNumber);
    await expectAccessibleWithoutScript(browser, page, 'survey form (es)');

    // Too long a comment: the error summary and the inline error, with the text and rating kept.
    await page.getByLabel('2 – Insatisfecho', { exact: true }).check();
    await page.getByLabel('¿Quiere contarnos algo más? (opcional)').fill('x'.repeat(2_001));
    await page.getByRole('button', { name: 'Enviar mi respuesta' }).click();
    await page.getByRole('heading', { name: 'Hay un problema', level: 2 }).waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.getByRole('link', { name: 'Su comentario debe tener 2000 caracteres o menos. Tiene 2001 caracteres.' }).count()).toBe(1);
    expect(await page.getByLabel('2 – Insatisfecho', { exact: true }).isChecked()).toBe(true);
    await expectAccessibleWithoutScript(browser, page, 'survey form with an error (es)');

    await page.getByLabel('¿Quiere contarnos algo más? (opcional)').fill('Tardaron, pero la agente fue muy amable.');
    await page.getByRole('button', { name: 'Enviar mi respuesta' }).click();
    await page.getByRole('heading', { name: 'Gracias por su respuesta', level: 1 }).waitFor();
    await expectAccessibleWithoutScript(browser, page, 'survey thanks (es)');

    // The link works once.
    await page.goto(`${baseUrl}${link}`);
    await page.getByRole('heading', { name: 'Ya ha respondido', level: 1 }).waitFor();
    await page.context().close();

    // The agents see it on the case and in the report.
    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, headers: admin })).json().case;
    expect(detail.satisfaction).toMatchObject({ status: 'answered', rating: 2, comment: 'Tardaron, pero la agente fue muy amable.' });

    const consoleContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const consolePage = await consoleContext.newPage();
    await signInThroughForm(consolePage, baseUrl, TEST_ADMIN);
    await consolePage.goto(`${baseUrl}/agent/cases/${caseNumber}`);
    await consolePage.getByText('Customer rated 2/5 (Dissatisfied): “Tardaron, pero la agente fue muy amable.”').waitFor();
    expect(await consolePage.locator('.facts').textContent()).toContain('2/5 – Dissatisfied');
    await consolePage.getByRole('navigation', { name: 'Queues' }).getByRole('link', { name: 'Satisfaction', exact: true }).click();
    await consolePage.getByRole('heading', { name: 'Satisfaction', level: 1 }).waitFor();
    await consolePage.getByRole('cell', { name: 'Tardaron, pero la agente fue muy amable.' }).waitFor();
    await consolePage.waitForLoadState('networkidle');
    await expectAccessible(consolePage, 'satisfaction report');
    await consoleContext.close();
  });

  it('has an accessible form and error state in English too', { timeout: 60_000 }, async () => {
    const { link } = await resolvedCaseLink('en', 3);
    const page = await pageWithoutScript();
    await page.goto(`${baseUrl}${link}`);
    await page.getByRole('heading', { name: 'How satisfied are you?', level: 1 }).waitFor();
    expect(await page.getByLabel('3 – Neither satisfied nor dissatisfied', { exact: true }).isChecked()).toBe(true);
    await expectAccessibleWithoutScript(browser, page, 'survey form (en)');

    await page.getByLabel('Would you like to tell us more? (optional)').fill('y'.repeat(2_500));
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.getByRole('heading', { name: 'There is a problem', level: 2 }).waitFor();
    expect(await page.getByRole('link', { name: 'Your comment must be 2,000 characters or fewer. It has 2,500 characters.' }).count()).toBe(1);
    await expectAccessibleWithoutScript(browser, page, 'survey form with an error (en)');
    await page.context().close();
  });
});
