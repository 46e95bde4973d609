import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from './postgres-databases.js';
import { createTestApp, signIn, type TestApp } from './test-app.js';
import { CASE_NUMBER, DEFAULT_TOPIC_SLUGS, SAMPLE_ADDRESS, submitCase, validForm } from './factories.js';

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

type CaseDetailBody = {
  case: {
    caseNumber: string;
    status: string;
    topic: string;
    department: string;
    priority: string;
    channel: string;
    subject: string;
    customer: { name: string; email: string; phone: string | null };
    trackingNumbers: { number: string; carrier: string; valid: boolean }[];
    messages: { direction: string; channel: string; text: string; html: string | null; author: { type: string; name: string | null } }[];
    events: { type: string; data: Record<string, unknown> }[];
  };
};

describe('public endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
  });
  afterAll(async () => {
    await t.close({ removeData: true });
  });

  it('GET /healthz answers 200 {"status":"ok"}', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('GET /api/v1/topics lists the nine default slugs with name, department and fields', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/topics' });
    expect(response.statusCode).toBe(200);
    const { topics } = response.json<{ topics: { slug: string; name: string; department: string; urgentGuidance?: string; fields: { name: string; required: boolean }[] }[] }>();
    expect(topics.map((topic) => topic.slug).sort()).toEqual([...DEFAULT_TOPIC_SLUGS].sort());
    for (const topic of topics) {
      expect(topic.name.length, topic.slug).toBeGreaterThan(0);
      expect(topic.department, topic.slug).toMatch(/^[a-z-]+$/);
      const fieldNames = topic.fields.map((field) => field.name);
      expect(fieldNames, topic.slug).toEqual(expect.arrayContaining(['name', 'email', 'description']));
    }
    const bySlug = new Map(topics.map((topic) => [topic.slug, topic]));
    expect(bySlug.get('passport')?.department).toBe('passport-services');
    expect(bySlug.get('passport')?.urgentGuidance).toMatch(/passport/i);
    expect(bySlug.get('general-question')?.urgentGuidance).toBeUndefined();
    expect(bySlug.get('missing-package')?.fields).toEqual(
      expect.arrayContaining([{ name: 'trackingNumber', required: true }, { name: 'address', required: true }]),
    );
    expect(bySlug.get('missing-package')?.name).toBe('Missing package');
  });

  it('GET /api/v1/topics?locale=es gives Spanish names and guidance', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/topics?locale=es' });
    expect(response.statusCode).toBe(200);
    const { topics } = response.json<{ topics: { slug: string; name: string; urgentGuidance?: string }[] }>();
    const bySlug = new Map(topics.map((topic) => [topic.slug, topic]));
    expect(bySlug.get('missing-package')?.name).toBe('Paquete perdido');
    expect(bySlug.get('passport')?.name).toBe('Pasaporte');
    expect(bySlug.get('passport')?.urgentGuidance).toMatch(/pasaporte/i);
  });

  it('an unknown route is a JSON 404', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json<ErrorBody>().error.code).toBe('route.not_found');
  });
});

