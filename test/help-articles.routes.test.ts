import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/kernel/clock.js';
import { createTestApp, signIn, signInNewAgent, type TestApp } from './test-app.js';

const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };
const urlencoded = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

type Suggestion = { slug: string; title: string; summary: string; url: string; lang: string };
type Stats = {
  articles: { slug: string; shown: number; clicked: number; helpfulYes: number; helpfulNo: number; deflected: number }[];
  totals: Record<string, number>;
};

/** A browser's cookie jar for one customer: what the pages set, sent back on every request. */
function customer(t: TestApp, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const request = async (options: { method?: 'GET' | 'POST'; url: string; form?: Record<string, string> }) => {
    const response = await t.app.inject({
      method: options.method ?? 'GET', url: options.url,
      headers: { ...headers, ...(options.form ? FORM_HEADERS : {}), cookie: cookie() },
      ...(options.form ? { payload: urlencoded(options.form) } : {}),
    });
    for (const set of response.cookies) jar.set(set.name, set.value);
    return response;
  };
  const hidden = (body: string, name: string) => {
    const value = new RegExp(`name="${name}" value="([^"]+)"`).exec(body)?.[1];
    if (!value) throw new Error(`no hidden ${name} on the page`);
    return value;
  };
  return { request, hidden };
}

describe('help article pages (server-rendered)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
  });
  afterAll(() => t.close({ removeData: true }));

  it('links the hub to the articles, and lists them by topic in the reader\'s language', async () => {
    const hub = await t.app.inject({ method: 'GET', url: '/', headers: { 'accept-language': 'en' } });
    expect(hub.body).toContain('<a href="/help">Browse all help articles</a>');
    expect(hub.body).toMatch(/<form role="search" class="search-form" action="\/help" method="get">/);

    const index = await t.app.inject({ method: 'GET', url: '/help', headers: { 'accept-language': 'es-MX' } });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self';");
    expect(index.body).toContain('<html lang="es">');
    expect(index.body).toContain('<h1>Artículos de ayuda</h1>');
    expect(index.body).toContain('<h3 id="topic-passport">Pasaporte</h3>');
    expect(index.body).toContain('<a href="/help/lost-passport-application">Mi solicitud de pasaporte parece perdida</a>');
  });

  it('searches without script, best match first, and says so when nothing matches', async () => {
    const found = await t.app.inject({ method: 'GET', url: `/help?q=${encodeURIComponent('package marked delivered but not received')}` });
    const results = found.body.slice(found.body.indexOf('id="results-heading"'), found.body.indexOf('Articles by topic'));
    expect(/href="\/help\/([a-z-]+)"/.exec(results)?.[1]).toBe('delivered-but-not-received');

    const none = await t.app.inject({ method: 'GET', url: '/help?q=zeppelin&lang=ro' });
    expect(none.body).toContain('Niciun articol nu corespunde căutării „zeppelin”');

    // A pasted essay is shortened, not refused with an error page.
    const long = await t.app.inject({ method: 'GET', url: `/help?q=${'hold mail '.repeat(60)}&from=${'x'.repeat(100)}` });
    expect(long.statusCode).toBe(200);
    expect(long.body).toContain('href="/help/hold-mail"');
  });

  it('renders an article from its markup, with "Did this answer your question?"', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/help/passport-appointments-urgent-travel?lang=ro' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Pașapoarte: programări la oficiul poștal și călătorii urgente</h1>');
    expect(page.body).toContain('<strong><a href="tel:+18774872778">1-877-487-2778</a></strong>');
    expect(page.body).toContain('<h2>Călătoriți curând?</h2>');
    expect(page.body).toMatch(/<form class="feedback" action="\/help\/passport-appointments-urgent-travel\/feedback" method="post"><input type="hidden" name="csrfToken" value="[^"]+"\/>/);
    expect(page.body).toContain('<button type="submit" value="yes" class="button" name="answer">Da</button>');
    expect(page.body).toContain('<a href="/contact/passport">Trimiteți-ne un mesaj despre: Pașaport</a>');
    expect((await t.app.inject({ method: 'GET', url: '/help/no-such-article' })).statusCode).toBe(404);
  });

  it('falls back to English with lang="en" on the text, and escapes whatever an admin wrote', async () => {
    const admin = await signIn(t.app);
    const created = await t.app.inject({
      method: 'POST', url: '/api/v1/admin/articles', headers: admin,
      payload: {
        slug: 'local-opening-hours', topics: ['general-question'], published: true,
        texts: { en: { title: 'Opening <b>hours</b>', summary: 'When we are open.', body: 'Open <script>alert(1)</script> daily.\n\n- [Locator](javascript:alert(1)) is not a link' } },
      },
    });
    expect(created.statusCode, created.body).toBe(422);
    expect(created.json().error.fields).toHaveProperty(['texts.en.body']);
    const fixed = await t.app.inject({
      method: 'POST', url: '/api/v1/admin/articles', headers: admin,
      payload: { slug: 'local-opening-hours', topics: ['general-question'], published: true, texts: { en: { title: 'Opening <b>hours</b>', summary: 'When we are open.', body: 'Open <script>alert(1)</script> daily.' } } },
    });
    expect(fixed.statusCode, fixed.body).toBe(201);
    const page = await t.app.inject({ method: 'GET', url: '/help/local-opening-hours', headers: { 'accept-language': 'es' } });
    expect(page.body).toContain('<html lang="es">');
    expect(page.body).toContain('Este artículo todavía no está disponible en español');
    expect(page.body).toContain('<article lang="en" class="article"><h1>Opening &lt;b&gt;hours&lt;/b&gt;</h1>');
    expect(page.body).toContain('<p>Open &lt;script&gt;alert(1)&lt;/script&gt; daily.</p>');
    expect(page.body).not.toContain('<script>alert');
  });

  it('records answers only with the form\'s CSRF token; "Yes" thanks, "No, contact us" leads to the form', async () => {
    const browser = customer(t);
    const page = await browser.request({ url: '/help/redelivery' });
    const csrfToken = browser.hidden(page.body, 'csrfToken');

    const forged = await customer(t).request({ method: 'POST', url: '/help/redelivery/feedback', form: { csrfToken, answer: 'yes' } });
    expect(forged.statusCode).toBe(403);

    const yes = await browser.request({ method: 'POST', url: '/help/redelivery/feedback', form: { csrfToken, answer: 'yes' } });
    expect(yes.statusCode).toBe(303);
    expect(yes.headers.location).toBe('/help/redelivery?answered=yes');
    const thanks = await browser.request({ url: String(yes.headers.location) });
    expect(thanks.body).toContain('We are glad this answered your question.');
    expect(thanks.body).not.toContain('name="answer"');

    const no = await browser.request({ method: 'POST', url: '/help/redelivery/feedback', form: { csrfToken, answer: 'no' } });
    expect(no.statusCode).toBe(303);
    expect(no.headers.location).toBe('/contact/delivery-problem');

    const admin = await signIn(t.app);
    const article = (await t.app.inject({ method: 'GET', url: '/api/v1/admin/articles/redelivery', headers: admin })).json().article;
    expect(article.counters).toEqual({ views: 1, helpfulYes: 1, helpfulNo: 1 });
  });
});

