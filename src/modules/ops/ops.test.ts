import { describe, expect, it } from 'vitest';
import { compareMigrations } from '../../storage/migration-state.js';
import { decideMetricsAccess, isLoopbackAddress } from './metrics-access.js';
import { createLabelLimiter, judgeReadiness, methodLabel, statusClassLabel, type ReadinessProbe } from './ops.js';

const CURRENT = { applied: 3, expected: 3, missing: [], ahead: [] };
const GATING = { maxJobLagMs: 60_000, jobLagGates: true };

describe('judgeReadiness', () => {
  const cases: [string, ReadinessProbe, typeof GATING, string, Record<string, string>][] = [
    ['all fine', { database: true, migrations: CURRENT, jobLagMs: 0, blobStore: true, eventsHeard: null }, GATING, 'ready', { database: 'ok', migrations: 'ok', jobQueue: 'ok', blobStore: 'ok' }],
    ['lag at the threshold', { database: true, migrations: CURRENT, jobLagMs: 60_000, blobStore: true, eventsHeard: null }, GATING, 'ready', { jobQueue: 'ok' }],
    ['lag past the threshold', { database: true, migrations: CURRENT, jobLagMs: 60_001, blobStore: true, eventsHeard: null }, GATING, 'not_ready', { jobQueue: 'failing' }],
    ['lag past the threshold, no worker role', { database: true, migrations: CURRENT, jobLagMs: 600_000, blobStore: true, eventsHeard: null }, { ...GATING, jobLagGates: false }, 'ready', { jobQueue: 'warning' }],
    ['queue unreadable', { database: true, migrations: CURRENT, jobLagMs: null, blobStore: true, eventsHeard: null }, GATING, 'not_ready', { jobQueue: 'failing' }],
    ['a migration missing', { database: true, migrations: { ...CURRENT, applied: 2, missing: ['0003_c'] }, jobLagMs: 0, blobStore: true, eventsHeard: null }, GATING, 'not_ready', { migrations: 'failing' }],
    ['a newer release migrated ahead', { database: true, migrations: { ...CURRENT, ahead: ['0004_d'] }, jobLagMs: 0, blobStore: true, eventsHeard: null }, GATING, 'ready', { migrations: 'ok' }],
    ['migration table unreadable', { database: true, migrations: null, jobLagMs: 0, blobStore: true, eventsHeard: null }, GATING, 'not_ready', { migrations: 'failing' }],
    ['database down', { database: false, migrations: null, jobLagMs: null, blobStore: true, eventsHeard: null }, GATING, 'not_ready', { database: 'failing', migrations: 'skipped', jobQueue: 'skipped' }],
    ['blob store unreachable', { database: true, migrations: CURRENT, jobLagMs: 0, blobStore: false, eventsHeard: null }, GATING, 'ready', { blobStore: 'warning', database: 'ok' }],
    ['one process (SQLite): nobody else to hear', { database: true, migrations: CURRENT, jobLagMs: 0, blobStore: true, eventsHeard: null }, GATING, 'ready', { events: 'skipped' }],
    ['hearing the other processes', { database: true, migrations: CURRENT, jobLagMs: 0, blobStore: true, eventsHeard: true }, GATING, 'ready', { events: 'ok' }],
    ['the listening connection reconnecting', { database: true, migrations: CURRENT, jobLagMs: 0, blobStore: true, eventsHeard: false }, GATING, 'ready', { events: 'warning' }],
    ['database and blob store down', { database: false, migrations: null, jobLagMs: null, blobStore: false, eventsHeard: null }, GATING, 'not_ready', { database: 'failing', blobStore: 'warning' }],
  ];
  it.each(cases)('%s', (_name, probe, policy, status, checks) => {
    const readiness = judgeReadiness(probe, policy);
    expect(readiness.status).toBe(status);
    for (const [check, expected] of Object.entries(checks)) expect(readiness.checks[check as keyof typeof readiness.checks].status).toBe(expected);
  });

  it('names what is missing or ahead, and the lag in whole seconds', () => {
    const readiness = judgeReadiness({ database: true, migrations: { applied: 2, expected: 3, missing: ['0003_c'], ahead: ['0009_z'] }, jobLagMs: 61_999, blobStore: true, eventsHeard: null }, GATING);
    expect(readiness.checks.migrations).toEqual({ status: 'failing', applied: 2, expected: 3, missing: ['0003_c'], ahead: ['0009_z'] });
    expect(readiness.checks.jobQueue).toEqual({ status: 'failing', lagSeconds: 61, thresholdSeconds: 60 });
  });
});

