import { dkimSign } from 'mailauth';
import { describe, expect, it } from 'vitest';
import { createDkimKey, createDnsFixture, publishDkimKey, signDkim, type DkimKey } from '../../../test/dns-fixture.js';
import { buildMessage } from '../../../test/mail-client.js';
import { authenticateSender } from './sender-auth.js';

const base = { clientIp: '192.0.2.10', helo: 'mx.sender.example', mta: 'mx.postdesk.test' };

async function signAt(raw: string, key: DkimKey, signTime: Date): Promise<string> {
  const signature = { signingDomain: key.domain, selector: key.selector, privateKey: key.privateKey, canonicalization: 'relaxed/relaxed' };
  const result = await dkimSign(raw, { ...signature, signatureData: [signature], signTime } as Parameters<typeof dkimSign>[1]);
  return `${result.signatures}${raw}`;
}

describe('authenticateSender', () => {
  it('passes SPF for an authorised client IP, aligned with the From domain', async () => {
    const dns = createDnsFixture({ 'sender.example': ['v=spf1 ip4:192.0.2.10 -all'] });
    const raw = buildMessage({ from: 'ana@sender.example', text: 'Hello' });
    const auth = await authenticateSender({ ...base, raw: Buffer.from(raw), mailFrom: 'bounce@sender.example', fromAddress: 'ana@sender.example', resolver: dns.resolver });
    expect(auth).toMatchObject({ spf: 'pass', authenticated: true });
    const other = await authenticateSender({ ...base, clientIp: '198.51.100.7', raw: Buffer.from(raw), mailFrom: 'bounce@sender.example', fromAddress: 'ana@sender.example', resolver: dns.resolver });
    expect(other).toMatchObject({ spf: 'fail', authenticated: false });
  });

  it('passes DMARC with an aligned DKIM signature', async () => {
    const dns = createDnsFixture({ '_dmarc.sender.example': ['v=DMARC1; p=reject'] });
    const key = createDkimKey('sender.example');
    publishDkimKey(dns, key);
    const raw = await signDkim(buildMessage({ from: 'ana@sender.example', text: 'Hello' }), key);
    const auth = await authenticateSender({ ...base, raw: Buffer.from(raw), mailFrom: 'bounce@elsewhere.example', fromAddress: 'ana@sender.example', resolver: dns.resolver });
    expect(auth).toMatchObject({ dkim: [{ domain: 'sender.example', result: 'pass' }], dmarc: 'pass', authenticated: true });
  });

  // Senders' clocks drift: mailauth reports a t= in the future (signatureTimeValid) but does not
  // fail the signature for it, so neither do we.
  it('accepts a signature stamped ahead of our clock', async () => {
    const dns = createDnsFixture({ '_dmarc.sender.example': ['v=DMARC1; p=reject'] });
    const key = createDkimKey('sender.example');
    publishDkimKey(dns, key);
    const raw = await signAt(buildMessage({ from: 'ana@sender.example', text: 'Hello' }), key, new Date(Date.now() + 10 * 60_000));
    const auth = await authenticateSender({ ...base, raw: Buffer.from(raw), mailFrom: null, fromAddress: 'ana@sender.example', resolver: dns.resolver });
    expect(auth).toMatchObject({ dkim: [{ result: 'pass' }], dmarc: 'pass', authenticated: true });
  });

  it('fails a signature whose signed header was altered on the way', async () => {
    const dns = createDnsFixture();
    const key = createDkimKey('sender.example');
    publishDkimKey(dns, key);
    const raw = (await signDkim(buildMessage({ from: 'ana@sender.example', subject: 'Refund', text: 'Hello' }), key)).replace('Subject: Refund', 'Subject: Refund now');
    const auth = await authenticateSender({ ...base, raw: Buffer.from(raw), mailFrom: null, fromAddress: 'ana@sender.example', resolver: dns.resolver });
    expect(auth).toMatchObject({ dkim: [{ domain: 'sender.example', result: 'fail' }], authenticated: false });
  });
});
