import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretBoxError } from './secret-box.js';

const SECRET = 'test-secret-0123456789abcdefghijklmnopqrstuvwxyz';

/** Flips one bit of the base64url part at `index` (1 = iv, 2 = tag, 3 = ciphertext). */
function flipBit(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('secret box', () => {
  const box = createSecretBox(SECRET);

  it.each([
    ['ascii', 'hunter2'],
    ['empty', ''],
    ['unicode', 'pässwörd 🔑 ş ț'],
    ['long', 'x'.repeat(4096)],
  ])('round-trips a %s secret', (_name, plaintext) => {
    expect(box.decrypt(box.encrypt(plaintext))).toBe(plaintext);
  });

  it('writes v1.<iv>.<tag>.<ciphertext> in base64url, never the plaintext', () => {
    const sealed = box.encrypt('correct horse battery staple', 'mailbox-1');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('correct');
    expect(Buffer.from(sealed.split('.')[3]!, 'base64url').byteLength).toBe('correct horse battery staple'.length);
  });

  it('uses a fresh IV each time', () => {
    const a = box.encrypt('same', 'ctx');
    const b = box.encrypt('same', 'ctx');
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
  });

  it.each([
    ['iv', 1],
    ['tag', 2],
    ['ciphertext', 3],
  ])('throws when the %s was tampered with', (_part, index) => {
    const sealed = box.encrypt('secret', 'ctx');
    expect(() => box.decrypt(flipBit(sealed, index), 'ctx')).toThrow(SecretBoxError);
  });

  it.each([
    ['unknown version', (s: string) => s.replace(/^v1/, 'v2')],
    ['missing part', (s: string) => s.split('.').slice(0, 3).join('.')],
    ['extra part', (s: string) => `${s}.AAAA`],
    ['non-base64url characters', (s: string) => s.replace(/\.[^.]*$/, '.abc+/=')],
    ['truncated tag', (s: string) => s.split('.').map((p, i) => (i === 2 ? p.slice(0, 10) : p)).join('.')],
    ['empty string', () => ''],
  ])('throws on a malformed value: %s', (_name, mangle) => {
    expect(() => box.decrypt(mangle(box.encrypt('secret', 'ctx')), 'ctx')).toThrow(SecretBoxError);
  });

  it('does not open under another context (a value copied to another row)', () => {
    const sealed = box.encrypt('secret', 'mailbox-1');
    expect(() => box.decrypt(sealed, 'mailbox-2')).toThrow(SecretBoxError);
    expect(() => box.decrypt(sealed)).toThrow(SecretBoxError);
  });

  it('does not open under another application secret or another purpose', () => {
    const sealed = box.encrypt('secret');
    expect(() => createSecretBox(`${SECRET}-rotated`).decrypt(sealed)).toThrow(SecretBoxError);
    expect(() => createSecretBox(SECRET, 'another purpose').decrypt(sealed)).toThrow(SecretBoxError);
    expect(createSecretBox(SECRET).decrypt(sealed)).toBe('secret');
  });

  it('refuses a short secret and an oversized plaintext', () => {
    expect(() => createSecretBox('short')).toThrow(SecretBoxError);
    expect(() => box.encrypt('x'.repeat(4097))).toThrow(SecretBoxError);
  });
});
