import { currentAgent, requireAgent } from '../../http/auth.js';
import type { HttpApp } from '../../http/types.js';
import type { AuthService } from '../agents/auth.service.js';
import type { CannedResponse as Canned } from './canned-responses.repository.js';
import {
  CannedForCaseQuery, CannedIdParams, CannedListResponse, CannedResponse, CreateCannedBody, RenderBody, RenderResponse, UpdateCannedBody,
} from './canned-responses.schema.js';
import type { CannedResponseService } from './canned-responses.service.js';

/** Canned responses: admins manage them (audited), every agent lists and renders them for a case. */
export function registerCannedResponseRoutes(app: HttpApp, deps: { auth: AuthService; canned: CannedResponseService }): void {
  const adminOnly = requireAgent(deps.auth, 'admin');
  const anyAgent = requireAgent(deps.auth);
  const admin = '/api/v1/admin/canned-responses';

  app.get(admin, { schema: { response: { 200: CannedListResponse } }, preValidation: adminOnly }, async () => ({
    cannedResponses: (await deps.canned.list()).map(present),
  }));

  app.post(admin, { schema: { body: CreateCannedBody, response: { 201: CannedResponse } }, preValidation: adminOnly }, async (request, reply) => {
    const created = await deps.canned.create(request.body, currentAgent(request));
    reply.status(201);
    return { cannedResponse: present(created) };
  });

  app.patch(`${admin}/:id`, {
    schema: { params: CannedIdParams, body: UpdateCannedBody, response: { 200: CannedResponse } },
    preValidation: adminOnly,
  }, async (request) => ({ cannedResponse: present(await deps.canned.update(request.params.id, request.body, currentAgent(request))) }));

  app.delete(`${admin}/:id`, { schema: { params: CannedIdParams, response: { 200: CannedResponse } }, preValidation: adminOnly }, async (request) => ({
    cannedResponse: present(await deps.canned.remove(request.params.id, currentAgent(request))),
  }));

  app.get('/api/v1/canned-responses', { schema: { querystring: CannedForCaseQuery, response: { 200: CannedListResponse } }, preValidation: anyAgent }, async (request) => ({
    cannedResponses: (await deps.canned.listForCase(request.query.caseNumber)).map(present),
  }));

  app.post('/api/v1/canned-responses/:id/render', {
    schema: { params: CannedIdParams, body: RenderBody, response: { 200: RenderResponse } },
    preValidation: anyAgent,
  }, async (request) => ({ body: await deps.canned.render(request.params.id, request.body.caseNumber, currentAgent(request)) }));
}

function present(canned: Canned) {
  return {
    id: canned.id, title: canned.title, body: canned.body, language: canned.language,
    department: canned.department ? { slug: canned.department.slug, name: canned.department.name } : null,
    active: canned.active, createdAt: canned.createdAt.toISOString(), updatedAt: canned.updatedAt.toISOString(),
  };
}
