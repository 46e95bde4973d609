import type { FastifyReply, FastifyRequest } from 'fastify';

const SESSION_COOKIE = 'pd_status';
/** As long as the link itself: a short look at one case, not an account. */
const SESSION_TTL_MS = 30 * 60 * 1000;

/**
 * The customer's view session: a signed cookie naming the one case the exchanged link was for,
 * with its own expiry inside (the cookie's Max-Age is only advice to the browser). Scoped to
 * `/status`, HttpOnly, SameSite=Lax: posts from other sites carry it not, and our forms also
 * carry the CSRF token.
 */
export function startStatusSession(reply: FastifyReply, caseId: string, now: Date, options: { secure: boolean }): void {
  const value = Buffer.from(JSON.stringify({ caseId, exp: now.getTime() + SESSION_TTL_MS })).toString('base64url');
  reply.setCookie(SESSION_COOKIE, value, { signed: true, httpOnly: true, sameSite: 'lax', path: '/status', maxAge: SESSION_TTL_MS / 1000, secure: options.secure });
}

/** The case of a valid, unexpired session, else null. */
export function readStatusSession(request: FastifyRequest, now: Date): { caseId: string } | null {
  const raw = request.cookies[SESSION_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { caseId, exp } = parsed as Record<string, unknown>;
    return typeof caseId === 'string' && typeof exp === 'number' && exp > now.getTime() ? { caseId } : null;
  } catch {
    return null;
  }
}
