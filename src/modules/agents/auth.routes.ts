import type {} from '@fastify/rate-limit';
import { clearSessionCookie, currentAgent, readSessionToken, requireAgent, setSessionCookie } from '../../http/auth.js';
import type { HttpApp } from '../../http/types.js';
import type { Agent } from './agent.js';
import { LoginBody, SessionView } from './auth.schema.js';
import type { AuthService } from './auth.service.js';

export type AuthRoutesDeps = { auth: AuthService; secureCookies: boolean };

function presentAgent(agent: Agent) {
  return { id: agent.id, email: agent.email, name: agent.name, role: agent.role };
}

/** Agent sign-in: POST /auth/login, POST /auth/logout, GET /auth/me (CONTRACT.md "Agent"). */
export function registerAuthRoutes(app: HttpApp, deps: AuthRoutesDeps): void {
  const { auth, secureCookies } = deps;

  app.post('/api/v1/auth/login', {
    schema: { body: LoginBody, response: { 200: SessionView } },
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const result = await auth.login(request.body.email, request.body.password, request.ip);
    setSessionCookie(reply, result.sessionToken, result.expiresAt, { secureCookies });
    return { agent: presentAgent(result.agent), csrfToken: result.csrfToken };
  });

  app.post('/api/v1/auth/logout', { preValidation: requireAgent(auth) }, async (request, reply) => {
    await auth.logout(readSessionToken(request), request.ip);
    clearSessionCookie(reply, { secureCookies });
    return reply.status(204).send();
  });

  app.get('/api/v1/auth/me', {
    schema: { response: { 200: SessionView } },
    preValidation: requireAgent(auth),
  }, async (request) => {
    return { agent: presentAgent(currentAgent(request)), csrfToken: request.agentCsrfToken ?? '' };
  });
}