describe('compareMigrations', () => {
  it.each([
    [['a', 'b'], ['a', 'b'], [], []],
    [['a'], ['a', 'b'], ['b'], []],
    [['a', 'b', 'c'], ['a', 'b'], [], ['c']],
    [['a', 'x'], ['a', 'b'], ['b'], ['x']],
    [[], ['a', 'b'], ['a', 'b'], []],
  ])('applied %j, known %j → missing %j, ahead %j', (applied, known, missing, ahead) => {
    expect(compareMigrations(applied, known)).toMatchObject({ missing, ahead });
  });
});

describe('metrics access', () => {
  it.each([
    ['127.0.0.1', true], ['127.8.9.10', true], ['::1', true], ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false], ['::ffff:10.0.0.1', false], ['128.0.0.1', false], ['fe80::1', false], ['', false], [undefined, false],
  ])('%s is loopback: %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });

  const TOKEN = 'a-token-of-some-length';
  it.each([
    ['loopback, no token configured', { remoteAddress: '127.0.0.1', forwarded: false, authorization: undefined }, undefined, 'allowed'],
    ['loopback through a proxy', { remoteAddress: '127.0.0.1', forwarded: true, authorization: undefined }, undefined, 'forbidden'],
    ['remote, no token configured', { remoteAddress: '192.0.2.1', forwarded: false, authorization: `Bearer ${TOKEN}` }, undefined, 'forbidden'],
    ['remote, right token', { remoteAddress: '192.0.2.1', forwarded: true, authorization: `Bearer ${TOKEN}` }, TOKEN, 'allowed'],
    ['scheme in another case', { remoteAddress: '192.0.2.1', forwarded: false, authorization: `bearer ${TOKEN}` }, TOKEN, 'allowed'],
    ['loopback, token configured but not sent', { remoteAddress: '127.0.0.1', forwarded: false, authorization: undefined }, TOKEN, 'unauthorized'],
    ['wrong token', { remoteAddress: '192.0.2.1', forwarded: false, authorization: 'Bearer nope' }, TOKEN, 'unauthorized'],
    ['token as a prefix', { remoteAddress: '192.0.2.1', forwarded: false, authorization: `Bearer ${TOKEN}${TOKEN}` }, TOKEN, 'unauthorized'],
    ['empty bearer', { remoteAddress: '192.0.2.1', forwarded: false, authorization: 'Bearer ' }, TOKEN, 'unauthorized'],
    ['another scheme', { remoteAddress: '192.0.2.1', forwarded: false, authorization: `Basic ${TOKEN}` }, TOKEN, 'unauthorized'],
  ] as const)('%s', (_name, request, token, expected) => {
    expect(decideMetricsAccess(request, token)).toBe(expected);
  });
});

describe('labels', () => {
  it('caps the distinct values of a label', () => {
    const label = createLabelLimiter(2);
    expect(['a', 'b', 'c', 'a', 'b', 'd'].map(label)).toEqual(['a', 'b', 'other', 'a', 'b', 'other']);
  });

  it('keeps methods and status classes to small fixed sets', () => {
    expect(['GET', 'POST', 'PROPFIND', 'get'].map(methodLabel)).toEqual(['GET', 'POST', 'OTHER', 'OTHER']);
    expect([200, 201, 303, 404, 503, 99, 600].map(statusClassLabel)).toEqual(['2xx', '2xx', '3xx', '4xx', '5xx', 'other', 'other']);
  });
});
