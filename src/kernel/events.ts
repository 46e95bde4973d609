/**
 * Domain events, published after the transaction that caused them commits. In one process they
 * go straight to subscribers; on PostgreSQL a fan-out implementation of this same interface
 * (storage/postgres-event-bus.ts, LISTEN/NOTIFY) also hands them to subscribers in the other
 * processes sharing the database.
 * `job.failed`, `inbound.*` and `mail.*` report what this process did; the metrics module counts
 * them per process (Prometheus sums processes), so a fan-out delivers them locally only. Events
 * that do travel are still counted only where they were published (`onlyFromThisProcess`).
 * Labels travel in them (channel, topic slug, mail kind), never customer data.
 */
export type DomainEvent =
  | { type: 'case.created'; caseId: string; caseNumber: string; departmentId: string; channel: string; topic: string }
  | { type: 'case.updated'; caseId: string; caseNumber: string }
  | { type: 'case.replied'; caseId: string; caseNumber: string }
  | { type: 'message.added'; caseId: string; messageId: string }
  | { type: 'job.enqueued'; jobType: string }
  | { type: 'job.failed'; jobType: string; outcome: 'retry' | 'dead' }
  | { type: 'inbound.accepted'; source: 'smtp' | 'imap'; duplicate: boolean }
  | { type: 'inbound.rejected'; source: 'smtp'; reason: InboundRejection }
  | { type: 'inbound.processed'; status: string; outcome: string }
  | { type: 'mail.sent'; kind: string }
  | { type: 'mail.failed'; kind: string; final: boolean }
  /** A console connection (an id unique across processes) shows this case; repeated while it stays, it expires unrepeated. */
  | { type: 'presence.announced'; connectionId: string; agentId: string; agentName: string; caseNumber: string; state: 'viewing' | 'typing' }
  | { type: 'presence.withdrawn'; connectionId: string }
  /**
   * This process hears other processes again after a gap (the fan-out's connection dropped):
   * whatever they published in between was missed, so subscribers refetch or re-announce.
   */
  | { type: 'events.resumed' };

/** Why the SMTP listener refused a delivery (the reply code tells the sender; this tells operators). */
export type InboundRejection = 'recipient' | 'too-big' | 'line-too-long' | 'store-failed' | 'stream-failed' | 'too-many-connections';

export type DomainEventType = DomainEvent['type'];

/**
 * Who hears each event type: every process sharing the database, or only the one where it
 * happened (what this process did, for its own metrics; its own view of the fan-out). A new event
 * type must choose here.
 */
const REACH: Record<DomainEventType, 'every-process' | 'this-process'> = {
  'case.created': 'every-process',
  'case.updated': 'every-process',
  'case.replied': 'every-process',
  'message.added': 'every-process',
  'job.enqueued': 'every-process',
  'presence.announced': 'every-process',
  'presence.withdrawn': 'every-process',
  'job.failed': 'this-process',
  'inbound.accepted': 'this-process',
  'inbound.rejected': 'this-process',
  'inbound.processed': 'this-process',
  'mail.sent': 'this-process',
  'mail.failed': 'this-process',
  'events.resumed': 'this-process',
};

/** Whether subscribers in other processes hear this event type too. */
export function isSharedEventType(type: string): type is DomainEventType {
  return Object.hasOwn(REACH, type) && REACH[type as DomainEventType] === 'every-process';
}

export type SubscribeOptions = {
  /** Only events published in this process (metrics count what this process did; the others count theirs). */
  onlyFromThisProcess?: boolean;
};

export interface EventBus {
  publish(event: DomainEvent): void;
  subscribe<T extends DomainEventType>(
    type: T,
    handler: (event: Extract<DomainEvent, { type: T }>) => void,
    options?: SubscribeOptions,
  ): () => void;
}

/** Where an event delivered to this process's subscribers was published. */
export type EventOrigin = 'this-process' | 'other-process';

/** Subscriptions and delivery to them: the part every EventBus implementation shares. */
export type EventDispatcher = Pick<EventBus, 'subscribe'> & { deliver(event: DomainEvent, origin: EventOrigin): void };

export function createEventDispatcher(onHandlerError: (error: unknown) => void = () => {}): EventDispatcher {
  type Subscription = { handler: (event: DomainEvent) => void; onlyFromThisProcess: boolean };
  const subscriptions = new Map<DomainEventType, Set<Subscription>>();
  return {
    deliver(event, origin) {
      for (const subscription of subscriptions.get(event.type) ?? []) {
        if (subscription.onlyFromThisProcess && origin !== 'this-process') continue;
        try {
          subscription.handler(event);
        } catch (error) {
          onHandlerError(error);
        }
      }
    },
    subscribe(type, handler, options) {
      const set = subscriptions.get(type) ?? new Set();
      const subscription: Subscription = { handler: handler as (event: DomainEvent) => void, onlyFromThisProcess: options?.onlyFromThisProcess ?? false };
      set.add(subscription);
      subscriptions.set(type, set);
      return () => set.delete(subscription);
    },
  };
}

/** The bus of a process alone (SQLite: one machine, one process): publishing delivers at once. */
export function createLocalEventBus(onHandlerError: (error: unknown) => void = () => {}): EventBus {
  const dispatcher = createEventDispatcher(onHandlerError);
  return {
    publish: (event) => dispatcher.deliver(event, 'this-process'),
    subscribe: dispatcher.subscribe,
  };
}
