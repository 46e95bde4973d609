/**
 * SIGTERM to a real Postdesk process (`node --import tsx src/main.ts`, smtp and worker roles):
 * it stops accepting at once, answers the SMTP transfer in progress (250, stored), lets the
 * running job finish (a confirmation held up by a slow relay), and exits 0.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startPostdeskChild, type SmtpChild } from '../bench/support/smtp-children.js';
import { encodeSmtpData, SmtpSession } from '../bench/support/smtp-client.js';
import { openDatabase, type DatabaseTarget } from '../src/storage/db.js';
import { createPostgresTestDatabase, testDatabaseKind, type PostgresTestDatabase } from './postgres-databases.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';
import { waitFor } from './test-app.js';

const DOMAIN = 'postdesk.test';

function mail(n: number, body = `My parcel number ${n} has not arrived. Where is it?`): string {
  return [
    `From: Customer ${n} <shutdown.${n}@example.org>`,
    `To: Support <support@${DOMAIN}>`,
    `Subject: Parcel ${n} missing`,
    `Message-ID: <shutdown-${n}@example.org>`,
    'Date: Tue, 04 Nov 2025 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

/** A bare SMTP conversation over a socket, so a test can stop in the middle of DATA. */
async function openSmtp(port: number) {
  const socket = net.connect({ host: '127.0.0.1', port });
  const replies: { code: number; text: string }[] = [];
  let waiter: (() => void) | null = null;
  let buffered = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    let newline: number;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, newline).replace(/\r$/, '');
      buffered = buffered.slice(newline + 1);
      if (line[3] !== '-') replies.push({ code: Number(line.slice(0, 3)), text: line.slice(4) });
      waiter?.();
    }
  });
  socket.on('close', () => {
    closed = true;
    waiter?.();
  });
  socket.on('error', () => {});
  const next = async () => {
    while (replies.length === 0) {
      if (closed) throw new Error('connection closed');
      await new Promise<void>((resolve) => (waiter = resolve));
    }
    return replies.shift()!;
  };
  expect((await next()).code).toBe(220);
  return {
    next,
    write: (text: string | Buffer) => socket.write(text),
    async command(line: string) {
      socket.write(`${line}\r\n`);
      return next();
    },
    isClosed: () => closed,
    destroy: () => socket.destroy(),
  };
}

describe('SIGTERM', () => {
  let child: SmtpChild | undefined;
  let sink: SmtpSink | undefined;
  let database: PostgresTestDatabase | null = null;
  let dataDir = '';
  afterEach(async () => {
    await child?.stop(1_000);
    await sink?.close();
    await database?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the SMTP transfer in progress, lets the running job finish, refuses new work and exits 0', async () => {
    sink = await startSmtpSink();
    sink.delayReplies(2_500);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-shutdown-'));
    database = testDatabaseKind() === 'postgres' ? await createPostgresTestDatabase() : null;
    const target: DatabaseTarget = database ? { kind: 'postgres', url: database.url } : { kind: 'sqlite', file: path.join(dataDir, 'postdesk.sqlite') };
    const smtpPort = await freePort();
    child = await startPostdeskChild({
      dataDir, smtpPort, relayUrl: sink.url, roles: 'worker,smtp', name: 'postdesk (shutdown test)',
      env: database ? { POSTDESK_DATABASE_URL: database.url } : {},
    });
    const exited = child.exited;

    // Mail 1 becomes a case whose confirmation is now at the slow relay: a job in flight.
    const first = await SmtpSession.connect({ host: '127.0.0.1', port: smtpPort });
    expect((await first.send({ from: 'shutdown.1@example.org', to: [`support@${DOMAIN}`] }, encodeSmtpData(Buffer.from(mail(1))))).code).toBe(250);
    await waitFor(() => sink!.unanswered() === 1, 20_000);

    // Mail 2 is halfway through DATA when the signal arrives.
    const second = await openSmtp(smtpPort);
    expect((await second.command('EHLO client.example')).code).toBe(250);
    expect((await second.command('MAIL FROM:<shutdown.2@example.org>')).code).toBe(250);
    expect((await second.command(`RCPT TO:<support@${DOMAIN}>`)).code).toBe(250);
    expect((await second.command('DATA')).code).toBe(354);
    const body = encodeSmtpData(Buffer.from(mail(2, `${'A long description line. '.repeat(40)}\r\n`.repeat(50))));
    second.write(body.subarray(0, 1_000));

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    // The idle session is told to come back later; new connections are refused.
    await waitFor(() => first.closed, 5_000);
    await waitFor(() => new Promise<boolean>((resolve) => {
      const probe = net.connect({ host: '127.0.0.1', port: smtpPort });
      probe.once('connect', () => { probe.destroy(); resolve(false); });
      probe.once('error', () => resolve(true));
    }), 5_000);

    second.write(body.subarray(1_000));
    const stored = await second.next();
    expect(stored.code, stored.text).toBe(250);
    expect(stored.text).toMatch(/Stored as/);
    expect((await second.next()).code).toBe(421);

    const { code } = await exited;
    expect(code).toBe(0);
    // It waited for the relay to answer the running job, but not much longer.
    expect(Date.now() - signalledAt).toBeLessThan(15_000);
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]!.to).toEqual(['shutdown.1@example.org']);

    const reader = openDatabase(target);
    try {
      const inbound = await reader.db.selectFrom('inbound_messages').select(['message_id_header']).orderBy('message_id_header').execute();
      expect(inbound.map((row) => row.message_id_header)).toEqual(['<shutdown-1@example.org>', '<shutdown-2@example.org>']);
      const confirmation = await reader.db.selectFrom('outbound_mail').select(['status', 'to_address']).where('kind', '=', 'confirmation').execute();
      expect(confirmation).toEqual([{ status: 'sent', to_address: 'shutdown.1@example.org' }]);
      const running = await reader.db.selectFrom('jobs').select(['type']).where('status', '=', 'running').execute();
      expect(running).toEqual([]);
    } finally {
      await reader.close();
    }
  }, 60_000);
});
