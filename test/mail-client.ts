import net from 'node:net';
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';

/**
 * Test clients for the inbound SMTP listener: `sendMail` delivers one raw RFC 5322 message with
 * nodemailer's SMTP transport (`envelope` + `raw`), as a real MTA would; `SmtpSession` is a
 * small raw-socket client for the cases where the exact reply codes matter (550, 552, 451) or
 * where the bytes on the wire must be exactly what the test wrote (dot-stuffing, bare LFs).
 */

export type SmtpReply = { code: number; text: string };

/** One SMTP connection, command by command. */
export class SmtpSession {
  private buffer = '';
  private lines: string[] = [];
  private waiters: { resolve(reply: SmtpReply): void; reject(error: Error): void }[] = [];
  private closed: Error | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('latin1');
      for (let newline = this.buffer.indexOf('\r\n'); newline !== -1; newline = this.buffer.indexOf('\r\n')) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 2);
        this.onLine(line);
      }
    });
    const fail = (error: Error) => {
      this.closed = error;
      for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  /** Connects and reads the greeting (220, or 421 when the server refuses the connection). */
  static async connect(port: number, host = '127.0.0.1'): Promise<{ session: SmtpSession; greeting: SmtpReply }> {
    const socket = net.connect({ port, host });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const session = new SmtpSession(socket);
    const greeting = await session.reply();
    return { session, greeting };
  }

  private onLine(line: string): void {
    this.lines.push(line);
    // A multi-line reply continues with "250-…" and ends with "250 …" (RFC 5321 §4.2.1).
    if (/^\d{3}(?: |$)/.test(line)) {
      const text = this.lines.map((l) => l.slice(4)).join('\n');
      const code = Number(line.slice(0, 3));
      this.lines = [];
      this.waiters.shift()?.resolve({ code, text });
    }
  }

  private reply(): Promise<SmtpReply> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Sends one command line (without CRLF) and reads its reply. */
  async command(line: string): Promise<SmtpReply> {
    const reply = this.reply();
    this.socket.write(`${line}\r\n`);
    return reply;
  }

  /** Writes bytes, respecting back-pressure. */
  private async write(bytes: Buffer): Promise<void> {
    if (!this.socket.write(bytes)) await new Promise<void>((resolve) => this.socket.once('drain', resolve));
  }

  /**
   * DATA: `message` is sent dot-stuffed (RFC 5321 §4.5.2) and terminated with CRLF.CRLF, unless
   * `exact` is set, in which case the bytes go on the wire untouched before the terminator
   * (what a smuggling attacker does). Returns the 354 reply and the final reply.
   */
  async data(message: string | Buffer, options: { exact?: boolean } = {}): Promise<{ start: SmtpReply; end: SmtpReply | null }> {
    const start = await this.command('DATA');
    if (start.code !== 354) return { start, end: null };
    const end = this.reply();
    let bytes = Buffer.isBuffer(message) ? message : Buffer.from(message, 'utf8');
    if (!options.exact) bytes = Buffer.from(dotStuff(bytes.toString('latin1')), 'latin1');
    const last = bytes.subarray(-2).toString('latin1');
    await this.write(Buffer.concat([bytes, Buffer.from(last === '\r\n' ? '.\r\n' : '\r\n.\r\n')]));
    return { start, end: await end };
  }

  /** Streams a DATA body from chunks (each already safe: no line starting with "."), then CRLF.CRLF. */
  async dataStream(chunks: Iterable<Buffer>): Promise<{ start: SmtpReply; end: SmtpReply | null }> {
    const start = await this.command('DATA');
    if (start.code !== 354) return { start, end: null };
    const end = this.reply();
    for (const chunk of chunks) await this.write(chunk);
    await this.write(Buffer.from('\r\n.\r\n'));
    return { start, end: await end };
  }

  async quit(): Promise<void> {
    if (this.closed) return;
    try {
      await this.command('QUIT');
    } catch {
      // the server may close first
    }
    this.socket.destroy();
  }
}

function dotStuff(text: string): string {
  return text.replace(/(^|\r\n)\./g, '$1..');
}

export type Transaction = {
  greeting: SmtpReply;
  ehlo: SmtpReply;
  mail: SmtpReply;
  rcpt: SmtpReply[];
  start: SmtpReply | null;
  end: SmtpReply | null;
};

