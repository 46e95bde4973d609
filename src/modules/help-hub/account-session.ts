import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignedInCustomer } from '../customer-accounts/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The customer signed in to their account on a help hub page, or null; set once per request by the hub. */
    signedInCustomer?: SignedInCustomer | null;
  }
}

const ACCOUNT_COOKIE = 'pd_account';

/**
 * The customer's account session: a random token in its own cookie, apart from the agents'
 * `pd_session` and the link-based `pd_status`. Signed with our secret (a planted or altered value
 * is refused before any lookup), HttpOnly, SameSite=Lax; the server keeps the session row (by the
 * token's hash), so signing out or resetting the password ends it everywhere at once.
 */
export function setAccountCookie(reply: FastifyReply, token: string, lifetimeMs: number, options: { secure: boolean }): void {
  // Max-Age, not Expires: a browser whose clock is off by hours still keeps the cookie as long as the session row lives.
  reply.setCookie(ACCOUNT_COOKIE, token, {
    signed: true, httpOnly: true, sameSite: 'lax', path: '/', maxAge: Math.max(0, Math.floor(lifetimeMs / 1000)), secure: options.secure,
  });
}

export function clearAccountCookie(reply: FastifyReply, options: { secure: boolean }): void {
  reply.clearCookie(ACCOUNT_COOKIE, { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: options.secure });
}

/** The session token of a validly signed cookie, or '' when there is none. */
export function readAccountToken(request: FastifyRequest): string {
  const raw = request.cookies[ACCOUNT_COOKIE];
  if (!raw) return '';
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : '';
}
