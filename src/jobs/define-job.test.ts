import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { defineJob } from './define-job.js';
import { retryDelayMs } from './queue.js';
import { createJobRegistry } from './registry.js';

const noop = async () => {};

describe('defineJob', () => {
  it.each(['email-out.send-mail', 'sla.check-breaches', 'cases.close-resolved'])('accepts the type %s', (type) => {
    expect(defineJob({ type, payload: Type.Object({}), handle: noop }).type).toBe(type);
  });

  it.each(['sendMail', 'email-out', 'Email-out.send-mail', 'email-out.send_mail', 'a.b.c', 'email-out.-send'])(
    'rejects the type %s',
    (type) => {
      expect(() => defineJob({ type, payload: Type.Object({}), handle: noop })).toThrow(/<module>\.<verb-noun>/);
    },
  );

  it('rejects a maxAttempts below one', () => {
    expect(() => defineJob({ type: 'a.b', payload: Type.Object({}), maxAttempts: 0, handle: noop })).toThrow(/maxAttempts/);
  });

  it('checks payloads, naming the path and rule but not the value', () => {
    const job = defineJob({ type: 'a.do-b', payload: Type.Object({ caseId: Type.String() }), handle: noop });
    expect(job.checkPayload({ caseId: 'c1' })).toEqual({ valid: true });
    const check = job.checkPayload({ caseId: 1234567 });
    expect(check).toEqual({ valid: false, reason: expect.stringContaining('/caseId') });
    expect(JSON.stringify(check)).not.toContain('1234567');
  });

  it('builds a typed enqueue request carrying the definition’s maxAttempts unless overridden', () => {
    const job = defineJob({ type: 'a.do-b', payload: Type.Object({ caseId: Type.String() }), maxAttempts: 7, handle: noop });
    expect(job.request({ caseId: 'c1' }, { idempotencyKey: 'k' })).toEqual({ type: 'a.do-b', payload: { caseId: 'c1' }, maxAttempts: 7, idempotencyKey: 'k' });
    expect(job.request({ caseId: 'c1' }, { maxAttempts: 2 }).maxAttempts).toBe(2);
  });
});

describe('createJobRegistry', () => {
  it('finds definitions by type', () => {
    const a = defineJob({ type: 'a.do-a', payload: Type.Object({}), handle: noop });
    const registry = createJobRegistry([a]);
    expect(registry.find('a.do-a')).toBe(a);
    expect(registry.find('a.do-x')).toBeUndefined();
    expect(registry.types()).toEqual(['a.do-a']);
  });

  it('throws on a duplicate type', () => {
    const make = () => defineJob({ type: 'a.do-a', payload: Type.Object({}), handle: noop });
    expect(() => createJobRegistry([make(), make()])).toThrow(/a\.do-a is defined twice/);
  });
});

describe('retryDelayMs', () => {
  const base = 2000;
  const max = 60 * 60 * 1000;
  it.each([
    [1, 0.5, 2000],
    [2, 0.5, 4000],
    [5, 0.5, 32_000],
    [12, 0.5, 3_600_000],
    [40, 0.5, 3_600_000],
    [1, 0, 1600],
    [1, 0.99999999, 2400],
    [40, 0, 2_880_000],
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(retryDelayMs(attempt, base, max, () => random)).toBe(expected);
  });
});
