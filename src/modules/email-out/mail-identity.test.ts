import { describe, expect, it } from 'vitest';
import { createMailIdentity } from './mail-identity.js';

const CASE = '0193c6a2-7b1e-7c3d-9a4b-1234567890ab';
const OTHER_CASE = '0193c6a2-7b1e-7c3d-9a4b-ffffffffffff';
const identity = createMailIdentity({ secret: 'test-secret-0123456789', domain: 'Mail.Example.org' });
const otherSecret = createMailIdentity({ secret: 'another-secret-987654', domain: 'mail.example.org' });
const otherDomain = createMailIdentity({ secret: 'test-secret-0123456789', domain: 'evil.example' });

/** Flips the last character of the HMAC part, keeping the shape valid. */
function tamper(s: string, at: number): string {
  const c = s[at] === 'a' ? 'b' : 'a';
  return s.slice(0, at) + c + s.slice(at + 1);
}

describe('createMailIdentity', () => {
  it.each([
    ['short secret', { secret: 'short', domain: 'example.org' }],
    ['domain with @', { secret: 'test-secret-0123456789', domain: 'a@example.org' }],
    ['empty domain', { secret: 'test-secret-0123456789', domain: ' ' }],
  ])('rejects a %s', (_name, options) => {
    expect(() => createMailIdentity(options)).toThrow(RangeError);
  });
});

describe('reply address', () => {
  const address = identity.replyAddress(CASE);

  it('is compact, lowercase and fits the 64-octet local part of RFC 5321 §4.5.3.1.1', () => {
    expect(address).toMatch(/^support\+c0193c6a27b1e7c3d9a4b1234567890ab\.[a-z2-7]{16}@mail\.example\.org$/);
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
  });

  it('is deterministic and normalises an uppercase case id', () => {
    expect(identity.replyAddress(CASE.toUpperCase())).toBe(address);
  });

  it.each([
    ['as is', address],
    ['uppercased by an MTA', address.toUpperCase()],
    ['in angle brackets with whitespace', `  <${address}> `],
  ])('parses back %s', (_name, input) => {
    expect(identity.parseReplyAddress(input)).toEqual({ caseId: CASE });
  });

  it.each([
    ['a tampered HMAC', tamper(address, address.indexOf('@') - 1)],
    ['another case with the same HMAC', address.replace('1234567890ab', 'ffffffffffff')],
    ['another domain', address.replace('mail.example.org', 'evil.example')],
    ['a subdomain of ours', address.replace('@mail.', '@x.mail.')],
    ['the plain support address', 'support@mail.example.org'],
    ['an empty tag', 'support+@mail.example.org'],
    ['a truncated HMAC', address.replace(/.@/, '@')],
    ['another local part', address.replace('support+', 'sales+')],
    ['no @ at all', 'support+c0193'],
    ['the empty string', ''],
  ])('rejects %s', (_name, input) => {
    expect(identity.parseReplyAddress(input)).toBeNull();
  });

  it('rejects addresses signed with another secret or for another domain', () => {
    expect(identity.parseReplyAddress(otherSecret.replyAddress(CASE))).toBeNull();
    expect(identity.parseReplyAddress(otherDomain.replyAddress(CASE))).toBeNull();
  });

  it('throws on a case id that is not a UUID', () => {
    expect(() => identity.replyAddress('PD-1234-5678')).toThrow(RangeError);
  });
});

describe('Message-ID', () => {
  it('has the documented shape, in angle brackets', () => {
    expect(identity.messageId(CASE, 'm1')).toMatch(
      /^<pd\.0193c6a27b1e7c3d9a4b1234567890ab\.m1\.[a-z2-7]{16}@mail\.example\.org>$/,
    );
  });

  it('is deterministic for a given unique part and random without one', () => {
    expect(identity.messageId(CASE, 'm1')).toBe(identity.messageId(CASE, 'M1'));
    expect(identity.messageId(CASE)).not.toBe(identity.messageId(CASE));
  });

  it.each([
    ['with brackets', identity.messageId(CASE, 'abc')],
    ['without brackets', identity.messageId(CASE, 'abc').slice(1, -1)],
    ['with whitespace', ` \t${identity.messageId(CASE)}\r\n`],
    ['uppercased', identity.messageId(CASE, OTHER_CASE).toUpperCase()],
  ])('parses back %s', (_name, id) => {
    expect(identity.parseMessageId(id)).toEqual({ caseId: CASE });
  });

  it('rejects a forged id with a valid-looking shape', () => {
    const forged = `<pd.0193c6a27b1e7c3d9a4b1234567890ab.abc.abcdefghijklmnop@mail.example.org>`;
    expect(identity.parseMessageId(forged)).toBeNull();
  });

  it('rejects a genuine id whose unique part or case was swapped', () => {
    const id = identity.messageId(CASE, 'abc');
    expect(identity.parseMessageId(id.replace('.abc.', '.abd.'))).toBeNull();
    expect(identity.parseMessageId(id.replace('1234567890ab', 'ffffffffffff'))).toBeNull();
    expect(identity.parseMessageId(tamper(id, id.indexOf('@') - 1))).toBeNull();
  });

  it('rejects ids of other domains and secrets, and foreign ids', () => {
    expect(identity.parseMessageId(otherDomain.messageId(CASE))).toBeNull();
    expect(identity.parseMessageId(otherSecret.messageId(CASE))).toBeNull();
    expect(identity.parseMessageId('<CAF=abc123@mail.gmail.com>')).toBeNull();
    expect(identity.parseMessageId('')).toBeNull();
  });

  it('rejects a reply-address signature reused as a Message-ID', () => {
    const sig = identity.replyAddress(CASE).split('.')[1]!.split('@')[0]!;
    const id = `<pd.0193c6a27b1e7c3d9a4b1234567890ab.x.${sig}@mail.example.org>`;
    expect(identity.parseMessageId(id)).toBeNull();
  });

  it.each(['has.dot', 'has@at', '', 'x'.repeat(65), 'sp ace'])('refuses unique part %j', (u) => {
    expect(() => identity.messageId(CASE, u)).toThrow(RangeError);
  });
});