describe('POST /api/v1/cases (JSON)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    // Many submissions from one address: the rate limits have their own tests below.
    t = await createTestApp({ worker: false, env: { POSTDESK_RATE_LIMITS: 'off' } });
    admin = await signIn(t.app);
  });
  afterAll(async () => {
    await t.close({ removeData: true });
  });

  async function detail(caseNumber: string): Promise<CaseDetailBody['case']> {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, headers: admin });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<CaseDetailBody>().case;
  }

  async function post(payload: unknown, headers: Record<string, string> = {}) {
    return t.app.inject({ method: 'POST', url: '/api/v1/cases', payload: payload as string, headers });
  }

  it('answers 201 with a case number, status new and the expected reply date', async () => {
    const before = Date.now();
    const response = await post(validForm('passport', { description: 'My passport application was lost in the mail.' }));
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json<{ caseNumber: string; status: string; expectedReplyBy: string; guidance?: string }>();
    expect(body.caseNumber).toMatch(CASE_NUMBER);
    expect(body.status).toBe('new');
    expect(new Date(body.expectedReplyBy).toISOString()).toBe(body.expectedReplyBy);
    // 3 business days: at least 3 calendar days ahead, at most a long weekend plus holidays more.
    const ahead = Date.parse(body.expectedReplyBy) - before;
    expect(ahead).toBeGreaterThan(2.5 * 86_400_000);
    expect(ahead).toBeLessThan(9 * 86_400_000);
    // Passport is urgent by nature: the guidance comes back at once.
    expect(body.guidance).toMatch(/1-877-487-2778/);
  });

  it('the agent detail API shows the new case, its message, timeline and department', async () => {
    const description = 'My passport application was sent on May 2 and has not arrived.\nCan you check?';
    const form = validForm('passport', { description, name: 'Maria Lopez', email: 'Maria.Lopez@Example.ORG', phone: '+1 202 555 0143' });
    const { caseNumber } = await submitCase(t.app, form);
    const found = await detail(caseNumber);
    expect(found.caseNumber).toBe(caseNumber);
    expect(found.status).toBe('new');
    expect(found.topic).toBe('passport');
    expect(found.department).toBe('passport-services');
    expect(found.channel).toBe('web');
    // Triage: a passport application that has not arrived is the canonical urgent matter.
    expect(found.priority).toBe('urgent');
    expect(found.customer).toMatchObject({ name: 'Maria Lopez', email: 'maria.lopez@example.org', phone: '+1 202 555 0143' });
    expect(found.messages).toHaveLength(1);
    expect(found.messages[0]!.direction).toBe('inbound');
    expect(found.messages[0]!.channel).toBe('web');
    expect(found.messages[0]!.author).toMatchObject({ type: 'customer', name: 'Maria Lopez' });
    expect(found.messages[0]!.text).toContain(description);
    const types = found.events.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['case.created', 'case.routed']));
    const routed = found.events.find((event) => event.type === 'case.routed')!;
    expect(routed.data).toMatchObject({ department: 'passport-services', topic: 'passport' });
    expect(Array.isArray(routed.data.reasons) && routed.data.reasons.length).toBeGreaterThan(0);
  });

  it('a new customer\'s simultaneous first contacts all become cases of one customer (PostgreSQL runs them side by side)', async () => {
    const email = `first.contact.${Date.now()}@example.org`;
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => post(validForm('general-question', { email, description: `Simultaneous question number ${i} about my parcel.` }))));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    const customers = await t.container.database.db.selectFrom('customers').select('id').where('email', '=', email).execute();
    expect(customers).toHaveLength(1);
    const cases = await t.container.database.db.selectFrom('cases').select('id').where('customer_id', '=', customers[0]!.id).execute();
    expect(cases).toHaveLength(8);
  });

  it('routes each topic to its department and keeps the tracking number and address', async () => {
    const { caseNumber } = await submitCase(t.app, validForm('missing-package', { trackingNumber: '9400 1000 0000 0000 0000 00' }));
    const found = await detail(caseNumber);
    expect(found.department).toBe('delivery-services');
    expect(found.trackingNumbers.map((tn) => tn.number)).toEqual(['9400100000000000000000']);
    expect(found.messages[0]!.text).toContain(`${SAMPLE_ADDRESS.street}, ${SAMPLE_ADDRESS.city}, DC 20260`);
    const refund = await submitCase(t.app, validForm('refund-claim'));
    expect((await detail(refund.caseNumber)).department).toBe('claims-refunds');
  });

  it('stores HTML in the name and description verbatim, as text', async () => {
    const name = '<b>Eve</b> <img src=x onerror=alert(1)>';
    const description = '<script>alert("pwned")</script> & my parcel';
    const { caseNumber } = await submitCase(t.app, validForm('general-question', { name, description }));
    const found = await detail(caseNumber);
    expect(found.customer.name).toBe(name);
    expect(found.messages[0]!.text).toBe(description);
    expect(found.messages[0]!.html).toBeNull();
    expect(found.subject).toBe(description);
  });

  it('accepts a description of exactly 10,000 characters', async () => {
    const response = await post(validForm('general-question', { description: 'x'.repeat(10_000) }));
    expect(response.statusCode, response.body).toBe(201);
  });

  describe('validation errors: 422 with a human message per field', () => {
    const cases: [string, Record<string, unknown>, Record<string, RegExp>][] = [
      ['missing name', validForm('general-question', { name: undefined }), { name: /full name/i }],
      ['blank name', validForm('general-question', { name: '   ' }), { name: /full name/i }],
      ['missing email', validForm('general-question', { email: undefined }), { email: /email address/i }],
      ['missing description', validForm('general-question', { description: undefined }), { description: /describe/i }],
      ['malformed email', validForm('general-question', { email: 'ana@@example' }), { email: /correct format.*name@example\.com/i }],
      ['email without a domain', validForm('general-question', { email: 'ana' }), { email: /correct format/i }],
      ['unknown topic', validForm('general-question', { topic: 'lottery-win' }), { topic: /choose/i }],
      ['missing topic', validForm('general-question', { topic: undefined }), { topic: /choose/i }],
      [
        'missing-package without tracking number and address',
        validForm('missing-package', { trackingNumber: undefined, address: undefined }),
        { trackingNumber: /tracking number/i, 'address.street': /street/i, 'address.city': /city/i, 'address.state': /state/i, 'address.zip': /ZIP/ },
      ],
      [
        'missing-package with an invalid state and ZIP',
        validForm('missing-package', { address: { ...SAMPLE_ADDRESS, state: 'ZZ', zip: '123' } }),
        { 'address.state': /state/i, 'address.zip': /ZIP code, like 20001/ },
      ],
      ['a tracking number that cannot be one', validForm('tracking', { trackingNumber: '12' }), { trackingNumber: /tracking number/i }],
      ['a malformed phone number', validForm('general-question', { phone: 'call me maybe' }), { phone: /telephone number/i }],
      ['an over-long description', validForm('general-question', { description: 'x'.repeat(10_001) }), { description: /10,000 characters or fewer/ }],
      ['an over-long name', validForm('general-question', { name: 'n'.repeat(201) }), { name: /200 characters or fewer/ }],
      ['an object as the name', validForm('general-question', { name: { first: 'Ana' } }), { name: /enter text/i }],
      ['an array as the description', validForm('general-question', { description: ['a', 'b'] }), { description: /enter text/i }],
      ['a boolean as the email', validForm('general-question', { email: true }), { email: /enter text/i }],
      ['a string as the address', validForm('informed-delivery', { address: '1 Main St' }), { address: /street, city, state and ZIP/ }],
    ];

    it.each(cases)('%s', async (_name, form, expected) => {
      const response = await post(form);
      expect(response.statusCode, response.body).toBe(422);
      const { error } = response.json<ErrorBody>();
      expect(error.code).toBe('validation.failed');
      expect(error.message.length).toBeGreaterThan(0);
      expect(Object.keys(error.fields ?? {}).sort()).toEqual(Object.keys(expected).sort());
      for (const [field, message] of Object.entries(expected)) expect(error.fields?.[field], field).toMatch(message);
    });

    it('reports every problem at once', async () => {
      const response = await post({ topic: 'missing-package', email: 'nope' });
      expect(response.statusCode).toBe(422);
      expect(Object.keys(response.json<ErrorBody>().error.fields ?? {})).toEqual(
        expect.arrayContaining(['name', 'email', 'description', 'trackingNumber', 'address.street', 'address.zip']),
      );
    });

    it('creates no case for a rejected form', async () => {
      const email = 'rejected.customer@example.org';
      const response = await post(validForm('general-question', { email, description: undefined }));
      expect(response.statusCode).toBe(422);
      // Read from the database: case search is SQLite-only until issue #7 brings it to PostgreSQL.
      const stored = await t.container.database.db
        .selectFrom('cases')
        .innerJoin('customers', 'customers.id', 'cases.customer_id')
        .select('cases.number')
        .where('customers.email', '=', email)
        .execute();
      expect(stored).toEqual([]);
      const customers = await t.container.database.db.selectFrom('customers').select('id').where('email', '=', email).execute();
      expect(customers).toEqual([]);
    });
  });

  it('answers malformed JSON with 400 request.malformed', async () => {
    const response = await post('{"topic": "general-question", "name": ', { 'content-type': 'application/json' });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>().error.code).toBe('request.malformed');
  });

  it('answers a JSON array or string body with 400 request.malformed', async () => {
    for (const body of ['[1,2,3]', '"hello"', 'null']) {
      const response = await post(body, { 'content-type': 'application/json' });
      expect(response.statusCode, body).toBe(400);
      expect(response.json<ErrorBody>().error.code, body).toBe('request.malformed');
    }
  });

  it('answers a JSON body over 1 MB with 413 request.too_large', async () => {
    const response = await post(JSON.stringify(validForm('general-question', { description: 'y'.repeat(1024 * 1024 + 10) })), {
      'content-type': 'application/json',
    });
    expect(response.statusCode).toBe(413);
    expect(response.json<ErrorBody>().error.code).toBe('request.too_large');
  });

  it('answers an unsupported content type with a JSON error', async () => {
    const response = await post('topic=general-question', { 'content-type': 'text/plain' });
    expect([400, 415]).toContain(response.statusCode);
    expect(response.json<ErrorBody>().error.code).toBe('request.malformed');
  });
});

