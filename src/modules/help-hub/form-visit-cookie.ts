import type { FastifyReply, FastifyRequest } from 'fastify';
import { isVisitId } from '../knowledge/index.js';

const VISIT_COOKIE = 'pd_hub_visit';
/** As long as a visit may be continued (VISIT_REUSE_MS): reading an article and coming back is one visit. */
const VISIT_TTL_S = 60 * 60;

/**
 * The contact form visit this browser is in: a random id and nothing else, so that coming back
 * from a suggested article (with Back, or "No, contact us") continues the visit instead of
 * leaving it looking as if the article had answered the question.
 */
export function readFormVisit(request: FastifyRequest): string | undefined {
  const value = request.cookies[VISIT_COOKIE];
  return isVisitId(value) ? value : undefined;
}

export function rememberFormVisit(reply: FastifyReply, visitId: string, options: { secure: boolean }): void {
  reply.setCookie(VISIT_COOKIE, visitId, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: VISIT_TTL_S, secure: options.secure });
}
