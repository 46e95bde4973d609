export type BounceReport = {
  /** Recipients the report says failed (RFC 3464 `Final-Recipient` with `Action: failed`). */
  failedRecipients: string[];
  /** A 5.x.x status: the address will not start working by retrying. */
  permanent: boolean;
  /** Every `<…>` Message-ID quoted in the report; the caller keeps those it can verify as ours. */
  quotedMessageIds: string[];
};

const MAX_SCAN = 2 * 1024 * 1024;

/**
 * Reads a delivery status notification (RFC 3464) from the raw bytes: the per-recipient
 * fields, and the Message-IDs of the returned original. Works on the raw text rather than the
 * parsed tree because real bounces nest and mislabel their parts (see the mime corpus);
 * non-standard bounces without per-recipient fields still yield their quoted Message-IDs.
 */
export function readBounce(raw: Uint8Array): BounceReport {
  const text = Buffer.from(raw.subarray(0, MAX_SCAN)).toString('latin1').replace(/\r\n/g, '\n');
  const failedRecipients = new Set<string>();
  let permanent = false;
  for (const block of text.split(/\n\s*\n/)) {
    const recipient = /^final-recipient:\s*[a-z0-9-]+\s*;\s*<?([^\s>]+@[^\s>]+)>?/im.exec(block)?.[1];
    if (!recipient) continue;
    const action = /^action:\s*([a-z-]+)/im.exec(block)?.[1]?.toLowerCase();
    const status = /^status:\s*([245])\.\d{1,3}\.\d{1,3}/im.exec(block)?.[1];
    if (action === 'failed' || status === '5') {
      failedRecipients.add(recipient.toLowerCase());
      if (status === '5' || status === undefined) permanent = true;
    }
  }
  const quotedMessageIds = [...new Set([...text.matchAll(/<([^<>\s@]{1,300}@[^<>\s]{1,255})>/g)].map((m) => `<${m[1]!.toLowerCase()}>`))];
  return { failedRecipients: [...failedRecipients], permanent, quotedMessageIds };
}