describe('articles that may help, on the contact form without script', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
  });
  afterAll(() => t.close({ removeData: true }));

  it('shows the topic\'s first articles, then matches for the description when the form comes back with errors', async () => {
    const browser = customer(t, { 'accept-language': 'ro' });
    const form = await browser.request({ url: '/contact/general-question' });
    const visitId = browser.hidden(form.body, 'visitId');
    expect(visitId).toMatch(/^[\w-]{22}$/);
    const panel = (body: string) => body.slice(body.indexOf('data-article-suggestions'), body.indexOf('data-suggestion-status'));
    expect([...panel(form.body).matchAll(/<a href="\/help\/([a-z-]+)\?from=/g)].map((m) => m[1])).toEqual(['po-box', 'international-prohibited-items', 'stamps-and-postage-prices']);
    expect(panel(form.body)).toContain(`data-visit="${visitId}"`);
    // The panel comes before the description it helps with.
    expect(form.body.indexOf('id="suggestions-heading"')).toBeLessThan(form.body.indexOf('id="description"'));

    const invalid = await browser.request({
      method: 'POST', url: '/contact/general-question',
      form: { csrfToken: browser.hidden(form.body, 'csrfToken'), formStarted: browser.hidden(form.body, 'formStarted'), visitId, locale: 'ro', name: '', description: 'Am primit un SMS care îmi cere o taxă de relivrare. Este o înșelătorie?' },
    });
    expect(invalid.statusCode).toBe(422);
    expect(browser.hidden(invalid.body, 'visitId')).toBe(visitId);
    expect(/<a href="\/help\/([a-z-]+)\?from=/.exec(panel(invalid.body))?.[1]).toBe('delivery-fee-scam-texts');
    expect(panel(invalid.body)).toContain('SMS-urile despre o taxă de livrare sau o livrare eșuată sunt înșelătorii');
  });
});

describe('GET /api/v1/help/suggestions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ worker: false, options: { helpArticles: { suggestionLimit: { max: 8, timeWindow: '1 minute' } } } });
  });
  afterAll(() => t.close({ removeData: true }));

  const suggest = (query: Record<string, string>, remoteAddress = '10.0.0.1') =>
    t.app.inject({ method: 'GET', url: `/api/v1/help/suggestions?${new URLSearchParams(query)}`, remoteAddress });

  it('answers up to 3 articles for what is typed, in the requested language', async () => {
    const response = await suggest({ q: 'mi paquete dice entregado pero no lo recibí', topic: 'missing-package', locale: 'es-MX' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const { suggestions } = response.json<{ suggestions: Suggestion[] }>();
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.length).toBeLessThanOrEqual(3);
    expect(suggestions[0]).toEqual({
      slug: 'delivered-but-not-received', title: 'Paquete marcado como entregado pero no recibido', lang: 'es',
      summary: expect.stringContaining('entregado'), url: '/help/delivered-but-not-received',
    });
  });

  it('gives the topic\'s first articles when nothing is typed yet', async () => {
    const { suggestions } = (await suggest({ topic: 'refund-claim' })).json<{ suggestions: Suggestion[] }>();
    expect(suggestions.map((s) => s.slug)).toEqual(['priority-mail-express-refund', 'insurance-claim', 'damaged-item']);
  });

  it.each<[string, Record<string, string>]>([
    ['a query longer than 500 characters', { q: 'parcel '.repeat(80) }],
    ['a topic that is not a slug', { q: 'hold my mail', topic: '../admin' }],
    ['a visit id of the wrong shape', { q: 'hold my mail', visit: 'abc' }],
    ['an unknown parameter', { q: 'hold my mail', debug: '1' }],
  ])('refuses %s with 422', async (_label, query) => {
    const response = await suggest(query, '10.0.0.2');
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('validation.failed');
  });

  it('is rate-limited per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i += 1) statuses.push((await suggest({ q: `stamps price ${i}` }, '10.0.0.3')).statusCode);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(200));
    expect(statuses[8]).toBe(429);
    expect((await suggest({ q: 'stamps price' }, '10.0.0.4')).statusCode).toBe(200);
  });
});