/**
 * One whole SMTP transaction over a raw socket: EHLO, MAIL FROM (`''` is the null sender
 * `<>`), every RCPT TO, DATA when at least one recipient was accepted, QUIT.
 */
export async function rawTransaction(
  port: number,
  input: { from: string; to: string[]; message: string | Buffer; mailParams?: string; exact?: boolean; helo?: string },
): Promise<Transaction> {
  const { session, greeting } = await SmtpSession.connect(port);
  try {
    const ehlo = await session.command(`EHLO ${input.helo ?? 'client.example.org'}`);
    const mail = await session.command(`MAIL FROM:<${input.from}>${input.mailParams ? ` ${input.mailParams}` : ''}`);
    const rcpt: SmtpReply[] = [];
    if (mail.code === 250) for (const to of input.to) rcpt.push(await session.command(`RCPT TO:<${to}>`));
    let start: SmtpReply | null = null;
    let end: SmtpReply | null = null;
    if (rcpt.some((r) => r.code === 250)) ({ start, end } = await session.data(input.message, { exact: input.exact ?? false }));
    return { greeting, ehlo, mail, rcpt, start, end };
  } finally {
    await session.quit();
  }
}

/** The inbound id that the listener names in its `250 2.0.0 Stored as <id>` reply. */
export function storedId(reply: string | SmtpReply | null | undefined): string {
  const text = typeof reply === 'string' ? reply : (reply?.text ?? '');
  const match = /Stored as (\S+)/.exec(text);
  if (!match) throw new Error(`not a "Stored as" reply: ${text}`);
  return match[1]!;
}

export type Delivery = { response: string; inboundId: string; duplicate: boolean; accepted: string[]; rejected: string[] };

/** Delivers one raw message with nodemailer (a fresh connection each time, like a real MTA). */
export async function sendMail(port: number, input: { from: string; to: string | string[]; raw: string | Buffer }): Promise<Delivery> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, name: 'mta.example.net' } as never);
  try {
    const info = (await transport.sendMail({
      envelope: { from: input.from, to: Array.isArray(input.to) ? input.to : [input.to] },
      raw: input.raw,
    })) as { response: string; accepted: string[]; rejected: string[] };
    return {
      response: info.response,
      inboundId: storedId(info.response),
      duplicate: info.response.includes('(duplicate)'),
      accepted: info.accepted.map(String),
      rejected: info.rejected.map(String),
    };
  } finally {
    transport.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Building messages.

export type MessageInput = {
  from: string;
  fromName?: string;
  to?: string;
  subject?: string;
  text?: string;
  /** `null` leaves the Message-ID header out; default: a fresh one at the sender's domain. */
  messageId?: string | null;
  inReplyTo?: string;
  references?: string;
  /** Extra header lines, in order (`Name: value`). */
  headers?: Record<string, string>;
  date?: Date;
};

/** A fresh Message-ID at the domain of `address`. */
export function newMessageId(address: string): string {
  return `<${randomUUID()}@${address.split('@')[1] ?? 'example.org'}>`;
}

/** A plain-text RFC 5322 message with CRLF line ends. */
export function buildMessage(input: MessageInput): string {
  const messageId = input.messageId === undefined ? newMessageId(input.from) : input.messageId;
  const head: string[] = [
    `From: ${input.fromName ? `"${input.fromName}" ` : ''}<${input.from}>`,
    `To: <${input.to ?? 'support@postdesk.test'}>`,
    `Subject: ${input.subject ?? 'A question'}`,
    `Date: ${(input.date ?? new Date()).toUTCString().replace('GMT', '+0000')}`,
  ];
  if (messageId) head.push(`Message-ID: ${messageId}`);
  if (input.inReplyTo) head.push(`In-Reply-To: ${input.inReplyTo}`);
  if (input.references) head.push(`References: ${input.references}`);
  for (const [name, value] of Object.entries(input.headers ?? {})) head.push(`${name}: ${value}`);
  head.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit');
  const body = (input.text ?? 'Hello, I have a question about my parcel.').replace(/\r?\n/g, '\r\n');
  return `${head.join('\r\n')}\r\n\r\n${body}\r\n`;
}

/** The Message-ID header of a raw message built here (or by nodemailer), brackets included. */
export function messageIdOf(raw: string): string {
  const match = /^message-id:\s*(<[^>]+>)/im.exec(raw);
  if (!match) throw new Error('the message has no Message-ID');
  return match[1]!;
}
