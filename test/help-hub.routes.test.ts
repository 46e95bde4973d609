import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from './test-app.js';
import { CASE_NUMBER, multipartForm, SAMPLE_ADDRESS, SAMPLE_TRACKING, tinyPng } from './factories.js';

type Detail = { case: { caseNumber: string; topic: string; language: string; customer: { email: string }; messages: { attachments: unknown[] }[] } };

/** The form page's CSRF cookie and hidden token, as a browser would keep and send them. */
async function openForm(t: TestApp, topic: string, headers: Record<string, string> = {}) {
  const page = await t.app.inject({ method: 'GET', url: `/contact/${topic}`, headers });
  expect(page.statusCode, page.body).toBe(200);
  const cookie = page.cookies.find((c) => c.name === 'pd_hub_csrf');
  const token = /name="csrfToken" value="([^"]+)"/.exec(page.body)?.[1];
  const started = /name="formStarted" value="([^"]+)"/.exec(page.body)?.[1];
  if (!cookie || !token || !started) throw new Error('form page set no CSRF cookie, token or start time');
  return { cookie: `pd_hub_csrf=${cookie.value}`, token, started, body: page.body };
}

const urlencoded = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };

function missingPackageForm(form: { token: string; started: string }, email: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    csrfToken: form.token, formStarted: form.started, locale: 'en', name: 'Ana Popescu', email, emailConfirmation: email, trackingNumber: SAMPLE_TRACKING,
    'address[street]': SAMPLE_ADDRESS.street, 'address[city]': SAMPLE_ADDRESS.city, 'address[state]': SAMPLE_ADDRESS.state, 'address[zip]': SAMPLE_ADDRESS.zip,
    description: 'My package never arrived; the tracking page has not changed for a week.', ...overrides,
  };
}

