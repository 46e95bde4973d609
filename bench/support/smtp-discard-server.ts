/**
 * A bare smtp-server that reads every message and throws it away: the baseline of the inbound
 * benchmark, and the relay that swallows Postdesk's confirmations while it runs. Same protocol
 * options as the Postdesk listener (size limit, no AUTH/STARTTLS), nothing stored.
 * Run as a child: `node --import tsx bench/support/smtp-discard-server.ts` with BENCH_PORT set;
 * writes `listening <port>` on stdout and, on SIGTERM, `received <count>` before exiting.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

const port = Number(process.env.BENCH_PORT ?? 0);
let received = 0;

const server = new SMTPServer({
  name: 'discard.example',
  banner: 'discard',
  size: 25 * 1024 * 1024,
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  hideSTARTTLS: true,
  maxClients: 500,
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received += 1;
      callback(null, '2.0.0 Discarded');
    });
  },
});
server.on('error', (error) => process.stderr.write(`discard server: ${String(error)}\n`));
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.server.address() as AddressInfo).port}\n`);
});

const stop = () => {
  process.stdout.write(`received ${received}\n`);
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
