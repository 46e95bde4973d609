import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { AppError } from '../kernel/errors.js';
import { hasRole, type Agent, type AgentRole, type AuthService } from '../modules/agents/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in agent, set by `requireAgent`. */
    agent?: Agent;
    /** The session id (hash of the cookie token), set by `requireAgent`. */
    agentSessionId?: string;
    /** The session's CSRF token, set by `requireAgent` (GET /auth/me hands it back to the console). */
    agentCsrfToken?: string;
  }
}

/** Name of the agent session cookie (HttpOnly: scripts never see the token). */
export const SESSION_COOKIE = 'pd_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type SessionCookieOptions = { secureCookies: boolean };

/** Sets the session cookie; SameSite=Lax keeps it off cross-site POSTs, the CSRF header covers the rest. */
export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, options: SessionCookieOptions): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secureCookies,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, options: SessionCookieOptions): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: '/' });
}

/** The session token from the cookie, or '' when there is none. */
export function readSessionToken(request: FastifyRequest): string {
  return request.cookies[SESSION_COOKIE] ?? '';
}

/** Constant-time string equality: both sides are hashed first so lengths never differ. */
function safeEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * A preValidation hook (identity before any body parsing or validation) admitting agents of `role` or above: 401 `auth.required` without a valid session,
 * 403 `auth.forbidden` for a lower role, 403 `auth.csrf` when a state-changing request lacks
 * the session's `X-CSRF-Token`. Sets `request.agent`.
 */
export function requireAgent(auth: AuthService, role: AgentRole = 'agent') {
  return async function requireAgentHook(request: FastifyRequest): Promise<void> {
    const session = await auth.authenticate(readSessionToken(request));
    if (!session) throw new AppError('auth.required', 'Please sign in to continue.');
    if (!hasRole(session.agent, role)) throw new AppError('auth.forbidden', 'Your role does not allow this action.');
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !safeEqual(header, session.csrfToken)) {
        throw new AppError('auth.csrf', 'The request is missing a valid X-CSRF-Token header. Reload the page and try again.');
      }
    }
    request.agent = session.agent;
    request.agentSessionId = session.sessionId;
    request.agentCsrfToken = session.csrfToken;
  };
}

/** The agent `requireAgent` admitted; throws `auth.required` on a route that forgot the hook. */
export function currentAgent(request: FastifyRequest): Agent {
  if (!request.agent) throw new AppError('auth.required', 'Please sign in to continue.');
  return request.agent;
}
