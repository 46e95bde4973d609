import type { MessagePort } from 'node:worker_threads';
import { createEventDispatcher, type DomainEvent, type EventBus } from './events.js';

/** An event bus that also reaches the thread at the other end of `port`, and hears it (both ends of one process). */
export interface LinkedEventBus extends EventBus {
  /** Sends what is still queued, then stops hearing the other thread. */
  close(): void;
}

/**
 * The event bus of one of the threads of a process (the worker role on a thread of its own,
 * roles/worker-thread.ts): `publish` delivers here at once and to the other thread after the
 * current turn, in publish order, batched. Every event type travels, and arrives as
 * `this-process`: both threads are one process, so its metrics count what either did, once
 * (only the thread serving /metrics is scraped).
 */
export function createLinkedEventBus(port: MessagePort, onHandlerError?: (error: unknown) => void): LinkedEventBus {
  const dispatcher = createEventDispatcher(onHandlerError);
  let outbox: DomainEvent[] = [];
  let closed = false;
  const flush = () => {
    if (outbox.length === 0 || closed) return;
    const batch = outbox;
    outbox = [];
    port.postMessage(batch);
  };
  port.on('message', (batch: DomainEvent[]) => {
    for (const event of batch) dispatcher.deliver(event, 'this-process');
  });
  // The port alone must not keep a thread alive: the roles' own handles decide that.
  port.unref();
  return {
    publish(event) {
      dispatcher.deliver(event, 'this-process');
      if (closed) return;
      if (outbox.push(event) === 1) queueMicrotask(flush);
    },
    subscribe: dispatcher.subscribe,
    close() {
      flush();
      closed = true;
      port.close();
    },
  };
}
