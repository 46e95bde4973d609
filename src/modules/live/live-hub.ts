import type { DomainEvent, EventBus } from '../../kernel/events.js';
import { createPresenceRegistry, type PresenceState } from './presence.js';
import type { ServerFrame } from './live.schema.js';

/** One console connection as the hub sees it; the transport (WebSocket) stays at the edge. */
export type LiveConnection = { id: string; agentId: string; agentName: string; send(frame: ServerFrame): void };

export interface LiveHub {
  connect(connection: LiveConnection): () => void;
  setPresence(connectionId: string, caseNumber: string, state: PresenceState): void;
  leavePresence(connectionId: string): void;
  /** Withdraws this process's presence from the others and stops. */
  close(): void;
}

export type LiveHubOptions = { batchMs: number; presenceTtlMs: number };

type Announcement = Extract<DomainEvent, { type: 'presence.announced' }>;

/**
 * Fans domain events out to connected agents: changed cases are batched (one frame per
 * `batchMs`, however many cases a burst of mail touches) so consoles refetch counts once. The
 * events come from every process on the database (kernel/events.ts), so a case created through
 * another process reaches these consoles too.
 *
 * Presence is shared the same way: what a connection here shows is announced as an event (again
 * at each refresh of the console, about every 20 s), and every process keeps the announcements of
 * all connections, dropping those not repeated within `presenceTtlMs` (a process that died stops
 * repeating). After a gap in the events (`events.resumed`) consoles are told to refetch
 * everything and this process announces its presence again.
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
  const record = (event: Announcement) =>
    presence.set(event.connectionId, { caseNumber: event.caseNumber, agentId: event.agentId, name: event.agentName, state: event.state }, deps.now());
  const announceToOthers = (connection: LiveConnection) => {
    const shown = presence.get(connection.id);
    if (shown) deps.events.publish({ type: 'presence.announced', connectionId: connection.id, agentId: connection.agentId, agentName: connection.agentName, caseNumber: shown.caseNumber, state: shown.state });
  };
  const withdraw = (connectionId: string) => {
    const changed = presence.remove(connectionId);
    if (changed.length > 0) deps.events.publish({ type: 'presence.withdrawn', connectionId });
    announce(changed);
  };

  // This process's own announcements were recorded when made; the handlers take the others'.
  const isOwn = (connectionId: string) => connections.has(connectionId);
  const unsubscribe = [
    deps.events.subscribe('case.created', caseChanged),
    deps.events.subscribe('case.updated', caseChanged),
    deps.events.subscribe('message.added', caseChanged),
    deps.events.subscribe('presence.announced', (event) => {
      if (!isOwn(event.connectionId)) announce(record(event));
    }),
    deps.events.subscribe('presence.withdrawn', (event) => {
      if (!isOwn(event.connectionId)) announce(presence.remove(event.connectionId));
    }),
    deps.events.subscribe('events.resumed', () => {
      broadcast({ type: 'resync' });
      for (const connection of connections.values()) announceToOthers(connection);
    }),
  ];
  // Swept three times per lifetime, so an entry outlives its expiry by a third of it at most.
  const sweeper = setInterval(() => announce(presence.expire(deps.now())), Math.max(1, Math.round(options.presenceTtlMs / 3)));
  sweeper.unref();

  return {
    connect(connection) {
      connections.set(connection.id, connection);
      connection.send({ type: 'hello', agentId: connection.agentId });
      return () => {
        if (!connections.delete(connection.id)) return;
        withdraw(connection.id);
      };
    },
    setPresence(connectionId, caseNumber, state) {
      const connection = connections.get(connectionId);
      if (!connection) return;
      const changed = presence.set(connectionId, { caseNumber, agentId: connection.agentId, name: connection.agentName, state }, deps.now());
      // Every refresh is announced: the other processes forget what is not repeated in time.
      announceToOthers(connection);
      // The newcomer needs the current list even when their arrival changed nothing for others.
      if (changed.length === 0) connection.send({ type: 'presence', caseNumber, agents: presence.list(caseNumber) });
      announce(changed);
    },
    leavePresence(connectionId) {
      if (isOwn(connectionId)) withdraw(connectionId);
    },
    close() {
      for (const connectionId of [...connections.keys()]) {
        connections.delete(connectionId);
        if (presence.get(connectionId)) deps.events.publish({ type: 'presence.withdrawn', connectionId });
      }
      for (const stop of unsubscribe) stop();
      clearInterval(sweeper);
      if (timer) clearTimeout(timer);
    },
  };
}
