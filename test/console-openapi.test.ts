import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.js';

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };

/** The console's API client is generated from this document: every console route needs a typed answer. */
const CONSOLE_ROUTES: [string, string][] = [
  ['post', '/api/v1/cases/{caseNumber}/merge'],
  ['post', '/api/v1/cases/{caseNumber}/links'],
  ['delete', '/api/v1/cases/{caseNumber}/links/{other}'],
  ['post', '/api/v1/cases/{caseNumber}/calls'],
  ['post', '/api/v1/cases/{caseNumber}/tasks'],
  ['get', '/api/v1/tasks'],
  ['patch', '/api/v1/tasks/{id}'],
  ['get', '/api/v1/admin/canned-responses'],
  ['post', '/api/v1/admin/canned-responses'],
  ['patch', '/api/v1/admin/canned-responses/{id}'],
  ['delete', '/api/v1/admin/canned-responses/{id}'],
  ['get', '/api/v1/canned-responses'],
  ['post', '/api/v1/canned-responses/{id}/render'],
  ['get', '/api/v1/agents'],
  ['patch', '/api/v1/agents/me'],
  ['get', '/api/v1/admin/agents'],
  ['post', '/api/v1/admin/agents'],
  ['patch', '/api/v1/admin/agents/{id}'],
  ['post', '/api/v1/auth/accept-invite'],
  ['get', '/api/v1/admin/departments'],
  ['patch', '/api/v1/admin/departments/{slug}'],
  ['patch', '/api/v1/admin/topics/{slug}'],
  ['get', '/api/v1/admin/settings/contact'],
  ['put', '/api/v1/admin/settings/contact'],
  ['get', '/api/v1/admin/settings/calendar'],
  ['put', '/api/v1/admin/settings/calendar'],
  ['get', '/api/v1/admin/articles'],
  ['post', '/api/v1/admin/articles'],
  ['get', '/api/v1/admin/articles/stats'],
  ['patch', '/api/v1/admin/articles/{slug}'],
  ['delete', '/api/v1/admin/articles/{slug}'],
];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
});
afterAll(() => t.close({ removeData: true }));

describe('GET /api/v1/openapi.json', () => {
  it('describes every console route with a JSON response schema', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = response.json<{ paths: Record<string, Record<string, Operation>> }>().paths;
    for (const [method, path] of CONSOLE_ROUTES) {
      const operation = paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      const success = Object.entries(operation?.responses ?? {}).find(([status]) => status.startsWith('2'));
      expect(success?.[1].content?.['application/json']?.schema, `${method} ${path}`).toBeDefined();
    }
  });
});
