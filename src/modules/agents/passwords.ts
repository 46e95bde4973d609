import { randomInt } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

/**
 * `Algorithm` is an ambient const enum, which verbatimModuleSyntax cannot inline and which is an
 * empty object at runtime; 2 is its Argon2id member.
 */
const ARGON2ID = 2 as Algorithm;

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): ≈ 10 ms here, slow enough for offline guessing. */
const HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 10;
/** Bounds the work one sign-in request can cause. */
export const PASSWORD_MAX_LENGTH = 1024;

/** Hashes a password as a PHC string (`$argon2id$v=19$m=…`), salt included. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, HASH_OPTIONS);
}

/** True when `password` matches `passwordHash`; a malformed hash counts as a mismatch. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * Returns why a new password is unacceptable, or null. Length only: NIST SP 800-63B §5.1.1.2
 * finds composition rules make passwords more predictable, not stronger, so we ask for 10+
 * characters (above its floor of 8, since agent accounts open every customer's case).
 */
export function checkPasswordPolicy(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  return null;
}

/** No 0/o, 1/l/i: easy to read off a terminal and type. */
const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A random password of 4 groups of 5 readable characters (≈ 99 bits), e.g. `k7m3q-x9tpz-4hw2c-rn8vd`. */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 5; i++) group += READABLE[randomInt(READABLE.length)];
    groups.push(group);
  }
  return groups.join('-');
}
