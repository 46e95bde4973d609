import pg from 'pg';
import type { Logger } from '../kernel/log.js';
import type { ClusterLocks, HeldLock } from './cluster-lock.js';

export type PostgresClusterLockOptions = {
  url: string;
  log: Logger;
  /** How often the connection holding locks is checked, so a dead one releases its work in time. */
  heartbeatMs?: number;
};

type Entry = { connection: pg.Client; holding: boolean; lose(): void };

/**
 * Cluster locks as PostgreSQL session-level advisory locks (`pg_try_advisory_lock` on a 64-bit
 * hash of the name) on one dedicated connection per process, open while it holds or asks for
 * locks (a process polling IMAP keeps it; a web process closes it after start-up). The server
 * releases them when that session ends, so a process that dies (or loses its connection) gives
 * its locks up at once and another process takes them at its next try. Losing the connection
 * settles `lost` on every lock held: the owner stops the guarded work. After a network partition
 * the server may end the session (TCP keepalive) a little before this side notices (heartbeat),
 * so work guarded this way must tolerate a short overlap (IMAP: the Message-ID dedupe).
 * Advisory locks are re-entrant within a session; a name held in this process is therefore
 * refused here before PostgreSQL is asked.
 */
export function createPostgresClusterLocks(options: PostgresClusterLockOptions): ClusterLocks {
  const { log } = options;
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const held = new Map<string, Entry>();
  const asking = new Set<string>();
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let heartbeat: NodeJS.Timeout | undefined;
  let closed = false;

  function connection(): Promise<pg.Client> {
    if (client) return Promise.resolve(client);
    connecting ??= open().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  async function open(): Promise<pg.Client> {
    const candidate = new pg.Client({ connectionString: options.url, application_name: 'postdesk-locks', keepAlive: true, query_timeout: 10_000 });
    candidate.on('error', (error) => dropped(candidate, error));
    candidate.on('end', () => dropped(candidate, null));
    try {
      await candidate.connect();
    } catch (error) {
      candidate.removeAllListeners('end');
      candidate.on('error', () => {});
      void candidate.end().catch(() => {});
      throw error;
    }
    if (closed) {
      await candidate.end().catch(() => {});
      throw new Error('Cluster locks are closed');
    }
    client = candidate;
    heartbeat = setInterval(() => {
      candidate.query('select 1').catch((error: unknown) => {
        dropped(candidate, error);
        void candidate.end().catch(() => {});
      });
    }, heartbeatMs);
    heartbeat.unref();
    return candidate;
  }

  function dropped(connection: pg.Client, error: unknown): void {
    if (client !== connection) return;
    client = null;
    clearInterval(heartbeat);
    const names = [...held.keys()];
    if (names.length > 0 && !closed) log.warn({ err: error ?? undefined, locks: names }, 'lost the database connection holding cluster locks; their work stops until a process takes them again');
    for (const entry of [...held.values()]) entry.lose();
    held.clear();
  }

  function closeConnection(): void {
    const current = client;
    client = null;
    clearInterval(heartbeat);
    // Ending the session releases every advisory lock it holds.
    void current?.end().catch(() => {});
  }

  return {
    async tryAcquire(name) {
      if (closed) throw new Error('Cluster locks are closed');
      if (held.has(name) || asking.has(name)) return null;
      asking.add(name);
      try {
        const current = await connection();
        const result = await current.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as locked', [lockKey(name)]);
        // A connection that dropped meanwhile took the lock with it.
        if (result.rows[0]?.locked !== true || client !== current) return null;
        let markLost!: () => void;
        const lost = new Promise<void>((resolve) => (markLost = resolve));
        const entry: Entry = {
          connection: current,
          holding: true,
          lose() {
            entry.holding = false;
            markLost();
          },
        };
        held.set(name, entry);
        const lock: HeldLock = {
          name,
          lost,
          isHeld: () => entry.holding,
          async release() {
            if (!entry.holding) return;
            entry.holding = false;
            held.delete(name);
            if (client !== entry.connection) return;
            // Unlocked before release() resolves, so a caller may hand the work on at once.
            await entry.connection.query('select pg_advisory_unlock(hashtextextended($1, 0))', [lockKey(name)]).catch((error: unknown) => {
              log.warn({ err: error, lock: name }, 'could not release a cluster lock; it goes with the connection');
            });
            // Nothing held: hand the connection back (a web process only ever takes the start-up lock).
            if (held.size === 0 && asking.size === 0 && client === entry.connection) closeConnection();
          },
        };
        return lock;
      } finally {
        asking.delete(name);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      for (const entry of held.values()) entry.holding = false;
      held.clear();
      const current = client ?? (await connecting?.catch(() => null)) ?? null;
      client = null;
      // Ending the session releases every advisory lock it holds.
      await current?.end().catch(() => {});
    },
  };
}

/** Names are namespaced, so other software using advisory locks on the same database keeps clear of ours. */
function lockKey(name: string): string {
  return `postdesk:${name}`;
}
