import { createHash, timingSafeEqual } from 'node:crypto';

/** `allowed`; `unauthorized` (a token is configured and was not sent right); `forbidden` (no token configured, not loopback). */
export type MetricsAccess = 'allowed' | 'unauthorized' | 'forbidden';

export type MetricsRequest = {
  remoteAddress: string | undefined;
  /** The request came through a proxy (Forwarded / X-Forwarded-For): its loopback address proves nothing. */
  forwarded: boolean;
  authorization: string | undefined;
};

/**
 * Who may read /metrics. Metrics hold no personal data but describe the installation, so by
 * default only the machine itself may read them. A reverse proxy on the same machine makes
 * every client look local; the forwarding headers such proxies add are therefore read as "not
 * local" (a proxy that adds none must not route /metrics). With a token configured, the token
 * decides, from any address including loopback.
 */
export function decideMetricsAccess(request: MetricsRequest, token: string | undefined): MetricsAccess {
  if (token !== undefined) return hasBearerToken(request.authorization, token) ? 'allowed' : 'unauthorized';
  return isLoopbackAddress(request.remoteAddress) && !request.forwarded ? 'allowed' : 'forbidden';
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (`::ffff:127.0.0.1`). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const unmapped = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  return unmapped === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(unmapped);
}

/** Compares digests, so the time taken says nothing about how much of the token matched, nor its length. */
function hasBearerToken(header: string | undefined, token: string): boolean {
  const sent = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
  const digest = (value: string) => createHash('sha256').update(value).digest();
  const matches = timingSafeEqual(digest(sent ?? ''), digest(token));
  return sent !== undefined && matches;
}
