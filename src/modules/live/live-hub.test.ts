import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLocalEventBus } from '../../kernel/events.js';
import { createLiveHub } from './live-hub.js';
import type { ServerFrame } from './live.schema.js';

afterEach(() => {
  vi.useRealTimers();
});

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
});
