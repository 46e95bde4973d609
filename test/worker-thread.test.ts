/**
 * A real Postdesk process (`node --import tsx src/main.ts`) with intake and the worker role: on
 * SQLite the worker role runs on a thread of its own (roles/worker-thread.ts), with its own
 * connection to the database file. What the two threads must still do as one process: a form
 * case and an emailed case each get their confirmation from the worker thread, woken by the web
 * thread's events; the web thread's /metrics counts what the worker thread did, exactly once;
 * SIGTERM stops both and the process exits 0. On PostgreSQL the same process runs every role on
 * one thread (deployments scale with processes there), and the same must hold.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startPostdeskChild, type SmtpChild } from '../bench/support/smtp-children.js';
import { encodeSmtpData, SmtpSession } from '../bench/support/smtp-client.js';
import { createPostgresTestDatabase, testDatabaseKind, type PostgresTestDatabase } from './postgres-databases.js';
import { parsePrometheusText } from './prometheus-text.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';
import { waitFor } from './test-app.js';

const DOMAIN = 'postdesk.test';

let child: SmtpChild | undefined;
let sink: SmtpSink | undefined;
let database: PostgresTestDatabase | null = null;
let dataDir = '';
afterEach(async () => {
  await child?.stop(5_000);
  await sink?.close();
  await database?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

function counter(metricsText: string, name: string, labels: Record<string, string>): number {
  const samples = parsePrometheusText(metricsText).samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return samples.reduce((sum, s) => sum + s.value, 0);
}

describe('the worker role beside intake in one process', () => {
  it('sends the confirmations of form and email cases, counts them once in /metrics, and stops on SIGTERM', async () => {
    sink = await startSmtpSink();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-worker-thread-'));
    database = testDatabaseKind() === 'postgres' ? await createPostgresTestDatabase() : null;
    const [smtpPort, httpPort] = [await freePort(), await freePort()];
    child = await startPostdeskChild({
      dataDir, smtpPort, relayUrl: sink.url, roles: 'web,smtp,worker', name: 'postdesk (worker thread test)',
      env: { POSTDESK_HTTP_PORT: String(httpPort), POSTDESK_LOG_LEVEL: 'info', ...(database ? { POSTDESK_DATABASE_URL: database.url } : {}) },
    });
    const base = `http://127.0.0.1:${httpPort}`;
    await waitFor(async () => (await fetch(`${base}/healthz`).catch(() => null))?.ok === true, 20_000);
    const onThread = /worker role running on its own thread/.test(child.output());
    expect(onThread).toBe(testDatabaseKind() === 'sqlite');

    const form = await fetch(`${base}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'general-question', name: 'Ann Lee', email: 'ann.lee@example.org', description: 'Do you deliver parcels on Sundays in my area?' }),
    });
    expect(form.status).toBe(201);
    const { caseNumber } = (await form.json()) as { caseNumber: string };

    const session = await SmtpSession.connect({ host: '127.0.0.1', port: smtpPort });
    const raw = [
      'From: Bo Chen <bo.chen@example.org>', `To: Support <support@${DOMAIN}>`, 'Subject: Parcel not delivered',
      'Message-ID: <worker-thread-1@example.org>', 'Date: Tue, 04 Nov 2025 10:00:00 +0000', 'Content-Type: text/plain; charset=utf-8', '',
      'My parcel has not arrived and the tracking page has not changed for a week.', '',
    ].join('\r\n');
    expect((await session.send({ from: 'bo.chen@example.org', to: [`support@${DOMAIN}`] }, encodeSmtpData(Buffer.from(raw)))).code).toBe(250);
    await session.quit();

    await waitFor(() => sink!.messages.length === 2, 20_000);
    const recipients = sink.messages.map((m) => m.to[0]).sort();
    expect(recipients).toEqual(['ann.lee@example.org', 'bo.chen@example.org']);
    expect(sink.messages.find((m) => m.to[0] === 'ann.lee@example.org')!.headers.get('subject')).toContain(`[${caseNumber}]`);

    // The events of the worker thread reach the thread that serves /metrics, once each.
    let metricsText = '';
    await waitFor(async () => {
      metricsText = await (await fetch(`${base}/metrics`)).text();
      return counter(metricsText, 'postdesk_outbound_mails_sent_total', {}) >= 2;
    }, 10_000);
    expect(counter(metricsText, 'postdesk_outbound_mails_sent_total', { kind: 'confirmation' })).toBe(2);
    expect(counter(metricsText, 'postdesk_inbound_messages_processed_total', {})).toBe(1);
    expect(counter(metricsText, 'postdesk_cases_created_total', { channel: 'email' })).toBe(1);
    expect(counter(metricsText, 'postdesk_cases_created_total', { channel: 'web' })).toBe(1);

    const exited = child.exited;
    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  });
});
