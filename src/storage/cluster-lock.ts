/**
 * Named locks for work that must run in one process at a time across every process sharing the
 * database: each IMAP mailbox is polled by one process, start-up seeding runs once, and the
 * scheduler role (SLA timers) will run in one process. On PostgreSQL they are session-level
 * advisory locks on a dedicated connection (postgres-cluster-lock.ts); on SQLite, which means one
 * machine, they are kept in the process (createProcessLocks).
 */

/** A lock this process holds until it releases it or loses it. */
export interface HeldLock {
  readonly name: string;
  /**
   * Settles when the lock is gone without `release` (the connection holding it dropped): the
   * guarded work must stop, since another process may take the lock from then on.
   */
  readonly lost: Promise<void>;
  isHeld(): boolean;
  release(): Promise<void>;
}

/** The port: take a lock without waiting, or learn that another holder has it. */
export interface ClusterLocks {
  /** The lock, or null when another process (or another holder in this one) has it. Rejects when the database cannot be asked. */
  tryAcquire(name: string): Promise<HeldLock | null>;
  /** Releases every lock this process holds and closes its connection. */
  close(): Promise<void>;
}

/**
 * Runs `work` while holding the lock, waiting for it (asking every `pollMs`) when another
 * process has it: for short work that must not overlap, like seeding a fresh database when
 * several processes start at once.
 */
export async function withClusterLock<T>(locks: ClusterLocks, name: string, work: () => Promise<T>, options: { pollMs?: number; timeoutMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const lock = await locks.tryAcquire(name);
    if (lock) {
      try {
        return await work();
      } finally {
        await lock.release();
      }
    }
    if (Date.now() > deadline) throw new Error(`Lock ${name} is still held by another process after ${options.timeoutMs ?? 120_000} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
  }
}

/** Lock spaces by database file: two containers on one SQLite file in one process share one. */
const processLockSpaces = new Map<string, Set<string>>();

/** Locks kept in this process, for SQLite; `scope` names the database (its file). */
export function createProcessLocks(scope: string): ClusterLocks {
  const held = processLockSpaces.get(scope) ?? new Set<string>();
  processLockSpaces.set(scope, held);
  const mine = new Map<string, () => void>();
  return {
    async tryAcquire(name) {
      if (held.has(name)) return null;
      let holding = true;
      const forget = () => {
        holding = false;
        held.delete(name);
        mine.delete(name);
      };
      held.add(name);
      mine.set(name, forget);
      // Never lost: the process holding it is the one that would run the work.
      return { name, lost: new Promise<void>(() => {}), isHeld: () => holding, release: async () => (holding ? forget() : undefined) };
    },
    async close() {
      for (const forget of [...mine.values()]) forget();
    },
  };
}
