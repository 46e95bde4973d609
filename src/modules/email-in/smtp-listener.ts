import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { EventBus, InboundRejection } from '../../kernel/events.js';
import type { Logger } from '../../kernel/log.js';
import type { InboundStore } from './inbound-store.js';
import { isSupportRecipient } from './recipients.js';

export const SMTP_LIMITS = {
  messageBytes: 25 * 1024 * 1024,
  recipients: 50,
  /** Generous on purpose: RFC 5322 asks for 998, but real mail (one-line HTML) often breaks it. */
  lineBytes: 256 * 1024,
  connectionsPerAddress: 50,
  connections: 500,
} as const;

export type SmtpListenerOptions = {
  host: string;
  port: number;
  mailDomain: string;
  store: InboundStore;
  log: Logger;
  /** Hears each refused delivery (`inbound.rejected`), for the operations metrics. */
  events: EventBus;
  tls?: { certFile: string; keyFile: string } | undefined;
  limitConnectionsPerAddress: boolean;
  /** How long `close` lets a message being transferred finish (default 10 s). */
  closeGraceMs?: number;
};

/** An SMTP error reply: smtp-server sends `responseCode` and the message as the reply text. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The inbound SMTP listener (the organisation's MX or relay points here). smtp-server owns the
 * protocol; this module answers its hooks. `250` is sent only after the raw message is durably
 * committed; any failure to store answers `451` so that the sender retries (RFC 5321 §4.2.5).
 */
export function createSmtpListener(options: SmtpListenerOptions) {
  const connectionsByAddress = new Map<string, number>();
  const counted = new Set<string>();
  // Sessions between DATA and our reply: a stopping listener lets these finish.
  const transferring = new Set<string>();
  let closing = false;
  const tls = options.tls ? { key: fs.readFileSync(options.tls.keyFile), cert: fs.readFileSync(options.tls.certFile) } : {};
  const refuse = (reason: InboundRejection, code: number, message: string): Error => {
    options.events.publish({ type: 'inbound.rejected', source: 'smtp', reason });
    return smtpError(code, message);
  };

  const server = new SMTPServer({
    name: options.mailDomain,
    banner: 'Postdesk',
    size: SMTP_LIMITS.messageBytes,
    rejectOversized: true,
    maxRecipients: SMTP_LIMITS.recipients,
    maxClients: SMTP_LIMITS.connections,
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    hideSTARTTLS: !options.tls,
    logger: false,
    // The client's reverse DNS name is not used for anything; looking it up costs every connection a round trip.
    disableReverseLookup: true,
    closeTimeout: options.closeGraceMs ?? 10_000,
    ...tls,
    onConnect(session, callback) {
      const address = session.remoteAddress;
      const open = (connectionsByAddress.get(address) ?? 0) + 1;
      if (options.limitConnectionsPerAddress && open > SMTP_LIMITS.connectionsPerAddress) {
        callback(refuse('too-many-connections', 421, 'Too many connections from your address, try again later'));
        return;
      }
      connectionsByAddress.set(address, open);
      counted.add(session.id);
      callback();
    },
    onClose(session) {
      // smtp-server also closes connections onConnect refused: only count down what was counted up.
      if (!counted.delete(session.id)) return;
      const open = (connectionsByAddress.get(session.remoteAddress) ?? 1) - 1;
      if (open <= 0) connectionsByAddress.delete(session.remoteAddress);
      else connectionsByAddress.set(session.remoteAddress, open);
    },
    onRcptTo(address, _session, callback) {
      if (!isSupportRecipient(address.address, options.mailDomain)) {
        callback(refuse('recipient', 550, `5.1.1 <${address.address}>: no such mailbox here`));
        return;
      }
      callback();
    },
    onData(stream, session, reply) {
      transferring.add(session.id);
      const callback: typeof reply = (error, message) => {
        transferring.delete(session.id);
        reply(error, message);
        // The reply is written; a stopping listener now ends this session too.
        if (closing) setImmediate(() => endSession(session.id));
      };
      // smtp-server resets the envelope after the callback: copy it now (STACK.md).
      const envelope = {
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
      };
      readMessage(stream).then(
        async ({ raw, longLine }) => {
          if (stream.sizeExceeded) return callback(refuse('too-big', 552, '5.3.4 Message too big: the limit is 25 MB'));
          if (longLine) return callback(refuse('line-too-long', 552, `5.6.0 A line is longer than ${SMTP_LIMITS.lineBytes} bytes`));
          try {
            const stored = await options.store.store(raw, { source: 'smtp', ...envelope, remoteAddress: session.remoteAddress, helo: session.hostNameAppearsAs });
            callback(null, `2.0.0 Stored as ${stored.id}${stored.duplicate ? ' (duplicate)' : ''}`);
          } catch (error) {
            sessionLog(options.log, session).error({ err: error }, 'could not store inbound message');
            callback(refuse('store-failed', 451, '4.3.0 Temporary failure, please retry'));
          }
        },
        (error: unknown) => {
          sessionLog(options.log, session).warn({ err: error }, 'inbound message stream failed');
          callback(refuse('stream-failed', 451, '4.3.0 Temporary failure, please retry'));
        },
      );
    },
  });
  server.on('error', (error) => options.log.warn({ err: error }, 'smtp server error'));

  /** RFC 5321 §3.8: a server that must stop answers 421 and closes; the client delivers again later. */
  const endSession = (sessionId: string) => {
    for (const connection of server.connections) {
      if (connection.id !== sessionId) continue;
      connection.send(421, '4.3.2 Service shutting down, please try again later');
      connection.close();
    }
  };

  return {
    server,
    async listen(): Promise<{ host: string; port: number }> {
      await new Promise<void>((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.server.off('error', reject);
          resolve();
        });
      });
      const address = server.server.address() as AddressInfo;
      return { host: address.address, port: address.port };
    },
    /**
     * Stops accepting connections; idle sessions (and those still before DATA) are answered 421 at
     * once, a message being transferred is taken and answered first. After the grace period the
     * rest are cut off with 421 as well: nothing was acknowledged for them, so their senders retry.
     */
    close(): Promise<void> {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of [...server.connections]) {
        if (!transferring.has(connection.id)) endSession(connection.id);
      }
      return closed;
    },
  };
}

function sessionLog(log: Logger, session: SMTPServerSession): Logger {
  return log.child({ smtpSession: session.id });
}

/** Reads the whole message (bounded by the SIZE limit) and notes whether any line is too long. */
function readMessage(stream: SMTPServerDataStream): Promise<{ raw: Buffer; longLine: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let lineLength = 0;
    let longLine = false;
    stream.on('data', (chunk: Buffer) => {
      if (!stream.sizeExceeded) chunks.push(chunk);
      if (longLine) return;
      let start = 0;
      for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
        if (lineLength + newline - start > SMTP_LIMITS.lineBytes) longLine = true;
        lineLength = 0;
        start = newline + 1;
      }
      lineLength += chunk.length - start;
      if (lineLength > SMTP_LIMITS.lineBytes) longLine = true;
    });
    stream.on('end', () => resolve({ raw: Buffer.concat(chunks), longLine }));
    stream.on('error', reject);
  });
}
