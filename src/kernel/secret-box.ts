import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Raised when a sealed value is malformed, was tampered with, or was sealed under another secret or context. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/** Seals small secrets (mailbox passwords) so that the database alone never reveals them. */
export interface SecretBox {
  /** Encrypts `plaintext`; `context` (for example the row id) must be given again to open it. */
  encrypt(plaintext: string, context?: string): string;
  /** Decrypts a value from `encrypt`; throws SecretBoxError on any mismatch. */
  decrypt(sealed: string, context?: string): string;
}

const VERSION = 'v1';
const IV_BYTES = 12; // the GCM nonce size NIST SP 800-38D recommends
const TAG_BYTES = 16;
const MAX_PLAINTEXT_BYTES = 4096;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * AES-256-GCM under a key derived from the application secret with HKDF-SHA256 (RFC 5869;
 * `info` separates this key from every other use of the secret). Output: `v1.<iv>.<tag>.<ciphertext>`,
 * each part base64url. The version prefix lets a later format or key coexist with this one.
 * A fresh random IV per value; the optional context is authenticated as additional data, so a
 * value copied onto another row does not open there.
 */
export function createSecretBox(secret: string, info = 'postdesk mailbox credentials'): SecretBox {
  if (secret.length < 16) throw new SecretBoxError('the application secret is too short to derive a key from');
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), Buffer.from(info, 'utf8'), 32));

  return {
    encrypt(plaintext, context = '') {
      const data = Buffer.from(plaintext, 'utf8');
      if (data.byteLength > MAX_PLAINTEXT_BYTES) throw new SecretBoxError(`secrets are limited to ${MAX_PLAINTEXT_BYTES} bytes`);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    decrypt(sealed, context = '') {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION || !parts.slice(1).every((part) => BASE64URL.test(part))) {
        throw new SecretBoxError('not a sealed value of a known version');
      }
      const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url')) as [Buffer, Buffer, Buffer];
      if (iv.byteLength !== IV_BYTES || tag.byteLength !== TAG_BYTES) throw new SecretBoxError('sealed value has a malformed IV or tag');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('sealed value failed authentication (tampered, another secret, or another context)');
      }
    },
  };
}
