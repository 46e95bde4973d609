/** PostgreSQL only (migration 0016): request counts per limited route and client address. */
export type RateLimitCountersTable = { key: string; hits: number; window_ends_at: string };

export type RateLimitTables = { rate_limit_counters: RateLimitCountersTable };
