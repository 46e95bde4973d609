import PostalMime, { type Address, type Email } from 'postal-mime';

/** Caps against hostile MIME: the parse happens in a job, but one message must not take a worker down. */
export const PARSE_LIMITS = { nestingDepth: 40, headerBytes: 512 * 1024, rfc822Depth: 3, attachments: 50, textChars: 500_000 } as const;

export type ParsedAttachment = {
  filename: string | null;
  mimeType: string;
  disposition: string | null;
  contentId: string | null;
  content: Uint8Array;
};

export type ParsedMail = {
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
  from: { address: string; name: string } | null;
  replyTo: string | null;
  to: string[];
  cc: string[];
  subject: string;
  date: string | null;
  text: string;
  html: string | null;
  attachments: ParsedAttachment[];
  /** Lower-case header name → every value, in order. */
  headers: Map<string, string[]>;
  truncated: boolean;
};

function mailboxes(addresses: Address[] | undefined): { address: string; name: string }[] {
  const out: { address: string; name: string }[] = [];
  for (const entry of addresses ?? []) {
    if ('group' in entry && entry.group) out.push(...entry.group.map((m) => ({ address: m.address, name: m.name })));
    else if ('address' in entry && entry.address) out.push({ address: entry.address, name: entry.name });
  }
  return out.map((m) => ({ address: m.address.trim().toLowerCase(), name: m.name.trim() }));
}

/** Parses a raw message with postal-mime under PARSE_LIMITS; throws on structurally hostile input. */
export async function parseMail(raw: Uint8Array): Promise<ParsedMail> {
  const email: Email = await PostalMime.parse(raw, {
    maxNestingDepth: PARSE_LIMITS.nestingDepth,
    maxHeadersSize: PARSE_LIMITS.headerBytes,
    maxRfc822NestingDepth: PARSE_LIMITS.rfc822Depth,
    attachmentEncoding: 'arraybuffer',
  });
  const headers = new Map<string, string[]>();
  for (const header of email.headers) headers.set(header.key, [...(headers.get(header.key) ?? []), header.value]);
  const from = email.from ? (mailboxes([email.from])[0] ?? null) : null;
  const text = email.text ?? '';
  const truncated = email.attachments.length > PARSE_LIMITS.attachments || text.length > PARSE_LIMITS.textChars;
  return {
    messageId: email.messageId?.trim() || null,
    inReplyTo: email.inReplyTo?.trim() || null,
    references: email.references?.trim() || null,
    from: from && from.address ? from : null,
    replyTo: mailboxes(email.replyTo)[0]?.address ?? null,
    to: mailboxes(email.to).map((m) => m.address),
    cc: mailboxes(email.cc).map((m) => m.address),
    subject: (email.subject ?? '').replace(/\s+/g, ' ').trim(),
    date: email.date ?? null,
    text: text.slice(0, PARSE_LIMITS.textChars),
    html: email.html ? email.html.slice(0, PARSE_LIMITS.textChars * 4) : null,
    attachments: email.attachments.slice(0, PARSE_LIMITS.attachments).map((a) => ({
      filename: a.filename,
      mimeType: a.mimeType.toLowerCase(),
      disposition: a.disposition ?? null,
      contentId: a.contentId ?? null,
      content: a.content instanceof ArrayBuffer ? new Uint8Array(a.content) : typeof a.content === 'string' ? new TextEncoder().encode(a.content) : new Uint8Array(a.content),
    })),
    headers,
    truncated,
  };
}

export function firstHeader(mail: ParsedMail, name: string): string | null {
  return mail.headers.get(name)?.[0] ?? null;
}

const FALLBACK_TEXT_BYTES = 100 * 1024;

/**
 * A message the parser refuses (hostile nesting, broken structure) is still a customer's
 * message: this reads its top-level headers and the start of its body as plain text, so it
 * becomes a case an agent can read instead of a lost mail. Encoded words stay undecoded.
 */
export function parseMailLeniently(raw: Uint8Array): ParsedMail {
  const text = Buffer.from(raw.subarray(0, PARSE_LIMITS.headerBytes + FALLBACK_TEXT_BYTES)).toString('utf8');
  const split = /\r?\n\r?\n/.exec(text);
  const head = (split ? text.slice(0, split.index) : text).replace(/\r?\n[ \t]+/g, ' ');
  const body = split ? text.slice(split.index + split[0].length, split.index + split[0].length + FALLBACK_TEXT_BYTES) : '';
  const headers = new Map<string, string[]>();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    headers.set(key, [...(headers.get(key) ?? []), line.slice(colon + 1).trim()]);
  }
  const first = (name: string) => headers.get(name)?.[0] ?? null;
  const address = (value: string | null) => /<?([^\s<>"]+@[^\s<>"]+?)>?\s*$/.exec(value ?? '')?.[1]?.toLowerCase() ?? null;
  const fromValue = first('from');
  const fromAddress = address(fromValue);
  const list = (value: string | null) => (value ?? '').split(',').map((part) => address(part)).filter((a): a is string => a !== null);
  return {
    messageId: first('message-id'),
    inReplyTo: first('in-reply-to'),
    references: first('references'),
    from: fromAddress ? { address: fromAddress, name: (fromValue ?? '').replace(/<[^>]*>/, '').replace(/"/g, '').trim() } : null,
    replyTo: address(first('reply-to')),
    to: list(first('to')),
    cc: list(first('cc')),
    subject: (first('subject') ?? '').replace(/\s+/g, ' ').trim(),
    date: first('date'),
    // eslint-disable-next-line no-control-regex
    text: body.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''),
    html: null,
    attachments: [],
    headers,
    truncated: true,
  };
}
