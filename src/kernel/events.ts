/**
 * Domain events, published after the transaction that caused them commits. In one process they
 * go straight to subscribers; the PostgreSQL issue adds a fan-out implementation of this same
 * interface (LISTEN/NOTIFY) so that subscribers in other processes hear them too.
 * `job.failed`, `inbound.*` and `mail.*` report what this process did; the metrics module counts
 * them per process (Prometheus sums processes), so a fan-out must deliver them locally only.
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
  | { type: 'mail.failed'; kind: string; final: boolean };

/** Why the SMTP listener refused a delivery (the reply code tells the sender; this tells operators). */
export type InboundRejection = 'recipient' | 'too-big' | 'line-too-long' | 'store-failed' | 'stream-failed' | 'too-many-connections';

export type DomainEventType = DomainEvent['type'];

export interface EventBus {
  publish(event: DomainEvent): void;
  subscribe<T extends DomainEventType>(
    type: T,
    handler: (event: Extract<DomainEvent, { type: T }>) => void,
  ): () => void;
}

export function createLocalEventBus(onHandlerError: (error: unknown) => void = () => {}): EventBus {
  const handlers = new Map<DomainEventType, Set<(event: DomainEvent) => void>>();
  return {
    publish(event) {
      for (const handler of handlers.get(event.type) ?? []) {
        try {
          handler(event);
        } catch (error) {
          onHandlerError(error);
        }
      }
    },
    subscribe(type, handler) {
      const set = handlers.get(type) ?? new Set();
      const generic = handler as (event: DomainEvent) => void;
      set.add(generic);
      handlers.set(type, set);
      return () => set.delete(generic);
    },
  };
}
