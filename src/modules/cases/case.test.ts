import { describe, expect, it } from 'vitest';
import { canTransition, deriveSubject, type CaseStatus } from './case.js';

describe('case status machine', () => {
  it.each<[CaseStatus, CaseStatus, boolean]>([
    ['new', 'open', true],
    ['open', 'pending_customer', true],
    ['pending_customer', 'open', true],
    ['open', 'resolved', true],
    ['resolved', 'closed', true],
    ['resolved', 'open', true],
    ['new', 'spam', true],
    ['open', 'merged', true],
    ['closed', 'open', false],
    ['merged', 'open', false],
    ['resolved', 'pending_customer', false],
    ['spam', 'resolved', false],
  ])('%s → %s is %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });
});

describe('deriveSubject', () => {
  it.each([
    ['Where is my parcel?', 'body', 'Tracking', 'Where is my parcel?'],
    [null, 'My package never arrived\nIt was due Monday', 'Missing package', 'My package never arrived'],
    ['  ', '', 'Missing package', 'Missing package'],
    [null, 'x'.repeat(100), 'Tracking', `${'x'.repeat(77)}…`],
  ])('(%s, %s) → %s', (subject, description, topic, expected) => {
    expect(deriveSubject(subject, description, topic)).toBe(expected);
  });
});
