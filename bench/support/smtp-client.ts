/**
 * A small SMTP client over a raw socket, for load generation and tests: one persistent session,
 * MAIL/RCPT/DATA pipelined (RFC 2920) and the message body written after the 354. It keeps every
 * reply (code and text), so callers see exactly what the server answered; nodemailer hides the
 * reply text and re-encodes the message, which a corpus or crash test must not do.
 */
import net from 'node:net';

export type SmtpReply = { code: number; text: string };

export type SmtpEnvelope = { from: string; to: string[] };

/** Thrown when the connection fails or closes before a reply arrived; the outcome of the command is unknown. */
export class SmtpConnectionError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = 'SmtpConnectionError';
  }
}

type Waiter = { resolve(reply: SmtpReply): void; reject(error: Error): void };

export type ConnectOptions = {
  host: string;
  port: number;
  /** EHLO name. */
  name?: string;
  /** Per-reply timeout; the socket is destroyed when it passes. */
  replyTimeoutMs?: number;
  connectTimeoutMs?: number;
};

export class SmtpSession {
  private readonly waiters: Waiter[] = [];
  private pendingLines: string[] = [];
  private buffered = '';
  private failure: Error | null = null;
  private timer: NodeJS.Timeout | undefined;
  private constructor(private readonly socket: net.Socket, private readonly replyTimeoutMs: number) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => this.fail(new SmtpConnectionError(error.message, error.code)));
    socket.on('close', () => this.fail(new SmtpConnectionError('connection closed')));
  }

  /** Connects, reads the 220 greeting and says EHLO; rejects on anything else. */
  static async connect(options: ConnectOptions): Promise<SmtpSession> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host: options.host, port: options.port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new SmtpConnectionError('connect timeout', 'ETIMEDOUT'));
      }, options.connectTimeoutMs ?? 5_000);
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new SmtpConnectionError(error.message, error.code));
      });
    });
    const session = new SmtpSession(socket, options.replyTimeoutMs ?? 30_000);
    try {
      const greeting = await session.read();
      if (greeting.code !== 220) throw new SmtpConnectionError(`greeting ${greeting.code} ${greeting.text}`);
      const ehlo = await session.command(`EHLO ${options.name ?? 'client.example'}`);
      if (ehlo.code !== 250) throw new SmtpConnectionError(`EHLO answered ${ehlo.code} ${ehlo.text}`);
      return session;
    } catch (error) {
      session.destroy();
      throw error;
    }
  }

  get closed(): boolean {
    return this.failure !== null;
  }

  /**
   * One transaction: MAIL, RCPT… and DATA in one write, then the body (already SMTP-encoded, see
   * `encodeSmtpData`). Returns the final reply, or the first refusal of MAIL/RCPT/DATA (after an RSET,
   * so the session stays usable). Rejects with SmtpConnectionError when the connection drops.
   */
  async send(envelope: SmtpEnvelope, data: Buffer): Promise<SmtpReply> {
    const lines = [`MAIL FROM:<${envelope.from}>`, ...envelope.to.map((to) => `RCPT TO:<${to}>`), 'DATA'];
    const replies = lines.map(() => this.read());
    this.write(`${lines.join('\r\n')}\r\n`);
    const settled = await Promise.all(replies);
    const dataReply = settled[settled.length - 1]!;
    const refusal = settled.slice(0, -1).find((r) => r.code >= 300);
    if (dataReply.code !== 354) {
      await this.reset();
      return refusal ?? dataReply;
    }
    const final = this.read();
    this.write(data);
    return final;
  }

  async reset(): Promise<void> {
    if (!this.closed) await this.command('RSET').catch(() => undefined);
  }

  async quit(): Promise<void> {
    if (this.closed) return;
    await this.command('QUIT').catch(() => undefined);
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
    this.fail(new SmtpConnectionError('destroyed'));
  }

  private command(line: string): Promise<SmtpReply> {
    const reply = this.read();
    this.write(`${line}\r\n`);
    return reply;
  }

  private write(data: string | Buffer): void {
    if (!this.failure) this.socket.write(data);
  }

  private read(): Promise<SmtpReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<SmtpReply>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.arm();
    });
  }

  private arm(): void {
    if (this.timer || this.waiters.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.socket.destroy();
      this.fail(new SmtpConnectionError(`no reply within ${this.replyTimeoutMs} ms`, 'ETIMEDOUT'));
    }, this.replyTimeoutMs);
  }

  private onData(chunk: Buffer): void {
    this.buffered += chunk.toString('latin1');
    let newline: number;
    while ((newline = this.buffered.indexOf('\n')) !== -1) {
      const line = this.buffered.slice(0, newline).replace(/\r$/, '');
      this.buffered = this.buffered.slice(newline + 1);
      this.pendingLines.push(line);
      // "250-…" continues a multi-line reply, "250 …" (or a bare code) ends it.
      if (line.length >= 3 && line[3] !== '-') {
        const code = Number(line.slice(0, 3));
        const text = this.pendingLines.map((l) => l.slice(4)).join('\n');
        this.pendingLines = [];
        clearTimeout(this.timer);
        this.timer = undefined;
        const waiter = this.waiters.shift();
        // An unsolicited reply (e.g. 421 before closing) with nobody waiting is dropped; the close follows.
        waiter?.resolve({ code, text });
        this.arm();
      }
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }
}

