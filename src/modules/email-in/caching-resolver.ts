import type { DnsResolver } from './sender-auth.js';

type Entry = { expires: number; value?: unknown; error?: unknown };

/**
 * A small TTL cache in front of the DNS resolver: SPF, DKIM and DMARC look up the same few
 * records for every message from a sender's domain, and a slow resolver otherwise caps inbound
 * throughput. Failures are cached briefly too (negative caching, RFC 2308), so a domain without
 * records does not cost a round trip per message.
 */
export function createCachingResolver(resolve: DnsResolver, options: { ttlMs?: number; negativeTtlMs?: number; maxEntries?: number } = {}): DnsResolver {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const negativeTtlMs = options.negativeTtlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, Entry>();
  const pending = new Map<string, Promise<unknown>>();
  return async (name, rrtype) => {
    const key = `${rrtype} ${name.toLowerCase()}`;
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.expires > now) {
      if ('error' in hit) throw hit.error;
      return hit.value;
    }
    const inFlight = pending.get(key);
    if (inFlight) return inFlight;
    const lookup = resolve(name, rrtype).then(
      (value) => {
        remember(key, { expires: Date.now() + ttlMs, value });
        return value;
      },
      (error: unknown) => {
        remember(key, { expires: Date.now() + negativeTtlMs, error });
        throw error;
      },
    );
    pending.set(key, lookup);
    try {
      return await lookup;
    } finally {
      pending.delete(key);
    }
  };

  function remember(key: string, entry: Entry): void {
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(key, entry);
  }
}
