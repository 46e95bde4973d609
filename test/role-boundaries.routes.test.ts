import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, signInNewAgent, type TestApp } from './test-app.js';

/**
 * Walks every route of the OpenAPI document, so a route added later is covered without anyone
 * remembering to: no session → 401, an agent on an admin route → 403, no CSRF token → 403.
 * Public routes are listed here on purpose: making a route public is a decision to write down.
 */
const PUBLIC_ROUTES = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /api/v1/topics',
  'POST /api/v1/cases',
  'GET /api/v1/cases/{caseNumber}/status',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/accept-invite',
  // Help article suggestions while a customer types on a contact form (rate-limited, published articles only).
  'GET /api/v1/help/suggestions',
]);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

type Route = { method: string; path: string; url: string };

let t: TestApp;
let routes: Route[];
let agent: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  const document = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(document.paths).flatMap(([path, operations]) =>
    METHODS.filter((m) => operations[m]).map((m) => ({
      method: m.toUpperCase(),
      path,
      url: path.replace('{caseNumber}', 'PD-0000-0000').replace(/\{[^}]+\}/g, '01900000-0000-7000-8000-000000000000'),
    })),
  );
  agent = (await signInNewAgent(t, { email: 'plain.agent@postdesk.test', role: 'agent' })).headers;
  admin = await signIn(t.app);
});
afterAll(() => t.close({ removeData: true }));

const key = (route: Route) => `${route.method} ${route.path}`;
const send = (route: Route, headers: Record<string, string>) =>
  t.app.inject({ method: route.method as 'GET', url: route.url, headers, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }) });

describe('role boundaries on every API route', () => {
  it('finds the routes to check', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => PUBLIC_ROUTES.has(key(r))).length).toBeGreaterThanOrEqual(4);
  });

  it('answers 401 without a session on every non-public route', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => !PUBLIC_ROUTES.has(key(r)))) {
      const response = await send(route, {});
      if (response.statusCode !== 401) failures.push(`${key(route)} → ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to an agent on every admin route', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.path.startsWith('/api/v1/admin/'))) {
      const response = await send(route, agent);
      if (response.statusCode !== 403 || response.json().error.code !== 'auth.forbidden') failures.push(`${key(route)} → ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 auth.csrf to a state change without the X-CSRF-Token header', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method !== 'GET' && !PUBLIC_ROUTES.has(key(r)))) {
      const response = await send(route, { cookie: admin.cookie! });
      if (response.statusCode !== 403 || response.json().error.code !== 'auth.csrf') failures.push(`${key(route)} → ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});
