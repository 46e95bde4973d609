import { randomBytes } from 'node:crypto';

let lastMs = -1;
let sequence = 0;

// One CSPRNG call per 256 ids instead of one per id: a case takes about ten ids, and each
// randomBytes call costs more than the bytes it returns.
const POOL_BYTES = 16 * 256;
let pool = Buffer.alloc(0);
let poolOffset = POOL_BYTES;

function random16(): Buffer {
  if (poolOffset + 16 > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const bytes = Buffer.allocUnsafe(16);
  pool.copy(bytes, 0, poolOffset, poolOffset + 16);
  poolOffset += 16;
  return bytes;
}

/**
 * UUIDv7 (RFC 9562): time-ordered, so primary-key indexes grow at the end in both SQLite and
 * PostgreSQL, and ids sort by creation time. Within one millisecond a 12-bit counter in
 * `rand_a` keeps ids of one process strictly increasing (RFC 9562 §6.2, method 1), so rows
 * created together (a message's attachments) sort in creation order.
 */
export function newId(now: number = Date.now()): string {
  let ms = now;
  if (ms <= lastMs) {
    ms = lastMs;
    sequence += 1;
    if (sequence > 0xfff) {
      ms += 1;
      sequence = 0;
    }
  } else {
    sequence = 0;
  }
  lastMs = ms;
  const bytes = random16();
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A random opaque token for cookies and links (URL-safe). */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
