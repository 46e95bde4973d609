import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/kernel/clock.js';
import { createTestApp, signIn, type TestApp } from './test-app.js';
import { htmlBytes, multipartForm, pdfOfSize, submitCase, tinyPdf, tinyPng, validForm } from './factories.js';

// Issue #6 items 2, 4, 8, 9 on the server: every path here works without JavaScript.

const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };
const urlencoded = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
type CaseList = { cases: { caseNumber: string; customer: { email: string } }[] };
type Detail = { case: { messages: { text: string; author: { type: string }; attachments: { filename: string; contentType: string }[] }[] } };

/** The contact form as a browser keeps it: CSRF cookie, hidden token and the signed start time. */
async function openForm(t: TestApp, topic = 'general-question') {
  const page = await t.app.inject({ method: 'GET', url: `/contact/${topic}` });
  expect(page.statusCode).toBe(200);
  const cookie = page.cookies.find((c) => c.name === 'pd_hub_csrf');
  const token = /name="csrfToken" value="([^"]+)"/.exec(page.body)?.[1];
  const started = /name="formStarted" value="([^"]+)"/.exec(page.body)?.[1];
  if (!cookie || !token || !started) throw new Error('form page without CSRF cookie, token or start time');
  return { cookie: `pd_hub_csrf=${cookie.value}`, token, started, body: page.body };
}

type OpenForm = Awaited<ReturnType<typeof openForm>>;

function questionForm(form: OpenForm, email: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    csrfToken: form.token, formStarted: form.started, locale: 'en', name: 'Ana Popescu', email, emailConfirmation: email,
    description: 'When does the post office on Main Street open on Saturdays?', ...overrides,
  };
}

function post(t: TestApp, form: OpenForm, fields: Record<string, string>, topic = 'general-question') {
  return t.app.inject({ method: 'POST', url: `/contact/${topic}`, headers: { ...FORM_HEADERS, cookie: form.cookie }, payload: urlencoded(fields) });
}

