import type { EventBus } from '../../kernel/events.js';
import { createPresenceRegistry, type PresenceState } from './presence.js';
import type { ServerFrame } from './live.schema.js';

/** One console connection as the hub sees it; the transport (WebSocket) stays at the edge. */
export type LiveConnection = { id: string; agentId: string; agentName: string; send(frame: ServerFrame): void };

export interface LiveHub {
  connect(connection: LiveConnection): () => void;
  setPresence(connectionId: string, caseNumber: string, state: PresenceState): void;
  leavePresence(connectionId: string): void;
  close(): void;
}

export type LiveHubOptions = { batchMs: number; presenceTtlMs: number };

/**
 * Fans domain events out to connected agents: changed cases are batched (one frame per
 * `batchMs`, however many cases a burst of mail touches) so consoles refetch counts once.
 * The PostgreSQL issue swaps the local event bus for LISTEN/NOTIFY; this hub stays as it is.
 */
export function createLiveHub(deps: { events: EventBus; now: () => number }, options: LiveHubOptions): LiveHub {
  const connections = new Map<string, LiveConnection>();
  const presence = createPresenceRegistry({ ttlMs: options.presenceTtlMs });
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;

  const broadcast = (frame: ServerFrame) => {
    for (const connection of connections.values()) connection.send(frame);
  };
  const flush = () => {
    timer = null;
    const caseIds = [...pending];
    pending = new Set();
    if (caseIds.length > 0) broadcast({ type: 'cases.changed', caseIds });
  };
  const caseChanged = (event: { caseId: string }) => {
    pending.add(event.caseId);
    timer ??= setTimeout(flush, options.batchMs);
  };
  const announce = (caseNumbers: string[]) => {
    for (const caseNumber of caseNumbers) broadcast({ type: 'presence', caseNumber, agents: presence.list(caseNumber) });
  };

  const unsubscribe = [
    deps.events.subscribe('case.created', caseChanged),
    deps.events.subscribe('case.updated', caseChanged),
    deps.events.subscribe('message.added', caseChanged),
  ];
  const sweeper = setInterval(() => announce(presence.expire(deps.now())), options.presenceTtlMs);
  sweeper.unref();

  return {
    connect(connection) {
      connections.set(connection.id, connection);
      connection.send({ type: 'hello', agentId: connection.agentId });
      return () => {
        connections.delete(connection.id);
        announce(presence.remove(connection.id));
      };
    },
    setPresence(connectionId, caseNumber, state) {
      const connection = connections.get(connectionId);
      if (!connection) return;
      const changed = presence.set(connectionId, { caseNumber, agentId: connection.agentId, name: connection.agentName, state }, deps.now());
      // The newcomer needs the current list even when their arrival changed nothing for others.
      if (changed.length === 0) connection.send({ type: 'presence', caseNumber, agents: presence.list(caseNumber) });
      announce(changed);
    },
    leavePresence(connectionId) {
      announce(presence.remove(connectionId));
    },
    close() {
      for (const stop of unsubscribe) stop();
      clearInterval(sweeper);
      if (timer) clearTimeout(timer);
      connections.clear();
    },
  };
}