describe('deflection: which visits a suggestion answered', () => {
  const clock = createManualClock(new Date('2026-03-02T14:00:00Z'));
  let t: TestApp;
  let supervisor: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp({ worker: false, options: { clock } });
    supervisor = (await signInNewAgent(t, { email: 'sue.pervisor@postdesk.test', role: 'supervisor' })).headers;
  });
  afterAll(() => t.close({ removeData: true }));

  const stats = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/admin/articles/stats', headers: supervisor })).json<Stats>();
  const row = (s: Stats, slug: string) => s.articles.find((a) => a.slug === slug);

  /** Opens the general-question form, types, and follows the first suggestion. */
  async function visitAndFollow(description: string) {
    const browser = customer(t);
    const form = await browser.request({ url: '/contact/general-question' });
    const visitId = browser.hidden(form.body, 'visitId');
    expect(form.body).toContain('<h2 id="suggestions-heading">Articles that may help</h2>');
    const typed = await browser.request({ url: `/api/v1/help/suggestions?${new URLSearchParams({ q: description, topic: 'general-question', locale: 'en', visit: visitId })}` });
    const first = typed.json<{ suggestions: Suggestion[] }>().suggestions[0];
    if (!first) throw new Error('nothing suggested');
    expect(first.url).toBe(`/help/${first.slug}?from=${visitId}`);
    const article = await browser.request({ url: first.url });
    expect(article.statusCode).toBe(200);
    return { browser, form, visitId, slug: first.slug, article };
  }

  it('counts a visit that followed a suggestion and sent nothing for 30 minutes as deflected, and one that sent the form as not', async () => {
    const left = await visitAndFollow('How much does a stamp cost for a letter?');
    expect(left.slug).toBe('stamps-and-postage-prices');

    const sent = await visitAndFollow('What does a stamp for a letter to Canada cost?');
    expect(sent.slug).toBe('stamps-and-postage-prices');
    // Back on the form (the cookie continues the visit), the customer sends it after all.
    const again = await sent.browser.request({ url: '/contact/general-question' });
    expect(sent.browser.hidden(again.body, 'visitId')).toBe(sent.visitId);
    const submitted = await sent.browser.request({
      method: 'POST', url: '/contact/general-question',
      form: {
        csrfToken: sent.browser.hidden(again.body, 'csrfToken'), formStarted: sent.browser.hidden(again.body, 'formStarted'), visitId: sent.visitId, locale: 'en', name: 'Ana Popescu',
        email: 'ana@example.org', emailConfirmation: 'ana@example.org', description: 'I still need to know the price of a stamp to Canada.',
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(303);

    const soon = await stats();
    expect(row(soon, 'stamps-and-postage-prices')).toMatchObject({ clicked: 2, deflected: 0 });
    expect(soon.totals).toMatchObject({ visits: 2, visitsClicked: 2, converted: 1, pending: 1, deflected: 0 });

    clock.advance(31 * 60_000);
    const later = await stats();
    expect(row(later, 'stamps-and-postage-prices')).toMatchObject({ clicked: 2, deflected: 1 });
    expect(later.totals).toMatchObject({ visits: 2, converted: 1, pending: 0, deflected: 1 });
  });

  it('counts "Yes, this answered my question" at once, and "No, contact us" never', async () => {
    const before = await stats();
    const yes = await visitAndFollow('I need a PO Box for my small business');
    expect(yes.slug).toBe('po-box');
    const answeredYes = await yes.browser.request({
      method: 'POST', url: `/help/${yes.slug}/feedback`,
      form: { csrfToken: yes.browser.hidden(yes.article.body, 'csrfToken'), from: yes.browser.hidden(yes.article.body, 'from'), answer: 'yes' },
    });
    expect(answeredYes.statusCode).toBe(303);

    const no = await visitAndFollow('Can I send perfume to my sister abroad?');
    expect(no.slug).toBe('international-prohibited-items');
    const answeredNo = await no.browser.request({
      method: 'POST', url: `/help/${no.slug}/feedback`,
      form: { csrfToken: no.browser.hidden(no.article.body, 'csrfToken'), from: no.visitId, answer: 'no' },
    });
    expect(answeredNo.headers.location).toBe('/contact/general-question');

    clock.advance(31 * 60_000);
    const after = await stats();
    expect(row(after, 'po-box')).toMatchObject({ helpfulYes: 1, deflected: 1 });
    expect(row(after, 'international-prohibited-items')).toMatchObject({ helpfulNo: 1, deflected: 0 });
    expect(after.totals.deflected).toBe((before.totals.deflected ?? 0) + 1);
    expect(after.totals.shown).toBeGreaterThan(before.totals.shown ?? 0);
  });

  it('reads a period, and refuses a backwards or malformed one', async () => {
    const empty = (await t.app.inject({ method: 'GET', url: '/api/v1/admin/articles/stats?from=2025-01-01&to=2025-01-31', headers: supervisor })).json<Stats>();
    expect(empty.totals).toMatchObject({ visits: 0, deflected: 0 });
    for (const query of ['from=2026-03-05&to=2026-03-01', 'from=yesterday', 'to=2026-02-30']) {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/admin/articles/stats?${query}`, headers: supervisor });
      expect(response.statusCode, query).toBe(422);
    }
  });
});

describe('admin API for help articles', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let supervisor: Record<string, string>;
  let agent: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
    admin = await signIn(t.app);
    supervisor = (await signInNewAgent(t, { email: 'sam.supervisor@postdesk.test', role: 'supervisor' })).headers;
    agent = (await signInNewAgent(t, { email: 'ann.agent@postdesk.test', role: 'agent' })).headers;
  });
  afterAll(() => t.close({ removeData: true }));

  const draft = { slug: 'sunday-delivery', topics: ['delivery-problem'], texts: { en: { title: 'Sunday delivery', summary: 'Which items we deliver on Sundays.', body: 'Priority Mail Express is delivered on Sundays in many areas.' } } };

  it('lets supervisors read, only admins write', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/articles', headers: agent })).statusCode).toBe(403);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/admin/articles', headers: supervisor });
    expect(list.statusCode).toBe(200);
    expect(list.json().articles).toHaveLength(20);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/articles/stats', headers: supervisor })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/articles', headers: supervisor, payload: draft })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/admin/articles/po-box', headers: supervisor })).statusCode).toBe(403);
  });

  it('creates a draft, publishes it, translates it, and deletes it', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/admin/articles', headers: admin, payload: draft });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().article).toMatchObject({ slug: 'sunday-delivery', published: false, url: '/help/sunday-delivery', position: 20, updatedBy: { name: expect.any(String) } });
    expect((await t.app.inject({ method: 'GET', url: '/help/sunday-delivery' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/articles', headers: admin, payload: draft })).statusCode).toBe(409);

    const published = await t.app.inject({ method: 'PATCH', url: '/api/v1/admin/articles/sunday-delivery', headers: admin, payload: { published: true } });
    expect(published.json().article.published).toBe(true);
    const suggested = await t.app.inject({ method: 'GET', url: `/api/v1/help/suggestions?q=${encodeURIComponent('is there delivery on sunday')}&topic=delivery-problem` });
    expect(suggested.json().suggestions[0].slug).toBe('sunday-delivery');

    const translated = await t.app.inject({
      method: 'PATCH', url: '/api/v1/admin/articles/sunday-delivery', headers: admin,
      payload: { texts: { es: { title: 'Entrega en domingo', summary: 'Qué envíos entregamos los domingos.', body: 'Priority Mail Express se entrega los domingos en muchas zonas.' } } },
    });
    expect(Object.keys(translated.json().article.texts).sort()).toEqual(['en', 'es']);
    const spanish = await t.app.inject({ method: 'GET', url: '/help/sunday-delivery?lang=es' });
    expect(spanish.body).toContain('<article class="article"><h1>Entrega en domingo</h1>');
    const search = await t.app.inject({ method: 'GET', url: `/api/v1/help/suggestions?q=${encodeURIComponent('entrega los domingos')}&locale=es` });
    expect(search.json().suggestions[0].slug).toBe('sunday-delivery');

    const removed = await t.app.inject({ method: 'DELETE', url: '/api/v1/admin/articles/sunday-delivery', headers: admin });
    expect(removed.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/help/sunday-delivery' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/articles/sunday-delivery', headers: admin })).statusCode).toBe(404);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown topic', { ...draft, slug: 'x-topic', topics: ['no-such-topic'] }, 'topics'],
    ['a reserved slug', { ...draft, slug: 'stats' }, 'slug'],
    ['a slug that is not one', { ...draft, slug: 'Sunday Delivery' }, 'slug'],
    ['a javascript: link', { ...draft, slug: 'x-link', texts: { en: { ...draft.texts.en, body: 'See [this](javascript:alert(1)).' } } }, 'texts.en.body'],
    ['no English text', { ...draft, slug: 'x-lang', texts: { es: draft.texts.en } }, 'texts'],
  ])('refuses %s (422)', async (_label, payload, field) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/admin/articles', headers: admin, payload });
    expect(response.statusCode, response.body).toBe(422);
    expect(Object.keys(response.json().error.fields ?? {}).join(' ')).toContain(field);
  });

  it('never removes the English text', async () => {
    const response = await t.app.inject({ method: 'PATCH', url: '/api/v1/admin/articles/po-box', headers: admin, payload: { texts: { en: null } } });
    expect(response.statusCode).toBe(422);
  });
});
