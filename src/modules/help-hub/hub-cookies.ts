import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HubLocale } from './i18n.js';

export const CSRF_FIELD = 'csrfToken';
const CSRF_COOKIE = 'pd_hub_csrf';
const LANG_COOKIE = 'pd_lang';
const SENT_COOKIE = 'pd_hub_sent';
/** Long enough to read the confirmation and reload it once; after that the confirmation email has the number. */
const SENT_TTL_MS = 10 * 60 * 1000;

type CookieOptions = { secure: boolean };

/**
 * Signed double-submit CSRF token: the same random value in an HttpOnly cookie signed with our
 * secret and in the form's hidden field. A cross-site page can neither read the cookie nor, thanks
 * to the signature, plant one of its own (e.g. from a sibling subdomain). An existing valid token is
 * reused so that two open tabs both work.
 */
export function issueCsrfToken(request: FastifyRequest, reply: FastifyReply, options: CookieOptions): string {
  const current = readSigned(request, CSRF_COOKIE);
  if (current) return current;
  const token = randomBytes(24).toString('base64url');
  reply.setCookie(CSRF_COOKIE, token, { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: options.secure });
  return token;
}

export function hasValidCsrfToken(request: FastifyRequest, submitted: unknown): boolean {
  const expected = readSigned(request, CSRF_COOKIE);
  if (!expected || typeof submitted !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function readLanguageCookie(request: FastifyRequest): string | undefined {
  return request.cookies[LANG_COOKIE];
}

/** A visible preference, not a secret: a year, readable by nothing but us (HttpOnly is harmless here). */
export function rememberLanguage(reply: FastifyReply, locale: HubLocale, options: CookieOptions): void {
  reply.setCookie(LANG_COOKIE, locale, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 365 * 24 * 3600, secure: options.secure });
}

/** What the confirmation page shows; carried in a signed cookie so the URL holds nothing guessable. */
export type SentCase = { caseNumber: string; expectedReplyBy: string; guidance: string | null; topic: string };

export function rememberSentCase(reply: FastifyReply, sent: SentCase, now: Date, options: CookieOptions): void {
  const value = Buffer.from(JSON.stringify({ ...sent, exp: now.getTime() + SENT_TTL_MS })).toString('base64url');
  reply.setCookie(SENT_COOKIE, value, {
    signed: true, httpOnly: true, sameSite: 'lax', path: '/contact', maxAge: SENT_TTL_MS / 1000, secure: options.secure,
  });
}

/** The case just sent from this browser, or null when there is none, it was tampered with, or it expired. */
export function readSentCase(request: FastifyRequest, now: Date): SentCase | null {
  const raw = readSigned(request, SENT_COOKIE);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!isSentCookie(parsed) || parsed.exp < now.getTime()) return null;
    return { caseNumber: parsed.caseNumber, expectedReplyBy: parsed.expectedReplyBy, guidance: parsed.guidance, topic: parsed.topic };
  } catch {
    return null;
  }
}

function isSentCookie(value: unknown): value is SentCase & { exp: number } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.caseNumber === 'string' && typeof v.expectedReplyBy === 'string' && typeof v.topic === 'string'
    && (v.guidance === null || typeof v.guidance === 'string') && typeof v.exp === 'number';
}

function readSigned(request: FastifyRequest, name: string): string | null {
  const raw = request.cookies[name];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : null;
}