describe('customer help hub (server-rendered, no JavaScript)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
    admin = await signIn(t.app);
  });
  afterAll(async () => {
    await t.close({ removeData: true });
  });

  it.each([
    ['en-US,en;q=0.9', 'en', 'Contact us', 'Missing package'],
    ['es-MX,es;q=0.9,en;q=0.5', 'es', 'Contáctenos', 'Paquete perdido'],
    ['ro-RO', 'ro', 'Contactați-ne', 'Colet pierdut'],
    ['de-DE', 'en', 'Contact us', 'Missing package'],
  ])('Accept-Language %s gives the hub in %s', async (header, lang, title, topicName) => {
    const response = await t.app.inject({ method: 'GET', url: '/', headers: { 'accept-language': header } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("script-src 'self';");
    expect(response.body).toMatch(new RegExp(`^<!DOCTYPE html><html lang="${lang}">`));
    expect(response.body).toContain(`<h1>${title}</h1>`);
    expect(response.body).toContain(`<a href="/contact/missing-package">${topicName}</a>`);
    // No inline script, nothing from elsewhere: at most our own enhancement module.
    for (const tag of response.body.match(/<script[^>]*>[^<]*<\/script>/g) ?? []) {
      expect(tag).toMatch(/^<script type="module" src="\/hub\.js\?v=[\w-]{16}"><\/script>$/);
    }
  });

  it('serves the enhancement script the pages name, cacheable, and under the 100 KB budget of a slow phone', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/contact/missing-package' });
    const src = /<script type="module" src="([^"]+)"/.exec(page.body)?.[1];
    expect(src, 'the help hub script is not built: run `npm run build:web`').toBeDefined();
    const script = await t.app.inject({ method: 'GET', url: src! });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toContain('immutable');
    expect(script.rawPayload.length).toBeGreaterThan(0);
    expect(script.rawPayload.length).toBeLessThan(100 * 1024);
  });

  it('?lang= switches the language and a cookie remembers it', async () => {
    const switched = await t.app.inject({ method: 'GET', url: '/?lang=ro', headers: { 'accept-language': 'en' } });
    expect(switched.body).toContain('<html lang="ro">');
    const cookie = switched.cookies.find((c) => c.name === 'pd_lang');
    expect(cookie?.value).toBe('ro');
    const later = await t.app.inject({ method: 'GET', url: '/contact/tracking', headers: { 'accept-language': 'en', cookie: `pd_lang=${cookie?.value}` } });
    expect(later.body).toContain('<html lang="ro">');
    expect(later.body).toContain('Urmărire colet');
  });

  it('hides the phone panel until an admin sets numbers, then shows numbers and opening hours', async () => {
    const before = await t.app.inject({ method: 'GET', url: '/' });
    expect(before.body).not.toContain('Call us');
    expect(before.body).toContain('When not to use email');
    const contact = { phones: [{ label: 'Customer care', number: '+1 800 275 8777' }], openingHours: { mon: [{ open: '08:00', close: '20:30' }] } };
    const saved = await t.app.inject({ method: 'PUT', url: '/api/v1/admin/settings/contact', headers: admin, payload: contact });
    expect(saved.statusCode, saved.body).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/?lang=es' });
    expect(after.body).toContain('Llámenos');
    expect(after.body).toContain('<a href="tel:+18002758777">+1 800 275 8777</a>');
    expect(after.body).toMatch(/<dt>Lunes<\/dt><dd>08:00–20:30<\/dd>/);
    expect(after.body).toMatch(/<dt>Domingo<\/dt><dd>Cerrado<\/dd>/);
  });

  it('renders a topic form with its fields and, for passports, the urgent guidance first', async () => {
    const form = await openForm(t, 'missing-package');
    for (const name of ['name', 'email', 'emailConfirmation', 'trackingNumber', 'address[street]', 'address[city]', 'address[state]', 'address[zip]', 'description', 'attachments']) {
      expect(form.body).toContain(`name="${name}"`);
    }
    expect(form.body).toContain('<option value="WY">WY</option>');
    const passport = await t.app.inject({ method: 'GET', url: '/contact/passport' });
    expect(passport.body).toContain('1-877-487-2778');
    expect((await t.app.inject({ method: 'GET', url: '/contact/no-such-topic' })).statusCode).toBe(404);
  });

  it('refuses a post without the CSRF token (403, a friendly page) and with a forged one', async () => {
    const form = await openForm(t, 'general-question');
    const fields = { locale: 'en', name: 'Ana', email: 'ana@example.org', emailConfirmation: 'ana@example.org', description: 'Hello' };
    const missing = await t.app.inject({ method: 'POST', url: '/contact/general-question', headers: { ...FORM_HEADERS, cookie: form.cookie }, payload: urlencoded(fields) });
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('Your form could not be sent');
    const forged = await t.app.inject({ method: 'POST', url: '/contact/general-question', headers: { ...FORM_HEADERS, cookie: 'pd_hub_csrf=abc' }, payload: urlencoded({ ...fields, csrfToken: 'abc' }) });
    expect(forged.statusCode).toBe(403);
  });

  it('shows errors again (422): summary linking to fields, inline messages, values kept, files not', async () => {
    const form = await openForm(t, 'missing-package', { 'accept-language': 'es' });
    const payload = missingPackageForm(form, 'lucia@example.org', { locale: 'es', name: '', emailConfirmation: 'lucia@example.com', 'address[zip]': '123' });
    const response = await t.app.inject({ method: 'POST', url: '/contact/missing-package', headers: { ...FORM_HEADERS, cookie: form.cookie }, payload: urlencoded(payload) });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('<html lang="es">');
    expect(response.body).toContain('<title>Error: Envíenos un mensaje: Paquete perdido');
    expect(response.body).toContain('<h2 id="error-summary-title" class="error-summary-title">Hay un problema</h2>');
    expect(response.body).toContain('<a href="#name">Escriba su nombre completo</a>');
    expect(response.body).toContain('<a href="#emailConfirmation">Las direcciones de correo electrónico no coinciden: revise ambas</a>');
    expect(response.body).toContain('<a href="#address-zip">Escriba un código postal, como 20001 o 20001-1234</a>');
    expect(response.body).toContain('id="emailConfirmation-error"');
    expect(response.body).toContain('aria-invalid="true"');
    expect(response.body).toContain('value="lucia@example.org"');
    expect(response.body).toContain('My package never arrived');
    const cases = await t.app.inject({ method: 'GET', url: '/api/v1/cases?q=lucia%40example.org', headers: admin });
    expect(cases.json<{ cases: unknown[] }>().cases).toEqual([]);
  });

  it('sends the form: 303 to a confirmation page with the case number, and the case exists with its topic', async () => {
    const form = await openForm(t, 'missing-package');
    const email = 'maria.form@example.org';
    const posted = await t.app.inject({ method: 'POST', url: '/contact/missing-package', headers: { ...FORM_HEADERS, cookie: form.cookie }, payload: urlencoded(missingPackageForm(form, email, { locale: 'ro' })) });
    expect(posted.statusCode, posted.body).toBe(303);
    expect(posted.headers.location).toBe('/contact/missing-package/sent');
    const sentCookie = posted.cookies.find((c) => c.name === 'pd_hub_sent');
    expect(sentCookie).toBeDefined();
    const page = await t.app.inject({ method: 'GET', url: '/contact/missing-package/sent', headers: { cookie: `pd_hub_sent=${sentCookie?.value}`, 'accept-language': 'ro' } });
    expect(page.statusCode).toBe(200);
    const caseNumber = /class="case-number">([^<]+)</.exec(page.body)?.[1] ?? '';
    expect(caseNumber).toMatch(CASE_NUMBER);
    expect(page.body).toContain('Estimăm că vă vom răspunde până la');
    expect(page.body).toContain('1–3 zile lucrătoare');
    const detail = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, headers: admin });
    expect(detail.statusCode).toBe(200);
    const { case: opened } = detail.json<Detail>();
    expect(opened.topic).toBe('missing-package');
    expect(opened.customer.email).toBe(email);
    expect(opened.language).toBe('ro');
    // Without the signed cookie (or with a tampered one) there is nothing to see.
    const stranger = await t.app.inject({ method: 'GET', url: '/contact/missing-package/sent', headers: { cookie: `pd_hub_sent=${sentCookie?.value.slice(0, -2)}xx` } });
    expect(stranger.statusCode).toBe(404);
    expect(stranger.body).not.toContain(caseNumber);
  });

  it('the email typed twice is an intake rule: the JSON API checks it too when a client sends it', async () => {
    const base = { topic: 'general-question', name: 'Ana', email: 'ana.twice@example.org', description: 'Hello' };
    const mismatch = await t.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { ...base, emailConfirmation: 'ana.twice@example.com' } });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json<{ error: { fields: Record<string, string> } }>().error.fields).toEqual({ emailConfirmation: 'The email addresses do not match: check both' });
    const sameIgnoringCase = await t.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { ...base, emailConfirmation: ' Ana.Twice@example.org ' } });
    expect(sameIgnoringCase.statusCode, sameIgnoringCase.body).toBe(201);
  });

  it('accepts the multipart form with a screenshot', async () => {
    const form = await openForm(t, 'general-question');
    const email = 'ion.files@example.org';
    const payload = multipartForm({ csrfToken: form.token, formStarted: form.started, locale: 'en', name: 'Ion', email, emailConfirmation: email, description: 'See the screenshot.' }, [{ bytes: tinyPng(), filename: 'shot.png', type: 'image/png' }]);
    const posted = await t.app.inject({ method: 'POST', url: '/contact/general-question', headers: { cookie: form.cookie }, payload });
    expect(posted.statusCode, posted.body).toBe(303);
    const found = await t.app.inject({ method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent(email)}`, headers: admin });
    const [first] = found.json<{ cases: { caseNumber: string; topic: string }[] }>().cases;
    expect(first?.topic).toBe('general-question');
    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${first?.caseNumber}`, headers: admin })).json<Detail>();
    expect(detail.case.messages[0]?.attachments).toHaveLength(1);
  });
});

describe('help hub form rate limit', () => {
  it('limits the form path like the JSON API (429 as a page)', async () => {
    const t = await createTestApp({ worker: false, env: { POSTDESK_RATE_LIMITS: 'on' }, options: { rateLimits: { submitPerWindow: 2, statusPerWindow: 60, window: '10 minutes' } } });
    try {
      const form = await openForm(t, 'general-question');
      const post = () => t.app.inject({ method: 'POST', url: '/contact/general-question', headers: { ...FORM_HEADERS, cookie: form.cookie }, payload: urlencoded({ csrfToken: form.token, formStarted: form.started, name: '' }) });
      expect((await post()).statusCode).toBe(422);
      expect((await post()).statusCode).toBe(422);
      const limited = await post();
      expect(limited.statusCode).toBe(429);
      expect(limited.body).toContain('Too many messages');
    } finally {
      await t.close({ removeData: true });
    }
  });
});
