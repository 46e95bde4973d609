/**
 * Who is looking at which case, and who is typing a reply there: the collision detection of the
 * console. Pure bookkeeping per connection (of this process or, announced through the events,
 * of another); the live hub feeds it and broadcasts changes.
 */
export type PresenceState = 'viewing' | 'typing';

export type PresentAgent = { agentId: string; name: string; state: PresenceState };

type Entry = { caseNumber: string; agentId: string; name: string; state: PresenceState; expiresAt: number };

export interface PresenceRegistry {
  /** Records what a connection shows; returns the case numbers whose presence list changed. */
  set(connectionId: string, entry: { caseNumber: string; agentId: string; name: string; state: PresenceState }, now: number): string[];
  /** Forgets a connection (closed, or left the case); returns the case numbers that changed. */
  remove(connectionId: string): string[];
  /** Drops entries not refreshed in time (a laptop lid closed mid-view); returns changed case numbers. */
  expire(now: number): string[];
  /** Agents present on a case, one entry per agent, typing winning over viewing. */
  list(caseNumber: string): PresentAgent[];
  /** What a connection shows now, if anything. */
  get(connectionId: string): { caseNumber: string; agentId: string; name: string; state: PresenceState } | undefined;
}

export function createPresenceRegistry(options: { ttlMs: number }): PresenceRegistry {
  const byConnection = new Map<string, Entry>();
  const changedBy = (before: Entry | undefined, after: Entry | undefined): string[] => {
    const numbers = new Set<string>();
    if (before) numbers.add(before.caseNumber);
    if (after) numbers.add(after.caseNumber);
    if (before && after && before.caseNumber === after.caseNumber && before.state === after.state) return [];
    return [...numbers];
  };
  return {
    set(connectionId, entry, now) {
      const before = byConnection.get(connectionId);
      const after = { ...entry, expiresAt: now + options.ttlMs };
      byConnection.set(connectionId, after);
      return changedBy(before, after);
    },
    remove(connectionId) {
      const before = byConnection.get(connectionId);
      byConnection.delete(connectionId);
      return before ? [before.caseNumber] : [];
    },
    expire(now) {
      const changed = new Set<string>();
      for (const [connectionId, entry] of byConnection) {
        if (entry.expiresAt <= now) {
          byConnection.delete(connectionId);
          changed.add(entry.caseNumber);
        }
      }
      return [...changed];
    },
    get(connectionId) {
      const entry = byConnection.get(connectionId);
      return entry && { caseNumber: entry.caseNumber, agentId: entry.agentId, name: entry.name, state: entry.state };
    },
    list(caseNumber) {
      const agents = new Map<string, PresentAgent>();
      for (const entry of byConnection.values()) {
        if (entry.caseNumber !== caseNumber) continue;
        const known = agents.get(entry.agentId);
        if (!known || (known.state === 'viewing' && entry.state === 'typing')) {
          agents.set(entry.agentId, { agentId: entry.agentId, name: entry.name, state: entry.state });
        }
      }
      return [...agents.values()].sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}
