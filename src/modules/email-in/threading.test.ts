import { describe, expect, it } from 'vitest';
import { decideThread, type ThreadCase, type ThreadEvidence, type ThreadLookup } from './threading.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const DAY = 86_400_000;

const cases: ThreadCase[] = [
  { id: 'open-1', number: 'PD-7K3M-Q9XK', status: 'open', customerEmail: 'ana@example.com', resolvedAt: null, mergedIntoId: null },
  { id: 'resolved-recent', number: 'PD-0000-0000', status: 'resolved', customerEmail: 'ana@example.com', resolvedAt: new Date(NOW.getTime() - 3 * DAY), mergedIntoId: null },
  { id: 'resolved-old', number: 'PD-0000-0001', status: 'resolved', customerEmail: 'ana@example.com', resolvedAt: new Date(NOW.getTime() - 20 * DAY), mergedIntoId: null },
  { id: 'closed', number: 'PD-0000-0002', status: 'closed', customerEmail: 'ana@example.com', resolvedAt: null, mergedIntoId: null },
  { id: 'merged', number: 'PD-0000-0003', status: 'merged', customerEmail: 'ana@example.com', resolvedAt: null, mergedIntoId: 'open-1' },
];

const lookup: ThreadLookup = {
  caseById: async (id) => cases.find((c) => c.id === id) ?? null,
  caseByNumber: async (number) => cases.find((c) => c.number === number) ?? null,
};

const evidence = (overrides: Partial<ThreadEvidence>): ThreadEvidence => ({
  replyTokenCaseId: null, referencedCaseId: null, subject: 'Hello', text: 'Any news?', sender: 'ana@example.com', senderAuthenticated: true, ...overrides,
});

type Expected = { kind: string; target?: string; via?: string; reopen?: boolean; reason?: string; senderIsCustomer?: boolean };

const table: [string, Partial<ThreadEvidence>, Expected][] = [
  ['reply token wins over everything', { replyTokenCaseId: 'open-1', referencedCaseId: 'closed', subject: 'Re: [PD-0000-0002]' }, { kind: 'follow-up', target: 'open-1', via: 'reply-token' }],
  ['our Message-ID in References', { referencedCaseId: 'open-1' }, { kind: 'follow-up', target: 'open-1', via: 'message-id' }],
  ['token from a different sender still joins, marked', { replyTokenCaseId: 'open-1', sender: 'husband@example.org' }, { kind: 'follow-up', target: 'open-1', senderIsCustomer: false }],
  ['case number from the authenticated customer', { subject: 'Re: [PD-7K3M-Q9XK] my parcel' }, { kind: 'follow-up', target: 'open-1', via: 'case-number' }],
  ['case number in the body, lower case', { text: 'about case pd-7k3m-q9xk again' }, { kind: 'follow-up', target: 'open-1', via: 'case-number' }],
  ['case number from a stranger', { subject: '[PD-7K3M-Q9XK]', sender: 'mallory@evil.test' }, { kind: 'new-linked-case', target: 'open-1', reason: 'unproven-claim' }],
  ['case number, customer address but unauthenticated', { subject: '[PD-7K3M-Q9XK]', senderAuthenticated: false }, { kind: 'new-linked-case', target: 'open-1', reason: 'unproven-claim' }],
  ['case number with a typo is not a claim', { subject: '[PD-7K3M-Q9XT]' }, { kind: 'new-case', reason: 'no-reference' }],
  ['a valid number of no case', { subject: '[PD-1234-567Y]' }, { kind: 'new-case', reason: 'no-reference' }],
  ['resolved 3 days ago reopens', { replyTokenCaseId: 'resolved-recent' }, { kind: 'follow-up', target: 'resolved-recent', reopen: true }],
  ['resolved 20 days ago starts a linked case', { replyTokenCaseId: 'resolved-old' }, { kind: 'new-linked-case', target: 'resolved-old', reason: 'closed-case' }],
  ['closed starts a linked case', { referencedCaseId: 'closed' }, { kind: 'new-linked-case', target: 'closed', reason: 'closed-case' }],
  ['merged case follows its merge target', { replyTokenCaseId: 'merged' }, { kind: 'follow-up', target: 'open-1', via: 'reply-token' }],
  ['no reference at all', {}, { kind: 'new-case', reason: 'no-reference' }],
  ['a token for a case that no longer exists falls through', { replyTokenCaseId: 'gone', subject: 'Re: [PD-7K3M-Q9XK]' }, { kind: 'follow-up', target: 'open-1', via: 'case-number' }],
];

describe('decideThread', () => {
  it.each(table)('%s', async (_name, overrides, expected) => {
    const decision = await decideThread(evidence(overrides), lookup, NOW);
    expect(decision.kind).toBe(expected.kind);
    if (expected.target) expect('target' in decision ? decision.target.id : 'previous' in decision ? decision.previous.id : null).toBe(expected.target);
    if (expected.via) expect('via' in decision ? decision.via : null).toBe(expected.via);
    if (expected.reopen !== undefined) expect(decision.kind === 'follow-up' && decision.reopen).toBe(expected.reopen);
    if (expected.reason) expect('reason' in decision ? decision.reason : null).toBe(expected.reason);
    if (expected.senderIsCustomer !== undefined) expect(decision.kind === 'follow-up' && decision.senderIsCustomer).toBe(expected.senderIsCustomer);
  });
});
