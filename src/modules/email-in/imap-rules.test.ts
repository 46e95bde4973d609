import { describe, expect, it } from 'vitest';
import { chunk, describeError, isLoopbackHost, newUids, reconnectDelay, resumePoint, transportSecurity } from './imap-rules.js';

describe('resumePoint', () => {
  it.each([
    ['first run', { uidValidity: null, lastUid: 0 }, '100', { lastUid: 0, reset: false }],
    ['same UIDVALIDITY', { uidValidity: '100', lastUid: 42 }, '100', { lastUid: 42, reset: false }],
    ['changed UIDVALIDITY', { uidValidity: '100', lastUid: 42 }, '101', { lastUid: 0, reset: true }],
    ['64-bit values compare as text', { uidValidity: '4294967295', lastUid: 7 }, '4294967295', { lastUid: 7, reset: false }],
  ])('%s', (_name, stored, server, expected) => {
    expect(resumePoint(stored, server)).toEqual(expected);
  });
});

describe('newUids', () => {
  it.each([
    ['nothing new: n:* answers the newest message', [5], 5, []],
    ['new ones, unsorted and repeated', [9, 7, 7, 8], 6, [7, 8, 9]],
    ['from the start', [1, 2, 3], 0, [1, 2, 3]],
    ['drops old and nonsense values', [3, 4, Number.NaN, -1, 1.5], 3, [4]],
  ])('%s', (_name, found, lastUid, expected) => {
    expect(newUids(found, lastUid)).toEqual(expected);
  });
});

describe('chunk', () => {
  it.each([
    [[], 3, []],
    [[1, 2, 3], 3, [[1, 2, 3]]],
    [[1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]],
  ])('%j by %i', (items, size, expected) => {
    expect(chunk(items, size)).toEqual(expected);
  });
});

describe('reconnectDelay', () => {
  const settings = { baseMs: 1_000, maxMs: 60_000 };
  it.each([
    [0, 0, 500],
    [0, 1, 1_000],
    [1, 1, 2_000],
    [3, 0.5, 6_000],
    [6, 1, 60_000],
    [50, 1, 60_000],
    [50, 0, 30_000],
  ])('attempt %i with random %f → %i ms', (attempt, random, expected) => {
    expect(reconnectDelay(attempt, settings, () => random)).toBe(expected);
  });
});

describe('transport security', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['LOCALHOST', true],
    ['imap.example.org', false],
    ['10.0.0.1', false],
    ['127.0.0.1.example.org', false],
    ['localhost.example.org', false],
  ])('%s is loopback: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it.each([
    ['implicit TLS', { host: 'imap.example.org', tls: true }, { secure: true, doSTARTTLS: undefined }],
    ['STARTTLS required on the network', { host: 'imap.example.org', tls: false }, { secure: false, doSTARTTLS: true }],
    ['STARTTLS optional on loopback', { host: '127.0.0.1', tls: false }, { secure: false, doSTARTTLS: undefined }],
  ])('%s', (_name, mailbox, expected) => {
    expect(transportSecurity(mailbox)).toEqual({ ...expected, rejectUnauthorized: true });
  });
});

describe('describeError', () => {
  it('keeps one bounded line and adds the server response', () => {
    const error = Object.assign(new Error('Command failed\n  badly'), { responseText: 'Mailbox does not exist' });
    expect(describeError(error)).toBe('Command failed badly (Mailbox does not exist)');
    expect(describeError(new Error('x'.repeat(2_000)))).toHaveLength(500);
    expect(describeError('plain')).toBe('plain');
  });
});
