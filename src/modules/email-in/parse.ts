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
