/**
 * Pure rules of the IMAP poller: where to resume, how long to back off, how to protect the
 * connection. No I/O here; imap-session.ts and imap-poller.ts apply them.
 */

/** The same limit the SMTP listener announces: larger mail is skipped, never downloaded. */
export const MAX_IMAP_MESSAGE_BYTES = 25 * 1024 * 1024;

/** Where skipped messages go (created on first use), flagged \Seen and \Flagged, for an operator to look at. */
export const REJECTED_FOLDER = 'Postdesk-Rejected';

export type SyncState = { uidValidity: string | null; lastUid: number };

/**
 * Where to resume in a folder. UIDs are only comparable under one UIDVALIDITY (RFC 3501
 * §2.3.1.1, RFC 9051 §2.3.1.1): when the server reports another value (the folder was
 * recreated or the server rebuilt its index), every stored UID is meaningless and the folder is
 * read again from the start. Mail already taken is not stored twice: the inbound store
 * recognises it by its Message-ID (or, without one, by its bytes). Mail that was moved to the
 * processed folder is not there to be read again; mail that was only flagged \Seen is.
 */
export function resumePoint(stored: SyncState, serverUidValidity: string): { lastUid: number; reset: boolean } {
  if (stored.uidValidity === null) return { lastUid: 0, reset: false };
  if (stored.uidValidity !== serverUidValidity) return { lastUid: 0, reset: true };
  return { lastUid: stored.lastUid, reset: false };
}

/**
 * The new UIDs of a `UID SEARCH UID <last+1>:*` answer, ascending. The filter matters: `n:*`
 * means `*:n` when n is above the highest UID, so the newest message comes back even when
 * nothing is new (RFC 3501 §6.4.8).
 */
export function newUids(found: readonly number[], lastUid: number): number[] {
  return [...new Set(found)].filter((uid) => Number.isSafeInteger(uid) && uid > lastUid).sort((a, b) => a - b);
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export type BackoffSettings = { baseMs: number; maxMs: number };

/** Exponential back-off with jitter (half fixed, half random) so mailboxes on one server do not reconnect in step. */
export function reconnectDelay(attempt: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** 127.0.0.0/8, ::1 and localhost: the only hosts to which a password may travel without TLS. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * How a mailbox's `tls` setting maps onto the connection: `true` is implicit TLS (IMAPS);
 * `false` is STARTTLS (RFC 3501 §6.2.1), required unless the server is on this machine.
 * Certificates are always verified (extra CAs: NODE_EXTRA_CA_CERTS).
 */
export function transportSecurity(mailbox: { host: string; tls: boolean }): { secure: boolean; doSTARTTLS: boolean | undefined; rejectUnauthorized: true } {
  if (mailbox.tls) return { secure: true, doSTARTTLS: undefined, rejectUnauthorized: true };
  return { secure: false, doSTARTTLS: isLoopbackHost(mailbox.host) ? undefined : true, rejectUnauthorized: true };
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Error text for an admin: the message only, one line, bounded (server responses can be long). */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const response = (error as { responseText?: unknown } | null)?.responseText;
  const detail = typeof response === 'string' && response && !text.includes(response) ? `${text} (${response})` : text;
  return detail.replace(/\s+/g, ' ').trim().slice(0, 500) || 'unknown error';
}
