/**
 * Domain events, published after the transaction that caused them commits. In one process they
 * go straight to subscribers; the PostgreSQL issue adds a fan-out implementation of this same
 * interface (LISTEN/NOTIFY) so that subscribers in other processes hear them too.
 */
export type DomainEvent =
  | { type: 'case.created'; caseId: string; caseNumber: string; departmentId: string }
  | { type: 'case.updated'; caseId: string; caseNumber: string }
  | { type: 'message.added'; caseId: string; messageId: string }
  | { type: 'job.enqueued'; jobType: string };

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
