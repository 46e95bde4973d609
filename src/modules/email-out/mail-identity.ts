import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Our email identity: reply addresses, Message-IDs and emailed-link tokens that we can parse
 * back and that nobody without the secret can forge (HMAC-SHA256, compared in constant time).
 *
 * Everything that travels inside an address or a Message-ID is lowercase only, because some
 * MTAs lowercase local parts (RFC 5321 §2.4 lets them treat local parts as case-sensitive, and
 * in practice a few do the opposite); parsing lowercases its input before checking.
 */
export interface MailIdentity {
  /** `support+c<32 hex>.<16 base32>@<domain>`: a Reply-To that routes replies to the case. */
  replyAddress(caseId: string): string;
  /** The case of a reply address of ours with a valid signature, else null. */
  parseReplyAddress(address: string): { caseId: string } | null;
  /** `<pd.<32 hex>.<unique>.<16 base32>@<domain>>`; `unique` defaults to a random value. */
  messageId(caseId: string, unique?: string): string;
  /** The case of a Message-ID of ours with a valid signature, else null. */
  parseMessageId(id: string): { caseId: string } | null;
  /** The case of the last verifiable id of ours across the header values, else null. */
  caseIdFromReferences(headerValues: readonly string[]): string | null;
  /** A URL-safe token binding `payload` to `purpose` until `expiresAt` (second precision). */
  signedLinkToken(purpose: string, payload: string, expiresAt: Date): string;
  /** The payload of a valid, unexpired token for `purpose`, else null. */
  verifyLinkToken(purpose: string, token: string, now: Date): string | null;
}

export type MailIdentityOptions = { secret: string; domain: string };

