import { describe, expect, it } from 'vitest';
import { createPresenceRegistry } from './presence.js';

const ana = { agentId: 'a1', name: 'Ana' };
const bo = { agentId: 'b2', name: 'Bo' };

describe('presence registry', () => {
  it('lists each agent once per case, typing over viewing, and reports what changed', () => {
    const presence = createPresenceRegistry({ ttlMs: 1000 });
    expect(presence.set('c1', { ...ana, caseNumber: 'PD-1', state: 'viewing' }, 0)).toEqual(['PD-1']);
    expect(presence.set('c2', { ...ana, caseNumber: 'PD-1', state: 'typing' }, 0)).toEqual(['PD-1']);
    expect(presence.set('c3', { ...bo, caseNumber: 'PD-1', state: 'viewing' }, 0)).toEqual(['PD-1']);
    expect(presence.list('PD-1')).toEqual([
      { agentId: 'a1', name: 'Ana', state: 'typing' },
      { agentId: 'b2', name: 'Bo', state: 'viewing' },
    ]);
    expect(presence.list('PD-2')).toEqual([]);
  });

  it('a refresh of the same state changes nothing; moving to another case changes both', () => {
    const presence = createPresenceRegistry({ ttlMs: 1000 });
    presence.set('c1', { ...ana, caseNumber: 'PD-1', state: 'viewing' }, 0);
    expect(presence.set('c1', { ...ana, caseNumber: 'PD-1', state: 'viewing' }, 10)).toEqual([]);
    expect(presence.set('c1', { ...ana, caseNumber: 'PD-2', state: 'viewing' }, 20)).toEqual(['PD-1', 'PD-2']);
    expect(presence.list('PD-1')).toEqual([]);
  });

  it('forgets closed connections and entries that were not refreshed in time', () => {
    const presence = createPresenceRegistry({ ttlMs: 1000 });
    presence.set('c1', { ...ana, caseNumber: 'PD-1', state: 'viewing' }, 0);
    presence.set('c2', { ...bo, caseNumber: 'PD-2', state: 'viewing' }, 500);
    expect(presence.remove('c9')).toEqual([]);
    expect(presence.expire(1200)).toEqual(['PD-1']);
    expect(presence.remove('c2')).toEqual(['PD-2']);
    expect(presence.list('PD-2')).toEqual([]);
  });
});
