import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIn, type TestApp } from '../test-app.js';
import { CASE_NUMBER, SAMPLE_ADDRESS } from '../factories.js';
import { browserUnavailable, expectAccessibleWithoutScript, useBrowserApp } from './browser.js';

const unavailable = browserUnavailable();

describe.skipIf(unavailable !== null)('help hub in Chromium with JavaScript disabled', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  useBrowserApp({ worker: false }, (app) => ({ t, browser, baseUrl } = app));

  it('switches to Spanish, picks a topic, fixes an error and sees the case number; axe finds nothing', { timeout: 60_000 }, async () => {
    // The promise of this slice: everything works as plain HTML forms and links.
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    await page.goto(`${baseUrl}/`);
    await page.getByRole('heading', { name: 'Contact us', level: 1 }).waitFor();
    await expectAccessibleWithoutScript(browser, page, 'hub (en)');
    await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Español' }).click();
    await page.getByRole('heading', { name: 'Contáctenos', level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await expectAccessibleWithoutScript(browser, page, 'hub (es)');

    await page.getByRole('link', { name: 'Paquete perdido' }).click();
    await page.getByRole('heading', { name: 'Envíenos un mensaje: Paquete perdido', level: 1 }).waitFor();
    const email = 'lucia.nojs@example.org';
    await page.getByLabel('Nombre completo').fill('Lucía Pérez');
    await page.getByLabel('Correo electrónico', { exact: true }).fill(email);
    await page.getByLabel('Confirme su correo electrónico').fill('lucia.nojs@example.com');
    await page.getByLabel('Número de seguimiento').fill('9400 1000 0000 0000 0000 00');
    await page.getByLabel('Calle y número').fill(SAMPLE_ADDRESS.street);
    await page.getByLabel('Ciudad').fill(SAMPLE_ADDRESS.city);
    await page.getByLabel('Estado').selectOption(SAMPLE_ADDRESS.state);
    await page.getByLabel('Código postal (ZIP)').fill(SAMPLE_ADDRESS.zip);
    await page.getByLabel('Su mensaje').fill('Mi paquete no ha llegado y el seguimiento no cambia desde hace una semana.');
    await page.getByRole('button', { name: 'Enviar mensaje' }).click();

    const summary = page.getByRole('alert');
    await summary.getByRole('heading', { name: 'Hay un problema' }).waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessibleWithoutScript(browser, page, 'form with errors (es)');
    // The summary link leads to the field; the typed values are still there.
    await summary.getByRole('link', { name: /no coinciden/ }).click();
    expect(page.url()).toMatch(/#emailConfirmation$/);
    expect(await page.getByLabel('Su mensaje').inputValue()).toContain('Mi paquete no ha llegado');
    await page.getByLabel('Confirme su correo electrónico').fill(email);
    await page.getByRole('button', { name: 'Enviar mensaje' }).click();

    await page.getByRole('heading', { name: 'Mensaje enviado', level: 1 }).waitFor();
    const caseNumber = (await page.locator('.case-number').textContent())?.trim() ?? '';
    expect(caseNumber).toMatch(CASE_NUMBER);
    await expect.poll(() => page.locator('main').textContent()).toContain('Esperamos responderle a más tardar el');
    await expectAccessibleWithoutScript(browser, page, 'confirmation (es)');

    const admin = await signIn(t.app);
    const detail = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, headers: admin });
    expect(detail.statusCode).toBe(200);
    expect(detail.json<{ case: { topic: string; language: string } }>().case).toMatchObject({ topic: 'missing-package', language: 'es' });
    await context.close();
  });
});
