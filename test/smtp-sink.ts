import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export type CapturedMail = { from: string; to: string[]; raw: string; headers: Map<string, string> };

export type SmtpSink = {
  url: string;
  port: number;
  messages: CapturedMail[];
  /** Rejects the next `count` messages with a 451 (temporary failure), as a relay under load would. */
  refuseNext(count: number): void;
  /** Answers each message only `ms` after it arrived, as a slow relay would (0: at once). */
  delayReplies(ms: number): void;
  /** Messages received and not yet answered (a sender is waiting on them). */
  unanswered(): number;
  close(): Promise<void>;
};

/** A real SMTP server on a random loopback port that records what it receives. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: CapturedMail[] = [];
  let refusals = 0;
  let replyDelayMs = 0;
  let waiting = 0;
  const options: SMTPServerOptions = {
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const envelope = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) };
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        waiting += 1;
        if (replyDelayMs > 0) setTimeout(answer, replyDelayMs);
        else answer();
      });
      const answer = () => {
        waiting -= 1;
        if (refusals > 0) {
          refusals -= 1;
          const error = new Error('Try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({ ...envelope, raw, headers: parseHeaders(raw) });
        callback();
      };
    },
  };
  const server = new SMTPServer(options);
  // A client that dies mid-session (a SIGKILLed Postdesk in the crash test) resets its socket;
  // smtp-server reports that as an 'error' event, which must not become an uncaught exception.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    refuseNext(count) {
      refusals = count;
    },
    delayReplies(ms) {
      replyDelayMs = ms;
    },
    unanswered: () => waiting,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Unfolded top-level headers, names lower-cased (RFC 5322 §2.2.3). */
export function parseHeaders(raw: string): Map<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}
