import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../storage/database.js';

type Counted = { current: number; ttl: number };
/** What the plugin gives `child`: the route's merged limit options and the route. */
type RouteOptions = FastifyRateLimitOptions & { groupId?: string; routeInfo?: { method?: string | string[]; url?: string } };

/** How often a process removes counters whose window ended (they are reused when the client returns). */
const SWEEP_EVERY_MS = 60_000;

/**
 * @fastify/rate-limit's store on PostgreSQL (table of migration 0016), so every process sharing the
 * database counts a client's requests together: with the plugin's own in-memory store, N web
 * processes behind a balancer let a client through N times as often. One statement per request:
 * an upsert that starts a new window when the last one ended, on the database's clock, so the
 * processes' clocks need not agree. Written here because the plugin ships only memory and Redis.
 */
export function postgresRateLimitStore(db: Kysely<Database>): new (options: FastifyRateLimitOptions) => FastifyRateLimitStore {
  let lastSweep = Date.now();
  const sweep = () => {
    if (Date.now() - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = Date.now();
    // A failed sweep is retried a minute later; a request never waits for it.
    sql`delete from rate_limit_counters where window_ends_at < now()`.execute(db).catch(() => undefined);
  };

  return class PostgresRateLimitStore implements FastifyRateLimitStore {
    private readonly scope: string;

    /** The plugin constructs the store with its options; a route's child adds the route as `scope`. */
    constructor(_options: RouteOptions, scope = '') {
      this.scope = scope;
    }

    incr(key: string, callback: (error: Error | null, result?: Counted) => void, timeWindow?: number): void {
      const windowMs = Math.max(1, timeWindow ?? 60_000);
      sql<{ hits: number; ttl_ms: number }>`
        insert into rate_limit_counters as c (key, hits, window_ends_at)
        values (${`${this.scope}|${key}`}, 1, now() + make_interval(secs => ${windowMs / 1000}))
        on conflict (key) do update set
          hits = case when c.window_ends_at <= now() then 1 else c.hits + 1 end,
          window_ends_at = case when c.window_ends_at <= now() then excluded.window_ends_at else c.window_ends_at end
        returning hits, greatest(0, ceil(extract(epoch from window_ends_at - now()) * 1000))::float8 as ttl_ms`
        .execute(db)
        .then((result) => {
          const row = result.rows[0];
          callback(null, { current: row?.hits ?? 1, ttl: row?.ttl_ms ?? windowMs });
          sweep();
        }, (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    }

    child(routeOptions: RouteOptions): FastifyRateLimitStore {
      const { method, url } = routeOptions.routeInfo ?? {};
      const route = routeOptions.groupId ?? `${Array.isArray(method) ? method.join(',') : method ?? ''} ${url ?? ''}`;
      return new PostgresRateLimitStore(routeOptions, route);
    }
  };
}
