import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import type { DnsResolver } from '../src/modules/email-in/sender-auth.js';

/**
 * An offline DNS for mailauth (SPF, DKIM, DMARC): answers TXT queries from a map and fails
 * every other name the way `dns.promises.resolve` does for a name that does not exist
 * (`ENOTFOUND`), so sender authentication runs without the network and deterministically.
 */
export type DnsFixture = {
  resolver: DnsResolver;
  /** Adds (or replaces) the TXT records of a name. */
  setTxt(name: string, records: string[]): void;
  /** Every query asked so far, as `TYPE name` (for debugging a failing authentication). */
  queries: string[];
};

const canonical = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');

function notFound(name: string, rrtype: string): Error {
  return Object.assign(new Error(`query${rrtype} ENOTFOUND ${name}`), { code: 'ENOTFOUND', hostname: name, syscall: `query${rrtype}` });
}

export function createDnsFixture(txt: Record<string, string[]> = {}): DnsFixture {
  const records = new Map<string, string[]>(Object.entries(txt).map(([name, values]) => [canonical(name), values]));
  const queries: string[] = [];
  return {
    queries,
    setTxt(name, values) {
      records.set(canonical(name), values);
    },
    async resolver(name, rrtype) {
      queries.push(`${rrtype} ${name}`);
      const values = rrtype.toUpperCase() === 'TXT' ? records.get(canonical(name)) : undefined;
      if (!values) throw notFound(name, rrtype);
      // dns.promises.resolveTxt shape: one array of character-strings per record.
      return values.map((value) => [value]);
    },
  };
}

export type DkimKey = { domain: string; selector: string; privateKey: string; dnsName: string; dnsValue: string };

/** A fresh 2048-bit RSA DKIM key and the TXT record (`<selector>._domainkey.<domain>`) that publishes it. */
export function createDkimKey(domain: string, selector = 'test'): DkimKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    domain,
    selector,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    dnsName: `${selector}._domainkey.${domain}`,
    dnsValue: `v=DKIM1; k=rsa; p=${spki}`,
  };
}

/** Publishes a DKIM key in the fixture. */
export function publishDkimKey(dns: DnsFixture, key: DkimKey): void {
  dns.setTxt(key.dnsName, [key.dnsValue]);
}

/** Signs a raw RFC 5322 message (CRLF line ends) and returns it with its DKIM-Signature header prepended. */
export async function signDkim(raw: string, key: DkimKey): Promise<string> {
  const signature = { signingDomain: key.domain, selector: key.selector, privateKey: key.privateKey, canonicalization: 'relaxed/relaxed' };
  // mailauth 4.13 signs only what `signatureData` lists (its typings suggest top-level fields suffice; they do not).
  // An explicit signTime fixes `t=`: left to itself, mailauth 4.13 computes it with
  // Math.round(Date.now() / 1000) twice (for the signed copy of the header and for the header it
  // returns), and when the two straddle a half second the signature is bad (a flaky test).
  const result = await dkimSign(raw, { ...signature, signatureData: [signature], signTime: new Date() } as Parameters<typeof dkimSign>[1]);
  if (result.errors.length > 0) throw result.errors[0];
  if (!/^DKIM-Signature:/i.test(result.signatures)) throw new Error('mailauth produced no DKIM signature');
  return `${result.signatures}${raw}`;
}