/**
 * A message as SMTP sends it (RFC 5321 §4.5.2): every line ending CRLF (bare LF and bare CR become
 * CRLF, as an MTA relaying the message would), leading dots doubled, and the final `.` line.
 */
export function encodeSmtpData(raw: Buffer): Buffer {
  const out = Buffer.allocUnsafe(raw.length * 2 + 5);
  let o = 0;
  let lineStart = true;
  for (let i = 0; i < raw.length; i += 1) {
    const byte = raw[i]!;
    if (byte === 0x0d || byte === 0x0a) {
      if (byte === 0x0d && raw[i + 1] === 0x0a) i += 1;
      out[o++] = 0x0d;
      out[o++] = 0x0a;
      lineStart = true;
      continue;
    }
    if (lineStart && byte === 0x2e) out[o++] = 0x2e;
    out[o++] = byte;
    lineStart = false;
  }
  if (!lineStart) {
    out[o++] = 0x0d;
    out[o++] = 0x0a;
  }
  out[o++] = 0x2e;
  out[o++] = 0x0d;
  out[o++] = 0x0a;
  return out.subarray(0, o);
}

/** Connects and reads the greeting, then quits: true once an SMTP server answers 220 on the port. */
export async function smtpAnswers(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  try {
    const session = await SmtpSession.connect({ host, port, connectTimeoutMs: timeoutMs, replyTimeoutMs: timeoutMs });
    await session.quit();
    session.destroy();
    return true;
  } catch {
    return false;
  }
}

export type MessageSource = (index: number) => { envelope: SmtpEnvelope; data: Buffer };

export type DeliveryResult = {
  /** Messages answered 250 after DATA. */
  accepted: number;
  /** Final replies other than 250, by code. */
  refused: Record<string, number>;
  /** Wall time from the first connect to the last reply. */
  elapsedMs: number;
  /** Per message: when its 250 arrived (ms since the start), NaN when it was refused. */
  acceptedAtMs: Float64Array;
};

/**
 * Delivers messages 0..count-1 over `sessions` persistent sessions, one transaction in flight per
 * session (what smtp-source does, plus command pipelining). Does not retry: a dropped connection
 * fails the run.
 */
export async function deliverMessages(options: {
  host: string;
  port: number;
  sessions: number;
  count: number;
  message: MessageSource;
}): Promise<DeliveryResult> {
  const started = performance.now();
  const acceptedAtMs = new Float64Array(options.count).fill(Number.NaN);
  const refused: Record<string, number> = {};
  let next = 0;
  let accepted = 0;
  const sessions = await Promise.all(
    Array.from({ length: Math.min(options.sessions, options.count) }, (_, i) =>
      SmtpSession.connect({ host: options.host, port: options.port, name: `load-${i}.example` })),
  );
  await Promise.all(sessions.map(async (session) => {
    while (next < options.count) {
      const index = next++;
      const { envelope, data } = options.message(index);
      const reply = await session.send(envelope, data);
      if (reply.code === 250) {
        accepted += 1;
        acceptedAtMs[index] = performance.now() - started;
      } else {
        refused[reply.code] = (refused[reply.code] ?? 0) + 1;
      }
    }
    await session.quit();
    session.destroy();
  }));
  return { accepted, refused, elapsedMs: performance.now() - started, acceptedAtMs };
}
