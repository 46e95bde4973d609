import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { pino } from 'pino';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.js';
import { systemClock } from '../../kernel/clock.js';
import { currentAgent, requireAgent } from '../../http/auth.js';
import { handleHttpError } from '../../http/error-handler.js';
import type { HttpApp } from '../../http/types.js';
import { registerAuthRoutes } from './auth.routes.js';
import { createAuthService, type AuthService } from './auth.service.js';

const PASSWORD = 'correct horse battery';

let database: TestDatabase;
let auth: AuthService;
let app: HttpApp;

async function buildApp(options: { secureCookies: boolean }): Promise<HttpApp> {
  const instance = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  await instance.register(fastifyCookie);
  await instance.register(fastifyRateLimit, { global: false });
  instance.setErrorHandler(handleHttpError);
  registerAuthRoutes(instance, { auth, secureCookies: options.secureCookies });
  instance.get('/test/supervised', { preValidation: requireAgent(auth, 'supervisor') }, async (request) => ({
    name: currentAgent(request).name,
  }));
  instance.post('/test/action', { preValidation: requireAgent(auth) }, async (request) => ({ by: currentAgent(request).email }));
  await instance.ready();
  return instance;
}

beforeEach(async () => {
  database = await createTestDatabase();
  auth = createAuthService({ db: database.db, clock: systemClock, log: pino({ level: 'silent' }) });
  await auth.createAgent({ email: 'agent@example.org', name: 'Alex Agent', role: 'agent', password: PASSWORD });
  await auth.createAgent({ email: 'sup@example.org', name: 'Sam Supervisor', role: 'supervisor', password: PASSWORD });
  app = await buildApp({ secureCookies: false });
});
afterEach(async () => {
  await app.close();
  await database.cleanup();
});

async function login(email: string, password = PASSWORD) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
}

async function signIn(email: string): Promise<{ cookie: string; csrfToken: string }> {
  const response = await login(email);
  expect(response.statusCode).toBe(200);
  const cookie = response.cookies.find((c) => c.name === 'pd_session');
  if (!cookie) throw new Error('no session cookie');
  return { cookie: `pd_session=${cookie.value}`, csrfToken: response.json<{ csrfToken: string }>().csrfToken };
}

describe('POST /api/v1/auth/login', () => {
  it('sets an HttpOnly SameSite=Lax session cookie and returns the agent and CSRF token', async () => {
    const response = await login('Agent@Example.org');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      agent: { id: expect.any(String), email: 'agent@example.org', name: 'Alex Agent', role: 'agent' },
      csrfToken: expect.any(String),
    });
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/^pd_session=[A-Za-z0-9_-]{43};/);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Lax');
    expect(header).toContain('Path=/');
    expect(header).not.toContain('Secure');
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    await app.close();
    app = await buildApp({ secureCookies: true });
    const response = await login('agent@example.org');
    expect(String(response.headers['set-cookie'])).toContain('Secure');
  });

  it('answers 401 for a wrong password and an unknown email alike', async () => {
    const wrong = await login('agent@example.org', 'not the password');
    const unknown = await login('nobody@example.org');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.json()).toMatchObject({ error: { code: 'auth.invalid_credentials' } });
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('answers 422 with field errors for a malformed body', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'agent@example.org' } });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ error: { code: 'validation.failed', fields: { password: expect.any(String) } } });
  });

  it('answers 423 once the account is locked', async () => {
    for (let i = 0; i < 5; i++) await login('agent@example.org', 'not the password');
    const response = await login('agent@example.org');
    expect(response.statusCode).toBe(423);
    expect(response.json()).toMatchObject({ error: { code: 'auth.locked' } });
  });

  it('is rate-limited to 10 attempts a minute per address', async () => {
    for (let i = 0; i < 10; i++) expect((await login('nobody@example.org')).statusCode).toBe(401);
    const response = await login('nobody@example.org');
    expect(response.statusCode).toBe(429);
    expect(response.json()).toMatchObject({ error: { code: 'rate.limited' } });
  });
});

describe('requireAgent', () => {
  it('walks 401 → 403 (role) → 200 on a supervisor-only GET', async () => {
    expect((await app.inject({ method: 'GET', url: '/test/supervised' })).json()).toMatchObject({ error: { code: 'auth.required' } });
    const bogus = await app.inject({ method: 'GET', url: '/test/supervised', headers: { cookie: 'pd_session=bogus' } });
    expect(bogus.statusCode).toBe(401);

    const agent = await signIn('agent@example.org');
    const forbidden = await app.inject({ method: 'GET', url: '/test/supervised', headers: { cookie: agent.cookie } });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ error: { code: 'auth.forbidden' } });

    const supervisor = await signIn('sup@example.org');
    const allowed = await app.inject({ method: 'GET', url: '/test/supervised', headers: { cookie: supervisor.cookie } });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json()).toEqual({ name: 'Sam Supervisor' });
  });

  it('walks 401 → 403 (CSRF missing, then wrong) → 200 on a POST', async () => {
    expect((await app.inject({ method: 'POST', url: '/test/action' })).statusCode).toBe(401);
    const { cookie, csrfToken } = await signIn('agent@example.org');

    const missing = await app.inject({ method: 'POST', url: '/test/action', headers: { cookie } });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ error: { code: 'auth.csrf' } });
    const wrong = await app.inject({ method: 'POST', url: '/test/action', headers: { cookie, 'x-csrf-token': `${csrfToken}x` } });
    expect(wrong.statusCode).toBe(403);

    const ok = await app.inject({ method: 'POST', url: '/test/action', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ by: 'agent@example.org' });
  });

  it("does not accept another session's CSRF token", async () => {
    const first = await signIn('agent@example.org');
    const second = await signIn('agent@example.org');
    const response = await app.inject({
      method: 'POST',
      url: '/test/action',
      headers: { cookie: first.cookie, 'x-csrf-token': second.csrfToken },
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('GET /api/v1/auth/me and POST /api/v1/auth/logout', () => {
  it('recovers the CSRF token, then logs out with it and clears the cookie', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const { cookie, csrfToken } = await signIn('sup@example.org');

    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ agent: { email: 'sup@example.org', role: 'supervisor' }, csrfToken });

    const noToken = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(noToken.statusCode).toBe(403);

    const logout = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(logout.statusCode).toBe(204);
    expect(logout.body).toBe('');
    const cleared = logout.cookies.find((c) => c.name === 'pd_session');
    expect(cleared?.value).toBe('');
    expect(cleared?.expires?.getTime()).toBeLessThan(Date.now());

    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });
});