const MIN_SECRET_LENGTH = 16;
/** 10 bytes = 80 bits = 16 base32 characters: plenty against online guessing, short in a header. */
const MAC_BYTES = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;
const UNIQUE = /^[a-z0-9-]{1,64}$/;
const REPLY_LOCAL = /^support\+c([0-9a-f]{32})\.([a-z2-7]{16})$/;
const MESSAGE_ID = /^pd\.([0-9a-f]{32})\.([a-z0-9-]{1,64})\.([a-z2-7]{16})@(.+)$/;
const LINK_TOKEN = /^([A-Za-z0-9_-]*)\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{22})$/;
const PURPOSE = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Builds the identity; throws on a short secret or a malformed domain (configuration errors). */
export function createMailIdentity(options: MailIdentityOptions): MailIdentity {
  if (options.secret.length < MIN_SECRET_LENGTH) {
    throw new RangeError(`mail identity secret must have at least ${MIN_SECRET_LENGTH} characters`);
  }
  const domain = options.domain.trim().toLowerCase();
  if (!DOMAIN.test(domain)) throw new RangeError(`invalid mail domain: ${options.domain}`);
  const secret = options.secret;

  // Each use signs a distinct prefix ("reply:", "msgid:", "link:") so a value signed for one
  // purpose can never be replayed as another.
  const mac = (data: string): Buffer => createHmac('sha256', secret).update(data).digest();
  const shortMac = (data: string): string => base32(mac(data).subarray(0, MAC_BYTES));
  const replyMac = (caseId: string): string => shortMac(`reply:${caseId}`);
  const messageIdMac = (caseId: string, unique: string): string =>
    shortMac(`msgid:${caseId}:${unique}`);

  function parseMessageId(id: string): { caseId: string } | null {
    const m = MESSAGE_ID.exec(stripBrackets(id).toLowerCase());
    if (!m || m[4] !== domain) return null;
    const caseId = expandCaseId(m[1]!);
    return safeEqual(m[3]!, messageIdMac(caseId, m[2]!)) ? { caseId } : null;
  }

  return {
    replyAddress(caseId) {
      const id = normaliseCaseId(caseId);
      return `support+c${compactCaseId(id)}.${replyMac(id)}@${domain}`;
    },

    parseReplyAddress(address) {
      const lower = stripBrackets(address).toLowerCase();
      const at = lower.lastIndexOf('@');
      if (at < 0 || lower.slice(at + 1) !== domain) return null;
      const m = REPLY_LOCAL.exec(lower.slice(0, at));
      if (!m) return null;
      const caseId = expandCaseId(m[1]!);
      return safeEqual(m[2]!, replyMac(caseId)) ? { caseId } : null;
    },

    messageId(caseId, unique = base32(randomBytes(MAC_BYTES))) {
      const id = normaliseCaseId(caseId);
      const u = unique.toLowerCase();
      if (!UNIQUE.test(u)) throw new RangeError('Message-ID unique part must match [a-z0-9-]{1,64}');
      return `<pd.${compactCaseId(id)}.${u}.${messageIdMac(id, u)}@${domain}>`;
    },

    parseMessageId,

    caseIdFromReferences(headerValues) {
      let found: string | null = null;
      for (const value of headerValues) {
        for (const id of splitMessageIds(value)) {
          found = parseMessageId(id)?.caseId ?? found;
        }
      }
      return found;
    },

    signedLinkToken(purpose, payload, expiresAt) {
      assertPurpose(purpose);
      const seconds = Math.floor(expiresAt.getTime() / 1000);
      if (!Number.isSafeInteger(seconds) || seconds < 0) throw new RangeError('invalid expiresAt');
      const body = `${Buffer.from(payload, 'utf8').toString('base64url')}.${seconds.toString(36)}`;
      return `${body}.${linkMac(purpose, body)}`;
    },

    verifyLinkToken(purpose, token, now) {
      assertPurpose(purpose);
      const m = LINK_TOKEN.exec(token.trim());
      if (!m) return null;
      const body = `${m[1]!}.${m[2]!}`;
      if (!safeEqual(m[3]!, linkMac(purpose, body))) return null;
      if (now.getTime() >= Number.parseInt(m[2]!, 36) * 1000) return null;
      return Buffer.from(m[1]!, 'base64url').toString('utf8');
    },
  };

  /** 16 bytes in base64url (22 characters): links are long-lived, so a wider MAC than headers. */
  function linkMac(purpose: string, body: string): string {
    return mac(`link:${purpose}:${body}`).subarray(0, 16).toString('base64url');
  }
}

/** Lowercase canonical UUID; throws on anything else, since only our own ids are signed. */
function normaliseCaseId(caseId: string): string {
  const id = caseId.trim().toLowerCase();
  if (!UUID.test(id)) throw new RangeError(`case id is not a UUID: ${caseId}`);
  return id;
}

function compactCaseId(id: string): string {
  return id.replaceAll('-', '');
}

function expandCaseId(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function assertPurpose(purpose: string): void {
  // A fixed alphabet keeps the signed string `link:<purpose>:<body>` unambiguous.
  if (!PURPOSE.test(purpose)) throw new RangeError(`invalid link purpose: ${purpose}`);
}

/** Tolerates whitespace and one pair of angle brackets around an address or msg-id. */
function stripBrackets(value: string): string {
  const v = value.trim();
  return v.startsWith('<') && v.endsWith('>') ? v.slice(1, -1).trim() : v;
}

/**
 * The msg-ids in an In-Reply-To or References value (RFC 5322 §3.6.4: `<id>` separated by
 * whitespace or comments); values without brackets, as some clients send, split on whitespace.
 */
function splitMessageIds(value: string): string[] {
  const bracketed = [...value.matchAll(/<([^<>]*)>/g)].map((m) => m[1]!);
  return bracketed.length > 0 ? bracketed : value.split(/[\s,]+/).filter(Boolean);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32, lowercase, unpadded: survives case-folding MTAs, unlike base64. */
function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0xfff; // at most 4 + 8 bits are ever pending
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(acc >>> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32[(acc << (5 - bits)) & 31];
  return out;
}
