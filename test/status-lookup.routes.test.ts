import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/kernel/clock.js';
import { createTestApp, signIn, type TestApp } from './test-app.js';
import { submitCase, validForm } from './factories.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const urlencoded = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
type Mail = { id: string; kind: string; to: string; text: string };
type Detail = { case: { status: string; messages: { text: string; author: { type: string } }[]; events: { type: string; actor: { type: string } }[] } };

describe('status lookup by single-use emailed link (issue #6 item 4)', () => {
  const clock = createManualClock(new Date('2025-03-03T15:00:00Z'));
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    t = await createTestApp({ worker: false, options: { clock } });
    admin = await signIn(t.app);
  });
  afterAll(async () => t.close({ removeData: true }));

  /** A browser's CSRF cookie + hidden token from the lookup form. */
  async function openLookup() {
    const page = await t.app.inject({ method: 'GET', url: '/status' });
    expect(page.statusCode).toBe(200);
    const cookie = page.cookies.find((c) => c.name === 'pd_hub_csrf');
    const token = /name="csrfToken" value="([^"]+)"/.exec(page.body)?.[1];
    if (!cookie || !token) throw new Error('no CSRF cookie or token');
    return { cookie: `pd_hub_csrf=${cookie.value}`, token };
  }
  async function requestLink(caseNumber: string, email: string, remoteAddress = '192.0.2.10') {
    const csrf = await openLookup();
    return t.app.inject({ method: 'POST', url: '/status', remoteAddress, headers: { ...FORM, cookie: csrf.cookie }, payload: urlencoded({ csrfToken: csrf.token, caseNumber, email }) });
  }
  const statusMails = async (): Promise<Mail[]> => {
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/admin/mail', headers: admin });
    const mails = list.json<{ mails: Mail[] }>().mails.filter((m) => m.kind === 'status_link');
    return Promise.all(mails.map(async (m) => (await t.app.inject({ method: 'GET', url: `/api/v1/admin/mail/${m.id}`, headers: admin })).json<{ mail: Mail }>().mail));
  };
  const linkIn = (mail: Mail) => /\/status\/view\?token=(\S+)/.exec(mail.text)?.[1] ?? '';
  async function exchange(token: string) {
    return t.app.inject({ method: 'POST', url: '/status/view', headers: FORM, payload: urlencoded({ token: decodeURIComponent(token) }) });
  }

  it('answers the same for a match, a wrong email and an unknown case, and mails only the match', async () => {
    const form = validForm('general-question', { description: 'Where is my parcel? Please check it for me.' });
    const submitted = await submitCase(t.app, form);
    const other = await submitCase(t.app);
    const before = (await statusMails()).length;
    const answers = await Promise.all([
      requestLink(submitted.caseNumber, String(form.email)),
      requestLink(submitted.caseNumber, 'someone.else@example.org'),
      requestLink(other.caseNumber, String(form.email)),
    ]);
    const strip = (body: string) => body.replace(/name="csrfToken" value="[^"]+"/g, '');
    for (const answer of answers) {
      expect(answer.statusCode).toBe(200);
      expect(strip(answer.body)).toBe(strip(answers[0]!.body));
      expect(answer.body).toContain('If the number and address match a case, we have emailed a link valid for 30 minutes.');
    }
    const mails = await statusMails();
    expect(mails.length - before).toBe(1);
    expect(mails[0]!.to).toBe(String(form.email));
  });

  it('shows a helpful error for a malformed case number and refuses a post without the CSRF token', async () => {
    const malformed = await requestLink('PD-0000-0001', 'a@example.org');
    expect(malformed.statusCode).toBe(422);
    expect(malformed.body).toContain('This is not a valid case number');
    const forged = await t.app.inject({ method: 'POST', url: '/status', headers: FORM, payload: urlencoded({ caseNumber: 'PD-0000-0001', email: 'a@example.org' }) });
    expect(forged.statusCode).toBe(403);
  });

  it('exchanges a link once, shows the public thread without internal notes, adds a message and closes the case', async () => {
    const form = validForm('general-question', { description: 'First message from the customer about my parcel.' });
    const { caseNumber } = await submitCase(t.app, form);
    await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseNumber}/notes`, headers: admin, payload: { body: 'INTERNAL: customer sounds upset' } });
    await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseNumber}/replies`, headers: admin, payload: { body: 'We are looking into it.' } });
    await requestLink(caseNumber, String(form.email));
    const token = linkIn((await statusMails()).find((m) => m.text.includes(caseNumber))!);
    expect(token).not.toBe('');

    const scanned = await t.app.inject({ method: 'GET', url: `/status/view?token=${token}` });
    expect(scanned.statusCode).toBe(200); // a mail scanner's GET does not use the link up
    const opened = await exchange(token);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe('/status/case');
    expect((await exchange(token)).statusCode).toBe(410);

    const session = `pd_status=${opened.cookies.find((c) => c.name === 'pd_status')!.value}`;
    const page = await t.app.inject({ method: 'GET', url: '/status/case', headers: { cookie: session } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(caseNumber);
    expect(page.body).toContain('First message from the customer');
    expect(page.body).toContain('We are looking into it.');
    expect(page.body).not.toContain('INTERNAL');

    const csrfToken = /name="csrfToken" value="([^"]+)"/.exec(page.body)![1]!;
    const csrfCookie = `pd_hub_csrf=${page.cookies.find((c) => c.name === 'pd_hub_csrf')!.value}`;
    const cookie = `${session}; ${csrfCookie}`;
    const noCsrf = await t.app.inject({ method: 'POST', url: '/status/case/messages', headers: { ...FORM, cookie }, payload: urlencoded({ message: 'x' }) });
    expect(noCsrf.statusCode).toBe(403);
    const added = await t.app.inject({ method: 'POST', url: '/status/case/messages', headers: { ...FORM, cookie }, payload: urlencoded({ csrfToken, message: 'Here is more information.' }) });
    expect(added.statusCode).toBe(303);
    const closed = await t.app.inject({ method: 'POST', url: '/status/case/close', headers: { ...FORM, cookie }, payload: urlencoded({ csrfToken }) });
    expect(closed.statusCode).toBe(303);

    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, headers: admin })).json<Detail>().case;
    expect(detail.status).toBe('closed');
    expect(detail.messages.some((m) => m.text === 'Here is more information.' && m.author.type === 'customer')).toBe(true);
    expect(detail.events.some((e) => e.type === 'case.status_changed' && e.actor.type === 'customer')).toBe(true);
  });

  it('refuses an expired or forged link with the same friendly page', async () => {
    const form = validForm();
    const { caseNumber } = await submitCase(t.app, form);
    await requestLink(caseNumber, String(form.email));
    const token = linkIn((await statusMails()).find((m) => m.text.includes(caseNumber))!);
    clock.advance(31 * 60 * 1000);
    const expired = await exchange(token);
    const forged = await exchange(`${decodeURIComponent(token).slice(0, -3)}abc`);
    expect(expired.statusCode).toBe(410);
    expect(forged.statusCode).toBe(410);
    expect(expired.body).toContain('Ask for a new link');
    expect(forged.body).toBe(expired.body);
  });

  it('mails at most 3 links per case per hour', async () => {
    const form = validForm();
    const { caseNumber } = await submitCase(t.app, form);
    for (let i = 0; i < 5; i += 1) expect((await requestLink(caseNumber, String(form.email))).statusCode).toBe(200);
    expect((await statusMails()).filter((m) => m.text.includes(caseNumber))).toHaveLength(3);
  });
});

describe('status lookup per client address', () => {
  it('answers 429 once an address has asked too often', async () => {
    const t = await createTestApp({ worker: false, env: { POSTDESK_RATE_LIMITS: 'on' }, options: { rateLimits: { submitPerWindow: 2, statusPerWindow: 60, window: '10 minutes' } } });
    try {
      const page = await t.app.inject({ method: 'GET', url: '/status' });
      const cookie = `pd_hub_csrf=${page.cookies.find((c) => c.name === 'pd_hub_csrf')!.value}`;
      const csrfToken = /name="csrfToken" value="([^"]+)"/.exec(page.body)![1]!;
      const post = () => t.app.inject({ method: 'POST', url: '/status', remoteAddress: '198.51.100.7', headers: { ...FORM, cookie }, payload: urlencoded({ csrfToken, caseNumber: 'PD-0000-0000', email: 'x@example.org' }) });
      const codes = [(await post()).statusCode, (await post()).statusCode, (await post()).statusCode];
      expect(codes[2]).toBe(429);
    } finally {
      await t.close({ removeData: true });
    }
  });
});