describe('caseIdFromReferences', () => {
  const ours = identity.messageId(CASE, 'first');
  const oursLater = identity.messageId(OTHER_CASE, 'second');
  const forged = '<pd.0193c6a27b1e7c3d9a4bffffffffffff.x.abcdefghijklmnop@mail.example.org>';

  it.each<[string, string[], string | null]>([
    ['no headers', [], null],
    ['only foreign ids', ['<a@gmail.com>', '<b@outlook.com> <c@x.org>'], null],
    ['ours among foreign ids', [`<a@gmail.com> ${ours}\r\n <b@outlook.com>`], CASE],
    ['the most recent of ours wins', [`${ours} <a@gmail.com> ${oursLater} <b@x.org>`], OTHER_CASE],
    ['a forged id after ours is ignored', [`${ours} ${forged}`], CASE],
    ['an id of another domain is ignored', [`${ours} ${otherDomain.messageId(OTHER_CASE)}`], CASE],
    ['In-Reply-To passed last wins', [`${ours}`, `${oursLater}`], OTHER_CASE],
    ['bare ids without brackets', [ours.slice(1, -1)], CASE],
    ['comments and folding', [`(a comment) ${ours}\r\n\t(another)`], CASE],
  ])('%s', (_name, values, expected) => {
    expect(identity.caseIdFromReferences(values)).toBe(expected);
  });
});

describe('link tokens', () => {
  const expiresAt = new Date('2026-12-01T12:00:00Z');
  const before = new Date('2026-12-01T11:59:59Z');

  it('round-trips a payload until it expires', () => {
    const token = identity.signedLinkToken('case-status', `${CASE}|ana@example.org`, expiresAt);
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(identity.verifyLinkToken('case-status', token, before)).toBe(`${CASE}|ana@example.org`);
  });

  it('round-trips unicode and empty payloads', () => {
    for (const payload of ['', 'Ștefan – ñ 📦']) {
      const token = identity.signedLinkToken('p', payload, expiresAt);
      expect(identity.verifyLinkToken('p', token, before)).toBe(payload);
    }
  });

  it('rejects an expired token, from the expiry instant on', () => {
    const token = identity.signedLinkToken('case-status', 'x', expiresAt);
    expect(identity.verifyLinkToken('case-status', token, expiresAt)).toBeNull();
    expect(identity.verifyLinkToken('case-status', token, new Date('2027-01-01T00:00:00Z'))).toBeNull();
  });

  it('is bound to its purpose and secret', () => {
    const token = identity.signedLinkToken('case-status', 'x', expiresAt);
    expect(identity.verifyLinkToken('unsubscribe', token, before)).toBeNull();
    expect(otherSecret.verifyLinkToken('case-status', token, before)).toBeNull();
  });

  it('rejects a changed payload, a pushed-back expiry and garbage', () => {
    const token = identity.signedLinkToken('p', 'x', expiresAt);
    const [payload, exp, mac] = token.split('.') as [string, string, string];
    const otherPayload = Buffer.from('y').toString('base64url');
    const later = (Number.parseInt(exp, 36) + 3600).toString(36);
    expect(identity.verifyLinkToken('p', `${otherPayload}.${exp}.${mac}`, before)).toBeNull();
    expect(identity.verifyLinkToken('p', `${payload}.${later}.${mac}`, expiresAt)).toBeNull();
    expect(identity.verifyLinkToken('p', tamper(token, token.length - 1), before)).toBeNull();
    for (const junk of ['', '..', 'a.b', `${token}.x`, token.replace(/\./g, '')]) {
      expect(identity.verifyLinkToken('p', junk, before)).toBeNull();
    }
  });

  it('refuses a purpose outside its alphabet', () => {
    expect(() => identity.signedLinkToken('a:b', 'x', expiresAt)).toThrow(RangeError);
  });
});
