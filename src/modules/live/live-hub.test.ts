import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLocalEventBus, type DomainEvent } from '../../kernel/events.js';
import { createLiveHub } from './live-hub.js';
import type { ServerFrame } from './live.schema.js';

afterEach(() => {
  vi.useRealTimers();
});

/** Ana's console on another process, as its announcements arrive through the events. */
const anaElsewhere = { type: 'presence.announced', connectionId: 'remote-1', agentId: 'a1', agentName: 'Ana', caseNumber: 'PD-1', state: 'viewing' } as const;

function recordPublished(events: ReturnType<typeof createLocalEventBus>): DomainEvent[] {
  const published: DomainEvent[] = [];
  for (const type of ['presence.announced', 'presence.withdrawn'] as const) events.subscribe(type, (event) => published.push(event));
  return published;
}

describe('live hub', () => {
  it('sends one cases.changed frame per batch, however many events a burst publishes', () => {
    vi.useFakeTimers();
    const events = createLocalEventBus();
    const hub = createLiveHub({ events, now: () => Date.now() }, { batchMs: 250, presenceTtlMs: 45_000 });
    const frames: ServerFrame[] = [];
    hub.connect({ id: 'c1', agentId: 'a1', agentName: 'Ana', send: (frame) => frames.push(frame) });
    events.publish({ type: 'case.created', caseId: 'case-1', caseNumber: 'PD-1', departmentId: 'd', channel: 'web', topic: 'tracking' });
    events.publish({ type: 'message.added', caseId: 'case-2', messageId: 'm' });
    events.publish({ type: 'case.updated', caseId: 'case-1', caseNumber: 'PD-1' });
    expect(frames.filter((f) => f.type === 'cases.changed')).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(frames.filter((f) => f.type === 'cases.changed')).toEqual([{ type: 'cases.changed', caseIds: ['case-1', 'case-2'] }]);
    events.publish({ type: 'case.updated', caseId: 'case-3', caseNumber: 'PD-3' });
    vi.advanceTimersByTime(250);
    expect(frames.filter((f) => f.type === 'cases.changed').at(-1)).toEqual({ type: 'cases.changed', caseIds: ['case-3'] });
    hub.close();
  });

  it('announces its own presence as events, every refresh included, and withdraws it on leave and disconnect', () => {
    const events = createLocalEventBus();
    const published = recordPublished(events);
    const hub = createLiveHub({ events, now: () => 0 }, { batchMs: 250, presenceTtlMs: 45_000 });
    const disconnect = hub.connect({ id: 'c1', agentId: 'b2', agentName: 'Bo', send: () => {} });
    hub.setPresence('c1', 'PD-1', 'viewing');
    hub.setPresence('c1', 'PD-1', 'viewing');
    hub.setPresence('c1', 'PD-1', 'typing');
    hub.leavePresence('c1');
    hub.setPresence('c1', 'PD-2', 'viewing');
    disconnect();
    disconnect();
    const own = { connectionId: 'c1', agentId: 'b2', agentName: 'Bo' };
    expect(published).toEqual([
      { type: 'presence.announced', ...own, caseNumber: 'PD-1', state: 'viewing' },
      { type: 'presence.announced', ...own, caseNumber: 'PD-1', state: 'viewing' },
      { type: 'presence.announced', ...own, caseNumber: 'PD-1', state: 'typing' },
      { type: 'presence.withdrawn', connectionId: 'c1' },
      { type: 'presence.announced', ...own, caseNumber: 'PD-2', state: 'viewing' },
      { type: 'presence.withdrawn', connectionId: 'c1' },
    ]);
    hub.close();
  });

  it('shows agents announced by other processes beside its own, and forgets them when withdrawn or not repeated in time', () => {
    vi.useFakeTimers();
    const events = createLocalEventBus();
    const hub = createLiveHub({ events, now: () => Date.now() }, { batchMs: 250, presenceTtlMs: 1_000 });
    const frames: ServerFrame[] = [];
    hub.connect({ id: 'c1', agentId: 'b2', agentName: 'Bo', send: (frame) => frames.push(frame) });
    hub.setPresence('c1', 'PD-1', 'typing');
    const lastList = () => frames.filter((f) => f.type === 'presence').at(-1);

    events.publish(anaElsewhere);
    expect(lastList()).toEqual({ type: 'presence', caseNumber: 'PD-1', agents: [{ agentId: 'a1', name: 'Ana', state: 'viewing' }, { agentId: 'b2', name: 'Bo', state: 'typing' }] });
    events.publish({ type: 'presence.withdrawn', connectionId: 'remote-1' });
    expect(lastList()).toMatchObject({ caseNumber: 'PD-1', agents: [{ name: 'Bo' }] });

    events.publish(anaElsewhere);
    vi.advanceTimersByTime(600);
    hub.setPresence('c1', 'PD-1', 'typing'); // Bo's console refreshes; Ana's process has gone quiet
    expect(lastList()).toMatchObject({ caseNumber: 'PD-1', agents: [{ name: 'Ana' }, { name: 'Bo' }] });
    vi.advanceTimersByTime(300); // 900 ms: not yet expired
    expect(lastList()).toMatchObject({ caseNumber: 'PD-1', agents: [{ name: 'Ana' }, { name: 'Bo' }] });
    vi.advanceTimersByTime(450); // 1350 ms: expired at 1000, swept by 1333; Bo's refresh lasts until 1600
    expect(lastList()).toMatchObject({ caseNumber: 'PD-1', agents: [{ name: 'Bo' }] });
    hub.close();
  });

  it('after a gap in the events tells consoles to refetch and announces its presence again', () => {
    const events = createLocalEventBus();
    const hub = createLiveHub({ events, now: () => 0 }, { batchMs: 250, presenceTtlMs: 45_000 });
    const frames: ServerFrame[] = [];
    hub.connect({ id: 'c1', agentId: 'b2', agentName: 'Bo', send: (frame) => frames.push(frame) });
    hub.connect({ id: 'c2', agentId: 'a1', agentName: 'Ana', send: () => {} });
    hub.setPresence('c1', 'PD-1', 'viewing');
    const published = recordPublished(events);
    events.publish({ type: 'events.resumed' });
    expect(frames.at(-1)).toEqual({ type: 'resync' });
    expect(published).toEqual([{ type: 'presence.announced', connectionId: 'c1', agentId: 'b2', agentName: 'Bo', caseNumber: 'PD-1', state: 'viewing' }]);
  });

  it('withdraws the presence of its connections when it closes (the process stops)', () => {
    const events = createLocalEventBus();
    const hub = createLiveHub({ events, now: () => 0 }, { batchMs: 250, presenceTtlMs: 45_000 });
    hub.connect({ id: 'c1', agentId: 'b2', agentName: 'Bo', send: () => {} });
    hub.connect({ id: 'c2', agentId: 'a1', agentName: 'Ana', send: () => {} });
    hub.setPresence('c1', 'PD-1', 'viewing');
    const published = recordPublished(events);
    hub.close();
    expect(published).toEqual([{ type: 'presence.withdrawn', connectionId: 'c1' }]);
  });
});
