import { describe, expect, it } from 'vitest';
import { ACCOUNT_POLICY, checkNewPassword, isSignInLocked, recordSignInFailure, validateSignUp, type SignInFailures } from './account.js';
import { isCommonPassword } from './common-passwords.js';

const owner = { email: 'maria.ionescu@example.org', name: 'Maria Ionescu' };

describe('checkNewPassword', () => {
  it.each<[string, string, ReturnType<typeof checkNewPassword>]>([
    ['empty', '', 'passwordMissing'],
    ['9 characters', 'abcdefgh1', 'passwordShort'],
    ['10 characters counted as code points', 'ăîșțâăîșțâ', null],
    ['over 1024 characters', 'x'.repeat(1025), 'passwordLong'],
    ['a common one', 'qwertyuiop', 'passwordCommon'],
    ['a common word with a suffix', 'Password2024!', 'passwordCommon'],
    ['one character repeated', 'zzzzzzzzzzzz', 'passwordCommon'],
    ['the email address', 'Maria.Ionescu@example.org', 'passwordLikeEmail'],
    ['the local part with digits', 'maria.ionescu1990', 'passwordLikeEmail'],
    ['the name', 'maria ionescu', 'passwordLikeEmail'],
    ['unrelated words', 'lantern orbit meadow', null],
    ['the name inside a longer phrase', 'maria ionescu loves lanterns', null],
  ])('%s', (_case, password, expected) => {
    expect(checkNewPassword(password, owner)).toBe(expected);
  });
});

describe('isCommonPassword', () => {
  it.each(['1234567890', 'Qwerty123456', 'iloveyou123', 'ababababab', 'letmein!!!!'])('%s is common', (password) => {
    expect(isCommonPassword(password)).toBe(true);
  });
  it.each(['correct-horse-staple', 'my parcel came late', 'k7m3q-x9tpz'])('%s is not', (password) => {
    expect(isCommonPassword(password)).toBe(false);
  });
});

describe('validateSignUp', () => {
  it('normalises the address and trims the name', () => {
    expect(validateSignUp({ name: '  Maria  ', email: ' Maria@Example.ORG ', password: 'lantern orbit meadow' }))
      .toEqual({ ok: true, value: { name: 'Maria', email: 'maria@example.org', password: 'lantern orbit meadow' } });
  });

  it('reports every field at once', () => {
    expect(validateSignUp({ name: '', email: 'no-at-sign', password: 'short' }))
      .toEqual({ ok: false, problems: { name: 'nameMissing', email: 'emailInvalid', password: 'passwordShort' } });
    expect(validateSignUp({ name: 'x'.repeat(201), email: '', password: '' }))
      .toEqual({ ok: false, problems: { name: 'nameLong', email: 'emailMissing', password: 'passwordMissing' } });
  });
});

describe('sign-in failures per address', () => {
  const start = new Date('2025-03-03T15:00:00Z');
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

  it('locks at the fifth failure within the window, for 15 minutes', () => {
    let record: SignInFailures | null = null;
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures - 1; i += 1) {
      record = recordSignInFailure(record, at(i));
      expect(isSignInLocked(record, at(i))).toBe(false);
    }
    record = recordSignInFailure(record, at(4));
    expect(isSignInLocked(record, at(4))).toBe(true);
    expect(isSignInLocked(record, at(18.9))).toBe(true);
    expect(isSignInLocked(record, at(19))).toBe(false);
  });

  it('starts counting again when the window has passed', () => {
    let record: SignInFailures | null = null;
    for (let i = 0; i < 4; i += 1) record = recordSignInFailure(record, at(i));
    record = recordSignInFailure(record, at(20));
    expect(record).toEqual({ failures: 1, firstFailedAt: at(20), lockedUntil: null });
  });

  it('is not locked without failures', () => {
    expect(isSignInLocked(null, start)).toBe(false);
  });
});
