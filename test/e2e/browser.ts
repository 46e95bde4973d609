import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { CONSOLE_DIST } from '../../src/http/console.js';
import { createTestApp, type TestApp, type TestAppOptions } from '../test-app.js';

/** Debian's Chromium, installed by .ci/run; tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Why browser tests cannot run here, or null when they can. On CI a missing browser or an
 * unbuilt console is a failure, not a skip: `.ci/run` installs the one and `npm test` builds the other.
 */
export function browserUnavailable(): string | null {
  const missing = !fs.existsSync(CHROMIUM_PATH)
    ? `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`
    : !fs.existsSync(`${CONSOLE_DIST}/index.html`) ? 'the console is not built (npm run build:web)' : null;
  if (missing && process.env.CI === 'true') throw new Error(`End-to-end tests cannot run on CI: ${missing}`);
  if (missing) console.warn(`Skipping end-to-end tests: ${missing}`);
  return missing;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** axe-core on the page as it is now: WCAG 2.0–2.2 A/AA rules and best practices, no violations allowed. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(summary, `axe violations on ${label}`).toEqual([]);
}

export async function signInThroughForm(page: Page, baseUrl: string, credentials: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/agent/`);
  await page.getByLabel('Email address').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Queues' }).waitFor();
}

/**
 * axe-core for a page open with JavaScript disabled: axe is itself a script and cannot run there,
 * so the page's current markup is replayed at the same URL in a script-enabled page (same origin,
 * so our stylesheet loads and colour contrast is measured as the customer sees it).
 */
export async function expectAccessibleWithoutScript(browser: Browser, page: Page, label: string): Promise<void> {
  const html = await page.content();
  const url = page.url().split('#')[0] ?? page.url();
  const context = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
  try {
    const replay = await context.newPage();
    await replay.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await replay.goto(url);
    await expectAccessible(replay, label);
  } finally {
    await context.close();
  }
}

export type BrowserApp = { t: TestApp; browser: Browser; baseUrl: string; close(): Promise<void> };

/** The real app listening on a loopback port, and Chromium to drive it. */
export async function startBrowserApp(options: TestAppOptions = {}): Promise<BrowserApp> {
  const t = await createTestApp(options);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchChromium();
  return {
    t,
    browser,
    baseUrl: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`,
    async close() {
      await browser.close();
      await t.close({ removeData: true });
    },
  };
}

/**
 * Starts the app and Chromium once for the enclosing describe block and stops them after it;
 * `started` receives them (typically to set the block's `t`, `browser` and `baseUrl`).
 */
export function useBrowserApp(options: TestAppOptions, started: (app: BrowserApp) => void): void {
  let running: BrowserApp | undefined;
  beforeAll(async () => {
    running = await startBrowserApp(options);
    started(running);
  }, 60_000);
  afterAll(async () => {
    await running?.close();
  });
}
