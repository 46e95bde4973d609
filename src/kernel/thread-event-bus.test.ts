import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/test-app.js';
import type { DomainEvent } from './events.js';
import { createLinkedEventBus, type LinkedEventBus } from './thread-event-bus.js';

const opened: LinkedEventBus[] = [];
afterEach(() => {
  for (const bus of opened.splice(0)) bus.close();
});

/** Both ends of one link, as the web thread and the worker role's thread hold them (here on one thread: the port is real all the same). */
function linkedPair(): { web: LinkedEventBus; worker: LinkedEventBus } {
  const { port1, port2 } = new MessageChannel();
  const web = createLinkedEventBus(port1);
  const worker = createLinkedEventBus(port2);
  opened.push(web, worker);
  return { web, worker };
}

const created = (n: number): DomainEvent => ({ type: 'case.created', caseId: `c${n}`, caseNumber: `PD-${n}`, departmentId: 'd', channel: 'email', topic: 'general-question' });

describe('event bus linking the threads of one process', () => {
  it('delivers here at once and on the other thread afterwards, in publish order', async () => {
    const { web, worker } = linkedPair();
    const heardHere: string[] = [];
    const heardThere: string[] = [];
    web.subscribe('case.created', (event) => heardHere.push(event.caseId));
    worker.subscribe('case.created', (event) => heardThere.push(event.caseId));
    for (let n = 1; n <= 5; n++) web.publish(created(n));
    expect(heardHere).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(heardThere).toEqual([]);
    await waitFor(() => heardThere.length === 5, 2_000);
    expect(heardThere).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
  });

  it('carries every event type both ways, as this process\'s own: the web thread\'s metrics count what the worker thread did, once', async () => {
    const { web, worker } = linkedPair();
    const countedOnWeb: string[] = [];
    web.subscribe('mail.sent', (event) => countedOnWeb.push(event.kind), { onlyFromThisProcess: true });
    web.subscribe('inbound.processed', (event) => countedOnWeb.push(event.outcome), { onlyFromThisProcess: true });
    const wokenOnWorker: string[] = [];
    worker.subscribe('job.enqueued', (event) => wokenOnWorker.push(event.jobType));

    worker.publish({ type: 'mail.sent', kind: 'confirmation' });
    worker.publish({ type: 'inbound.processed', status: 'new', outcome: 'new-case' });
    web.publish({ type: 'job.enqueued', jobType: 'email-out.send-mail' });
    await waitFor(() => countedOnWeb.length === 2 && wokenOnWorker.length === 1, 2_000);
    expect(countedOnWeb).toEqual(['confirmation', 'new-case']);
    expect(wokenOnWorker).toEqual(['email-out.send-mail']);
    // Nothing echoes back: a third delivery would count twice.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(countedOnWeb).toHaveLength(2);
  });

  it('sends what was published before close, then stops', async () => {
    const { web, worker } = linkedPair();
    const heard: string[] = [];
    web.subscribe('case.created', (event) => heard.push(event.caseId));
    worker.publish(created(1));
    worker.close();
    worker.publish(created(2));
    await waitFor(() => heard.length === 1, 2_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).toEqual(['c1']);
  });
});
