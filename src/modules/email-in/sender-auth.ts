import { authenticate } from 'mailauth';

/** DNS lookups for SPF/DKIM/DMARC; injectable so that tests run offline (the resolver is a port). */
export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;

export type SenderAuth = {
  spf: string;
  dkim: { domain: string; result: string }[];
  dmarc: string;
  /** The From domain is proven: DMARC pass, or an aligned DKIM or SPF pass (RFC 7489 §3.1). */
  authenticated: boolean;
};

export type SenderAuthInput = {
  raw: Uint8Array;
  clientIp: string | null;
  helo: string | null;
  mailFrom: string | null;
  fromAddress: string | null;
  mta: string;
  resolver: DnsResolver;
};

const domainOf = (address: string | null) => address?.split('@')[1]?.toLowerCase() ?? '';

/** Relaxed alignment: the same domain, or one a subdomain of the other (organisational domain, simplified). */
function isAligned(domain: string, fromDomain: string): boolean {
  return domain !== '' && (domain === fromDomain || fromDomain.endsWith(`.${domain}`) || domain.endsWith(`.${fromDomain}`));
}

/**
 * Checks SPF (only when the client IP is known: SMTP deliveries, not IMAP pulls), DKIM and
 * DMARC with mailauth. DNS failures yield `temperror`/`none`, never an exception: an
 * unauthenticated message is still accepted, it just proves nothing about its sender.
 */
export async function authenticateSender(input: SenderAuthInput): Promise<SenderAuth> {
  const fromDomain = domainOf(input.fromAddress);
  const result = await authenticate(Buffer.from(input.raw), {
    ...(input.clientIp ? { ip: normalizeIp(input.clientIp), helo: input.helo ?? undefined } : {}),
    sender: input.mailFrom ?? undefined,
    mta: input.mta,
    resolver: input.resolver,
    disableArc: true,
    disableBimi: true,
  } as Parameters<typeof authenticate>[1]);
  const spf = input.clientIp && result.spf ? String(result.spf.status?.result ?? 'none') : 'none';
  const dkim = (result.dkim?.results ?? [])
    .filter((r) => r.signingDomain)
    .map((r) => ({ domain: String(r.signingDomain).toLowerCase(), result: String(r.status?.result ?? 'none') }));
  const dmarc = result.dmarc ? String(result.dmarc.status?.result ?? 'none') : 'none';
  const dkimAligned = dkim.some((d) => d.result === 'pass' && isAligned(d.domain, fromDomain));
  const spfAligned = spf === 'pass' && isAligned(domainOf(input.mailFrom), fromDomain);
  return { spf, dkim, dmarc, authenticated: fromDomain !== '' && (dmarc === 'pass' || dkimAligned || spfAligned) };
}

function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
