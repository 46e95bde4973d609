import type {} from '@fastify/rate-limit';
import { currentAgent, requireAgent } from '../../http/auth.js';
import type { HttpApp } from '../../http/types.js';
import type { AgentProfile } from './agent-directory.repository.js';
import {
  AcceptInviteBody, AcceptInviteResponse, AgentAdminListResponse, AgentAdminResponse, AgentIdParams, AgentListResponse,
  InviteAgentBody, InvitedAgentResponse, OwnAvailabilityBody, UpdateAgentBody,
} from './agent-admin.schema.js';
import type { AgentAdminService } from './agent-admin.service.js';
import type { AuthService } from './auth.service.js';

/** The agent directory, the agents admin page, availability, and accepting an invitation. */
export function registerAgentAdminRoutes(app: HttpApp, deps: { auth: AuthService; agents: AgentAdminService }): void {
  app.get('/api/v1/agents', { schema: { response: { 200: AgentListResponse } }, preValidation: requireAgent(deps.auth) }, async () => ({
    agents: (await deps.agents.directory()).map(presentListItem),
  }));

  app.patch('/api/v1/agents/me', {
    schema: { body: OwnAvailabilityBody, response: { 200: AgentAdminResponse } },
    preValidation: requireAgent(deps.auth),
  }, async (request) => ({ agent: presentAdminItem(await deps.agents.setOwnAvailability(currentAgent(request), request.body.available)) }));

  app.get('/api/v1/admin/agents', { schema: { response: { 200: AgentAdminListResponse } }, preValidation: requireAgent(deps.auth, 'supervisor') }, async () => ({
    agents: (await deps.agents.list()).map(presentAdminItem),
  }));

  app.post('/api/v1/admin/agents', {
    schema: { body: InviteAgentBody, response: { 201: InvitedAgentResponse } },
    preValidation: requireAgent(deps.auth, 'admin'),
  }, async (request, reply) => {
    const { agent, expiresAt } = await deps.agents.invite({ ...request.body, role: request.body.role ?? 'agent' }, currentAgent(request));
    reply.status(201);
    return { agent: presentAdminItem(agent), invitationExpiresAt: expiresAt.toISOString() };
  });

  app.patch('/api/v1/admin/agents/:id', {
    schema: { params: AgentIdParams, body: UpdateAgentBody, response: { 200: AgentAdminResponse } },
    preValidation: requireAgent(deps.auth, 'supervisor'),
  }, async (request) => ({ agent: presentAdminItem(await deps.agents.update(request.params.id, request.body, currentAgent(request))) }));

  app.post('/api/v1/auth/accept-invite', {
    schema: { body: AcceptInviteBody, response: { 200: AcceptInviteResponse } },
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
  }, async (request) => {
    const agent = await deps.agents.acceptInvitation(request.body);
    return { agent: { id: agent.id, email: agent.email, name: agent.name, role: agent.role } };
  });
}

function presentListItem(agent: AgentProfile) {
  return { id: agent.id, name: agent.name, email: agent.email, role: agent.role, available: agent.available, departments: agent.departments };
}

function presentAdminItem(agent: AgentProfile) {
  return { ...presentListItem(agent), status: agent.status, createdAt: agent.createdAt.toISOString() };
}