describe('rate limits', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close({ removeData: true });
    t = undefined;
  });

  it('the 4th submission from one address within the window gets 429 rate.limited; another address does not', async () => {
    t = await createTestApp({ worker: false, options: { rateLimits: { submitPerWindow: 3, statusPerWindow: 3, window: '1 minute' } } });
    for (let i = 0; i < 3; i += 1) await submitCase(t.app, validForm(), '10.0.0.1');
    const fourth = await t.app.inject({ method: 'POST', url: '/api/v1/cases', payload: validForm(), remoteAddress: '10.0.0.1' });
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json<ErrorBody>().error.code).toBe('rate.limited');
    expect(fourth.json<ErrorBody>().error.message.length).toBeGreaterThan(0);
    // Invalid forms count too: a flood of junk cannot dodge the limit.
    const junk = await t.app.inject({ method: 'POST', url: '/api/v1/cases', payload: {}, remoteAddress: '10.0.0.1' });
    expect(junk.statusCode).toBe(429);
    // Per client address: somebody else is not throttled.
    await submitCase(t.app, validForm(), '10.0.0.2');
  });

  it.skipIf(testDatabaseKind() !== 'postgres')('processes sharing PostgreSQL count one budget per client, on the database\'s clock', async () => {
    const limits = { rateLimits: { submitPerWindow: 3, statusPerWindow: 3, window: '1 second' } };
    t = await createTestApp({ worker: false, options: limits });
    const other = await createTestApp({ worker: false, dataDir: t.dataDir, options: limits });
    try {
      const submit = (app: TestApp['app']) => app.inject({ method: 'POST', url: '/api/v1/cases', payload: validForm(), remoteAddress: '10.0.0.9' });
      expect((await submit(t.app)).statusCode).toBe(201);
      expect((await submit(other.app)).statusCode).toBe(201);
      expect((await submit(t.app)).statusCode).toBe(201);
      const fourth = await submit(other.app);
      expect(fourth.statusCode).toBe(429);
      expect(Number(fourth.headers['retry-after'])).toBeGreaterThanOrEqual(0);
      // The status lookup has its own budget (the form's is spent), shared the same way.
      const status = async (app: TestApp['app']) =>
        (await app.inject({ method: 'GET', url: '/api/v1/cases/PD-0000-0000/status?email=a%40b.example', remoteAddress: '10.0.0.9' })).statusCode;
      const lookups = [await status(other.app), await status(t.app), await status(other.app), await status(t.app)];
      expect(lookups.slice(0, 3)).not.toContain(429);
      expect(lookups[3]).toBe(429);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await submit(other.app)).statusCode).toBe(201);
    } finally {
      await other.close();
    }
  });

  it('the status lookup is limited separately', async () => {
    t = await createTestApp({ worker: false, options: { rateLimits: { submitPerWindow: 3, statusPerWindow: 3, window: '1 minute' } } });
    const form = validForm();
    const { caseNumber } = await submitCase(t.app, form, '10.0.0.3');
    const url = `/api/v1/cases/${caseNumber}/status?email=${encodeURIComponent(String(form.email))}`;
    for (let i = 0; i < 3; i += 1) {
      expect((await t.app.inject({ method: 'GET', url, remoteAddress: '10.0.0.3' })).statusCode).toBe(200);
    }
    const fourth = await t.app.inject({ method: 'GET', url, remoteAddress: '10.0.0.3' });
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json<ErrorBody>().error.code).toBe('rate.limited');
  });

  it('behind a trusted proxy (POSTDESK_TRUST_PROXY) each forwarded client has its own budget; forwarding headers from anyone else are ignored', async () => {
    t = await createTestApp({
      worker: false,
      env: { POSTDESK_TRUST_PROXY: '10.9.9.9' },
      options: { rateLimits: { submitPerWindow: 2, statusPerWindow: 2, window: '1 minute' } },
    });
    const app = t.app;
    const viaProxy = (client: string) =>
      app.inject({ method: 'POST', url: '/api/v1/cases', payload: validForm(), remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': client } });
    expect((await viaProxy('203.0.113.1')).statusCode).toBe(201);
    expect((await viaProxy('203.0.113.1')).statusCode).toBe(201);
    expect((await viaProxy('203.0.113.1')).statusCode).toBe(429);
    // Another customer behind the same proxy is not throttled by the first one's limit.
    expect((await viaProxy('203.0.113.2')).statusCode).toBe(201);
    // A client that is not the proxy cannot pick a fresh address for itself.
    const direct = (forwarded: string) =>
      app.inject({ method: 'POST', url: '/api/v1/cases', payload: validForm(), remoteAddress: '198.51.100.7', headers: { 'x-forwarded-for': forwarded } });
    expect((await direct('192.0.2.1')).statusCode).toBe(201);
    expect((await direct('192.0.2.2')).statusCode).toBe(201);
    expect((await direct('192.0.2.3')).statusCode).toBe(429);
  });

  it('without POSTDESK_TRUST_PROXY, X-Forwarded-For is ignored: the socket peer is the client', async () => {
    t = await createTestApp({ worker: false, options: { rateLimits: { submitPerWindow: 2, statusPerWindow: 2, window: '1 minute' } } });
    const app = t.app;
    const send = (forwarded: string) =>
      app.inject({ method: 'POST', url: '/api/v1/cases', payload: validForm(), remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': forwarded } });
    expect((await send('203.0.113.1')).statusCode).toBe(201);
    expect((await send('203.0.113.2')).statusCode).toBe(201);
    expect((await send('203.0.113.3')).statusCode).toBe(429);
  });

  it('POSTDESK_RATE_LIMITS=off never throttles', async () => {
    t = await createTestApp({
      worker: false,
      env: { POSTDESK_RATE_LIMITS: 'off' },
      options: { rateLimits: { submitPerWindow: 3, statusPerWindow: 3, window: '1 minute' } },
    });
    for (let i = 0; i < 8; i += 1) await submitCase(t.app, validForm(), '10.0.0.4');
  });
});