/** Signs in afresh: some tests move the clock past an agent session's lifetime. */
async function casesOf(t: TestApp, email: string) {
  const admin = await signIn(t.app);
  const list = await t.app.inject({ method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent(email)}`, headers: admin });
  return list.json<CaseList>().cases.filter((c) => c.customer.email === email);
}

describe('email typo: a second look before the case exists, without JavaScript', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
  });
  afterAll(async () => t.close({ removeData: true }));

  it('asks "did you mean" once, and "Yes, use that" sends the case to the corrected address', async () => {
    const form = await openForm(t);
    const asked = await post(t, form, questionForm(form, 'ana.typo@gmial.com'));
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('<h2 id="notification-banner-title" class="notification-banner-title">Check your email address</h2>');
    expect(asked.body).toContain('<legend class="legend">Did you mean ana.typo@gmail.com?</legend>');
    expect(asked.body).toContain('<label for="emailTypoChoice" class="radio-label">Yes, use ana.typo@gmail.com</label>');
    expect(asked.body).toContain('No, keep ana.typo@gmial.com');
    expect(asked.body).toContain('<input type="hidden" name="emailTypoFor" value="ana.typo@gmial.com"/>');
    expect(asked.body).toContain('When does the post office on Main Street open');
    // The same signed start time comes back: the time check counts from the first showing.
    expect(asked.body).toContain(`name="formStarted" value="${form.started}"`);
    expect(await casesOf(t, 'ana.typo@gmial.com')).toEqual([]);

    const answered = await post(t, form, questionForm(form, 'ana.typo@gmial.com', { emailTypoFor: 'ana.typo@gmial.com', emailTypoChoice: 'suggested' }));
    expect(answered.statusCode, answered.body).toBe(303);
    expect(await casesOf(t, 'ana.typo@gmail.com')).toHaveLength(1);
    expect(await casesOf(t, 'ana.typo@gmial.com')).toEqual([]);
  });

  it('"No, keep what I typed" keeps it, and an unanswered question is not asked twice (no loop)', async () => {
    const form = await openForm(t);
    const kept = await post(t, form, questionForm(form, 'rare@hotmial.com', { emailTypoFor: 'rare@hotmial.com', emailTypoChoice: 'typed' }));
    expect(kept.statusCode).toBe(303);
    expect(await casesOf(t, 'rare@hotmial.com')).toHaveLength(1);
    const unanswered = await post(t, form, questionForm(form, 'other@yahooo.com', { emailTypoFor: 'Other@Yahooo.com ' }));
    expect(unanswered.statusCode).toBe(303);
    expect(await casesOf(t, 'other@yahooo.com')).toHaveLength(1);
  });

  it('asks again about a newly typed address, and asks together with the other problems (422)', async () => {
    const form = await openForm(t);
    const edited = await post(t, form, questionForm(form, 'lia@outlok.com', { emailTypoFor: 'lia@gmial.com', emailTypoChoice: 'suggested' }));
    expect(edited.statusCode).toBe(200);
    expect(edited.body).toContain('Did you mean lia@outlook.com?');
    const withErrors = await post(t, form, questionForm(form, 'lia@outlok.com', { name: '', emailConfirmation: 'lia@outlook.com' }));
    expect(withErrors.statusCode).toBe(422);
    expect(withErrors.body).toContain('<a href="#name">Enter your full name</a>');
    expect(withErrors.body).toContain('<a href="#emailConfirmation">The email addresses do not match: check both</a>');
    expect(withErrors.body).toContain('Did you mean lia@outlook.com?');
    // "Yes" with the confirmation already typed right settles the mismatch too.
    const fixed = await post(t, form, questionForm(form, 'lia@outlok.com', { emailConfirmation: 'lia@outlook.com', emailTypoFor: 'lia@outlok.com', emailTypoChoice: 'suggested' }));
    expect(fixed.statusCode, fixed.body).toBe(303);
    expect(await casesOf(t, 'lia@outlook.com')).toHaveLength(1);
  });

  it('a sixth file is reported next to the file field, with what was typed kept', async () => {
    const form = await openForm(t);
    const six = Array.from({ length: 6 }, (_, i) => ({ bytes: tinyPng(i + 1), filename: `photo-${i}.png`, type: 'image/png' }));
    const payload = multipartForm(questionForm(form, 'six.files@example.org', { description: 'Six photos of the damaged parcel.' }), six);
    const response = await t.app.inject({ method: 'POST', url: '/contact/general-question', headers: { cookie: form.cookie }, payload });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('<a href="#attachments">Attach up to 5 files</a>');
    expect(response.body).toContain('id="attachments-error"');
    expect(response.body).toContain('Six photos of the damaged parcel.</textarea>');
    expect(await casesOf(t, 'six.files@example.org')).toEqual([]);
  });

  it('leaves uncommon but valid domains alone', async () => {
    const form = await openForm(t);
    const sent = await post(t, form, questionForm(form, 'ion@posta-romana.ro'));
    expect(sent.statusCode).toBe(303);
  });
});

describe('anti-abuse that costs people nothing: honeypot, signed time check, per-email limit', () => {
  const clock = createManualClock(new Date('2025-03-04T10:00:00Z'));
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      worker: false, env: { POSTDESK_RATE_LIMITS: 'on' },
      options: { clock, hubForm: { minFillMs: 3_000, maxAgeMs: 24 * 3_600_000 }, rateLimits: { submitPerWindow: 100, statusPerWindow: 100, window: '10 minutes', casesPerEmailPerHour: 2 } },
    });
  });
  afterAll(async () => t.close({ removeData: true }));

  it('renders the honeypot out of reach: hidden from assistive technology, out of the tab order, never autofilled', async () => {
    const form = await openForm(t);
    expect(form.body).toContain('<div class="honeypot" aria-hidden="true"><label for="website">Leave this field empty</label><input id="website" type="text" tabindex="-1" autoComplete="off" name="website" value=""/></div>');
  });

  it('a filled honeypot gets the neutral answer and creates no case', async () => {
    const form = await openForm(t);
    clock.advance(10_000);
    const email = 'robot.honeypot@example.org';
    const answer = await post(t, form, questionForm(form, email, { website: 'http://spam.example' }));
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('<h1>Thank you</h1>');
    expect(answer.body).toContain('If your message reached us');
    expect(answer.body).not.toMatch(/PD-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    expect(await casesOf(t, email)).toEqual([]);
  });

  it('a submission faster than a person can type is held; the same form sent later by a person goes through', async () => {
    const form = await openForm(t);
    const email = 'quick.fingers@example.org';
    clock.advance(1_000);
    const tooFast = await post(t, form, questionForm(form, email));
    expect(tooFast.statusCode).toBe(200);
    expect(tooFast.body).toContain('<h1>Thank you</h1>');
    expect(await casesOf(t, email)).toEqual([]);
    clock.advance(5_000);
    const later = await post(t, form, questionForm(form, email));
    expect(later.statusCode).toBe(303);
    expect(await casesOf(t, email)).toHaveLength(1);
  });

  it('a made-up start time is held like a robot', async () => {
    const form = await openForm(t);
    clock.advance(10_000);
    const email = 'forger@example.org';
    const past = String(clock.now().getTime() - 60_000);
    const forged = await post(t, form, questionForm(form, email, { formStarted: `${past}.${form.started.split('.')[1]}` }));
    expect(forged.body).toContain('<h1>Thank you</h1>');
    expect(await casesOf(t, email)).toEqual([]);
  });

  it('a form open for more than a day comes back with a friendly note, what was typed kept, and a fresh start time', async () => {
    const form = await openForm(t);
    clock.advance(25 * 3_600_000);
    const email = 'slow.reader@example.org';
    const stale = await post(t, form, questionForm(form, email, { description: 'I wrote this yesterday evening and sent it today.' }));
    expect(stale.statusCode).toBe(200);
    expect(stale.body).toContain('Check your message and send it again');
    expect(stale.body).toContain('This form was open for a long time');
    expect(stale.body).toContain('I wrote this yesterday evening and sent it today.');
    expect(stale.body).toContain(`value="${email}"`);
    const fresh = /name="formStarted" value="([^"]+)"/.exec(stale.body)?.[1];
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(form.started);
    expect(await casesOf(t, email)).toEqual([]);
    clock.advance(30_000);
    const sent = await post(t, form, questionForm(form, email, { formStarted: fresh! }));
    expect(sent.statusCode).toBe(303);
  });

  it('limits cases per email address (429 page) while other addresses go on', async () => {
    const email = 'many.cases@example.org';
    for (let i = 0; i < 2; i += 1) {
      const form = await openForm(t);
      clock.advance(5_000);
      expect((await post(t, form, questionForm(form, email))).statusCode).toBe(303);
    }
    const form = await openForm(t);
    clock.advance(5_000);
    const limited = await post(t, form, questionForm(form, email));
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('Too many messages from this email address');
    expect(await casesOf(t, email)).toHaveLength(2);
    expect((await post(t, form, questionForm(form, 'someone.else@example.org'))).statusCode).toBe(303);
    // An hour later the address may write again.
    clock.advance(3_600_000);
    const form2 = await openForm(t);
    clock.advance(5_000);
    expect((await post(t, form2, questionForm(form2, email))).statusCode).toBe(303);
  });
});

describe('attachments with a message on the status page', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
    admin = await signIn(t.app);
  });
  afterAll(async () => t.close({ removeData: true }));

  /** Case → emailed link → exchanged session → the case page's CSRF token, as a customer gets there. */
  async function openCasePage() {
    const form = validForm('general-question');
    const { caseNumber } = await submitCase(t.app, form);
    const lookup = await t.app.inject({ method: 'GET', url: '/status' });
    const csrf = `pd_hub_csrf=${lookup.cookies.find((c) => c.name === 'pd_hub_csrf')!.value}`;
    const lookupToken = /name="csrfToken" value="([^"]+)"/.exec(lookup.body)![1]!;
    await t.app.inject({ method: 'POST', url: '/status', headers: { ...FORM_HEADERS, cookie: csrf }, payload: urlencoded({ csrfToken: lookupToken, caseNumber, email: String(form.email) }) });
    const mails = (await t.app.inject({ method: 'GET', url: '/api/v1/admin/mail', headers: admin })).json<{ mails: { id: string; kind: string }[] }>().mails;
    const texts = await Promise.all(mails.filter((m) => m.kind === 'status_link').map(async (m) => (await t.app.inject({ method: 'GET', url: `/api/v1/admin/mail/${m.id}`, headers: admin })).json<{ mail: { text: string } }>().mail.text));
    const link = texts.find((text) => text.includes(caseNumber)) ?? '';
    const token = decodeURIComponent(/\/status\/view\?token=(\S+)/.exec(link)?.[1] ?? '');
    const opened = await t.app.inject({ method: 'POST', url: '/status/view', headers: FORM_HEADERS, payload: urlencoded({ token }) });
    expect(opened.statusCode).toBe(303);
    const session = `pd_status=${opened.cookies.find((c) => c.name === 'pd_status')!.value}`;
    const page = await t.app.inject({ method: 'GET', url: '/status/case', headers: { cookie: `${session}; ${csrf}` } });
    const csrfToken = /name="csrfToken" value="([^"]+)"/.exec(page.body)![1]!;
    return { caseNumber, page: page.body, cookie: `${session}; ${csrf}`, csrfToken };
  }

  const detailOf = async (caseNumber: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, headers: admin })).json<Detail>().case;

  it('offers a multipart form with the file field, and the agent sees the files on the case', async () => {
    const opened = await openCasePage();
    expect(opened.page).toMatch(/<form[^>]*action="\/status\/case\/messages"[^>]*>/);
    expect(/<form[^>]*action="\/status\/case\/messages"[^>]*>/.exec(opened.page)?.[0]).toContain('encType="multipart/form-data"');
    expect(opened.page).toMatch(/<input id="attachments" type="file" multiple=""[^>]*name="attachments"/);
    const payload = multipartForm({ csrfToken: opened.csrfToken, message: 'The label and the receipt, as you asked.' }, [
      { bytes: tinyPng(4), filename: 'label.png', type: 'image/png' },
      { bytes: tinyPdf('Receipt 42'), filename: '../../receipt.pdf', type: 'application/pdf' },
    ]);
    const added = await t.app.inject({ method: 'POST', url: '/status/case/messages', headers: { cookie: opened.cookie }, payload });
    expect(added.statusCode, added.body).toBe(303);
    expect(added.headers.location).toBe('/status/case?done=added');
    const message = (await detailOf(opened.caseNumber)).messages.find((m) => m.text === 'The label and the receipt, as you asked.');
    expect(message?.author.type).toBe('customer');
    expect(message?.attachments.map((a) => [a.filename, a.contentType])).toEqual([['label.png', 'image/png'], ['receipt.pdf', 'application/pdf']]);
    // The customer sees the names on the thread too.
    const page = await t.app.inject({ method: 'GET', url: '/status/case', headers: { cookie: opened.cookie } });
    expect(page.body).toContain('Attachments: label.png, receipt.pdf');
  });

  it('rejects a file that is not an image or a PDF (by content, whatever its name), keeps the text, adds nothing', async () => {
    const opened = await openCasePage();
    const before = (await detailOf(opened.caseNumber)).messages.length;
    const payload = multipartForm({ csrfToken: opened.csrfToken, message: 'Here is my page.' }, [{ bytes: htmlBytes(), filename: 'photo.png', type: 'image/png' }]);
    const rejected = await t.app.inject({ method: 'POST', url: '/status/case/messages', headers: { cookie: opened.cookie }, payload });
    expect(rejected.statusCode).toBe(422);
    expect(rejected.body).toContain('<a href="#attachments">Attach images (PNG, JPEG, GIF, WebP) or PDF documents only</a>');
    expect(rejected.body).toContain('id="attachments-error"');
    expect(rejected.body).toContain('Here is my page.</textarea>');
    expect(rejected.body).toContain('Files you chose were not kept');
    expect((await detailOf(opened.caseNumber)).messages).toHaveLength(before);
  });

  it('rejects a file over 10 MB next to the field, and refuses a post without the CSRF token', async () => {
    const opened = await openCasePage();
    const before = (await detailOf(opened.caseNumber)).messages.length;
    const payload = multipartForm({ csrfToken: opened.csrfToken, message: 'A big scan.' }, [{ bytes: pdfOfSize(10 * 1024 * 1024 + 1), filename: 'scan.pdf', type: 'application/pdf' }]);
    const rejected = await t.app.inject({ method: 'POST', url: '/status/case/messages', headers: { cookie: opened.cookie }, payload });
    expect(rejected.statusCode).toBe(422);
    expect(rejected.body).toContain('<p id="attachments-error" class="error-message"><span class="visually-hidden">Error: </span>Each file must be 10 MB or smaller, and all files together 25 MB or smaller</p>');
    expect(rejected.body).toContain('A big scan.</textarea>');
    const forged = await t.app.inject({ method: 'POST', url: '/status/case/messages', headers: { cookie: opened.cookie }, payload: multipartForm({ message: 'x' }, [{ bytes: tinyPng(), filename: 'a.png', type: 'image/png' }]) });
    expect(forged.statusCode).toBe(403);
    expect((await detailOf(opened.caseNumber)).messages).toHaveLength(before);
  });
});
