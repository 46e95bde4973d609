import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on a random loopback port standing in for the outbound relay. It keeps
 * no message bodies, only when each message arrived (performance.now() of this process, the
 * same clock the load generator stamps responses with) under its `X-Postdesk-Case` header.
 */
export type TimingSink = {
  url: string;
  /** Case number → arrival time of its first message (ms, performance.now()). */
  arrivals: Map<string, number>;
  /** Arrival times of every accepted message, in order. */
  arrivalTimes: number[];
  /** Messages without an X-Postdesk-Case header. */
  unlabelled: number;
  close(): Promise<void>;
};

export async function startTimingSink(): Promise<TimingSink> {
  const arrivals = new Map<string, number>();
  const arrivalTimes: number[] = [];
  const sink = { unlabelled: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // The relay pool keeps connections open and sends many messages on each.
    maxClients: 64,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      let headerBytes = 0;
      let headerDone = false;
      stream.on('data', (chunk: Buffer) => {
        // Only the header block is needed; bodies are read and dropped.
        if (headerDone) return;
        chunks.push(chunk);
        headerBytes += chunk.length;
        if (headerBytes > 64 * 1024 || chunk.includes('\r\n\r\n')) headerDone = true;
      });
      stream.on('end', () => {
        const at = performance.now();
        arrivalTimes.push(at);
        const caseNumber = headerValue(Buffer.concat(chunks).toString('utf8'), 'x-postdesk-case');
        if (!caseNumber) sink.unlabelled += 1;
        else if (!arrivals.has(caseNumber)) arrivals.set(caseNumber, at);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      // Connection resets from a killed client are 'error' events: never let them crash the bench.
      server.on('error', () => {});
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    arrivals,
    arrivalTimes,
    get unlabelled() {
      return sink.unlabelled;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One unfolded top-level header (RFC 5322 §2.2.3), or null. */
function headerValue(raw: string, name: string): string | null {
  const end = raw.search(/\r?\n\r?\n/);
  const head = (end === -1 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === name) return line.slice(colon + 1).trim();
  }
  return null;
}
