/**
 * Scale-out (issue #7 "Done means"): three real Postdesk processes (`node --import tsx
 * src/main.ts`) on one PostgreSQL database — two with `web,smtp`, one `worker` — started at the
 * same moment on an empty (migrated, unseeded) database, outgoing mail to a real SMTP sink.
 * Form cases and emails go to both web/smtp processes, interleaved. Then: every case exists once,
 * every new case got exactly one confirmation, no job ran twice, start-up seeded once, and an
 * agent connected to process A hears about cases created through process B (and processed by
 * the worker C) and sees who is typing in a case on B.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import WebSocket from 'ws';
import { cleanEnv, freePort, REPO_ROOT } from '../bench/support/smtp-children.js';
import { encodeSmtpData, SmtpSession } from '../bench/support/smtp-client.js';
import type { ServerFrame } from '../src/modules/live/index.js';
import { openDatabase, type DatabaseHandle } from '../src/storage/db.js';
import { validForm } from './factories.js';
import { createPostgresTestDatabase, testDatabaseKind, type PostgresTestDatabase } from './postgres-databases.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';
import { TEST_ADMIN, waitFor } from './test-app.js';

const onPostgres = testDatabaseKind() === 'postgres';
if (!onPostgres) console.warn('scale-out.test.ts: several processes share PostgreSQL only; this suite runs in the "postgres" project');

const DOMAIN = 'postdesk.test';
const PER_PROCESS = { forms: 12, mails: 12 };

type Process = {
  name: string;
  kill(): void;
  http: string | null;
  smtpPort: number | null;
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
};

const running: Process[] = [];
process.on('exit', () => {
  for (const child of running) child.kill();
});

/** Postdesk as `npm start` runs it; ready once it prints that it is running. */
async function startPostdesk(name: string, roles: string, env: Record<string, string>): Promise<Process> {
  const httpPort = roles.includes('web') ? await freePort() : 0;
  const smtpPort = roles.includes('smtp') ? await freePort() : 0;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_ROOT,
    env: cleanEnv({ ...env, POSTDESK_ROLES: roles, POSTDESK_HTTP_HOST: '127.0.0.1', POSTDESK_HTTP_PORT: String(httpPort), POSTDESK_SMTP_HOST: '127.0.0.1', POSTDESK_SMTP_PORT: String(smtpPort) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const handle: Process = {
    name,
    http: httpPort ? `http://127.0.0.1:${httpPort}` : null,
    smtpPort: smtpPort || null,
    output: () => output,
    kill: () => child.kill('SIGKILL'),
    exited,
    async stop() {
      if (!gone) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  running.push(handle);
  await waitFor(() => {
    if (gone) throw new Error(`${name} exited before it was ready:\n${output}`);
    return output.includes('Postdesk is running.');
  }, 45_000);
  return handle;
}

function inboundMail(n: number): { from: string; messageId: string; data: Buffer } {
  const from = `mailer.${n}@example.org`;
  const messageId = `<scale-${n}@example.org>`;
  const raw = [
    `From: Mailer ${n} <${from}>`, `To: Support <support@${DOMAIN}>`, `Subject: Parcel ${n} has not arrived`,
    `Message-ID: ${messageId}`, 'Date: Tue, 04 Nov 2025 10:00:00 +0000', 'Content-Type: text/plain; charset=utf-8', '',
    `Hello, I sent parcel number ${n} two weeks ago and it has not arrived. Where is it?`, '',
  ].join('\r\n');
  return { from, messageId, data: encodeSmtpData(Buffer.from(raw)) };
}

async function signInOver(http: string): Promise<string> {
  const response = await fetch(`${http}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('pd_session='));
  return cookie!.split(';')[0]!;
}

async function openLive(http: string, cookie: string): Promise<{ socket: WebSocket; frames: ServerFrame[] }> {
  const socket = new WebSocket(`${http.replace('http', 'ws')}/api/v1/live`, { headers: { cookie } });
  const frames: ServerFrame[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as ServerFrame));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  await waitFor(() => frames.some((f) => f.type === 'hello'));
  return { socket, frames };
}

describe.skipIf(!onPostgres)('three processes on one PostgreSQL database', () => {
  let database: PostgresTestDatabase;
  let reader: DatabaseHandle;
  let sink: SmtpSink;
  let dataDir: string;
  let a: Process;
  let b: Process;

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    sink = await startSmtpSink();
    // One data dir stands for the shared blob store (S3 in a real deployment); one secret for all.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-scale-'));
    const env = {
      POSTDESK_DATA_DIR: dataDir,
      POSTDESK_DATABASE_URL: database.url,
      POSTDESK_SECRET: 'scale-out-test-secret-0123456789-abcdef',
      POSTDESK_MAIL_DOMAIN: DOMAIN,
      POSTDESK_SMTP_RELAY_URL: sink.url,
      POSTDESK_RATE_LIMITS: 'off',
      POSTDESK_CONFIRMATIONS_PER_HOUR: '9999',
      POSTDESK_LOG_LEVEL: 'warn',
      POSTDESK_ADMIN_EMAIL: TEST_ADMIN.email,
      POSTDESK_ADMIN_PASSWORD: TEST_ADMIN.password,
    };
    // All at once on an unseeded database: start-up seeding must still happen once.
    [a, b] = await Promise.all([
      startPostdesk('A (web,smtp)', 'web,smtp', env),
      startPostdesk('B (web,smtp)', 'web,smtp', env),
      startPostdesk('C (worker)', 'worker', env),
    ]);
    reader = openDatabase({ kind: 'postgres', url: database.url });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(running.splice(0).map((child) => child.stop()));
    await reader?.close();
    await sink?.close();
    await database?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('processes every form case and email once, confirms each once, and keeps agents on every process current', async () => {
    const processes = [...running];
    onTestFailed(() => {
      for (const child of processes) console.log(`--- ${child.name}\n${child.output().slice(-4_000)}`);
    });
    const count = async (table: 'topics' | 'agents' | 'departments') => Number((await reader.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('topics')).toBe(9);
    expect(await count('agents')).toBe(1);

    // An agent on A, with the console's live channel open; the same agent views a case on B.
    const onA = await openLive(a.http!, await signInOver(a.http!));
    const onB = await openLive(b.http!, await signInOver(b.http!));

    // Interleaved: forms and emails to A and to B at the same time.
    const sessions = await Promise.all([a, b].map((p) => SmtpSession.connect({ host: '127.0.0.1', port: p.smtpPort!, name: 'mx.example' })));
    const forms: { via: Process; caseNumber: string; email: string }[] = [];
    const mails: { via: Process; from: string; messageId: string }[] = [];
    for (let i = 0; i < PER_PROCESS.forms + PER_PROCESS.mails; i += 1) {
      await Promise.all([a, b].map(async (via, side) => {
        const n = i * 2 + side;
        if (i % 2 === 0 && forms.filter((f) => f.via === via).length < PER_PROCESS.forms) {
          const form = validForm('general-question', { email: `form.${n}@example.org` });
          const response = await fetch(`${via.http}/api/v1/cases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(form) });
          expect(response.status, await response.clone().text()).toBe(201);
          forms.push({ via, caseNumber: ((await response.json()) as { caseNumber: string }).caseNumber, email: `form.${n}@example.org` });
        } else if (mails.filter((m) => m.via === via).length < PER_PROCESS.mails) {
          const message = inboundMail(n);
          const reply = await sessions[side]!.send({ from: message.from, to: [`support@${DOMAIN}`] }, message.data);
          expect(reply.code, reply.text).toBe(250);
          mails.push({ via, from: message.from, messageId: message.messageId });
        }
      }));
    }
    for (const session of sessions) await session.quit();
    const expectedCases = forms.length + mails.length;
    expect(expectedCases).toBe(2 * (PER_PROCESS.forms + PER_PROCESS.mails));

    // The worker (C) processes the mail and sends every confirmation.
    const confirmationsOf = () => {
      const byCase = new Map<string, string[]>();
      for (const mail of sink.messages) {
        const number = mail.headers.get('x-postdesk-case');
        if (number) byCase.set(number, [...(byCase.get(number) ?? []), ...mail.to]);
      }
      return byCase;
    };
    await waitFor(() => confirmationsOf().size >= expectedCases, 40_000);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a duplicate would show up now

    const cases = await reader.db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id').select(['cases.id', 'cases.number', 'customers.email']).execute();
    expect(cases).toHaveLength(expectedCases);
    expect(new Set(cases.map((c) => c.number)).size).toBe(expectedCases);
    for (const form of forms) expect(cases.filter((c) => c.number === form.caseNumber), form.caseNumber).toHaveLength(1);
    const inbound = await reader.db.selectFrom('inbound_messages').select(['message_id_header', 'status', 'case_id']).execute();
    expect(inbound.map((row) => row.message_id_header).sort()).toEqual(mails.map((m) => m.messageId).sort());
    expect(inbound.every((row) => row.status === 'processed' && row.case_id !== null)).toBe(true);
    expect(new Set(inbound.map((row) => row.case_id)).size).toBe(mails.length);

    const confirmations = confirmationsOf();
    expect(sink.messages).toHaveLength(expectedCases);
    for (const c of cases) expect(confirmations.get(c.number), c.number).toEqual([c.email]);
    const jobs = await reader.db.selectFrom('jobs').select(['type', 'status', 'attempts']).execute();
    expect(jobs.filter((job) => job.status !== 'done')).toEqual([]);
    expect(jobs.filter((job) => job.attempts !== 1)).toEqual([]);

    // Live: A heard of cases created through B — by form on B, and by email to B that C processed.
    const idOf = new Map(cases.map((c) => [c.number, c.id]));
    const changedOnA = () => new Set(onA.frames.flatMap((f) => (f.type === 'cases.changed' ? f.caseIds : [])));
    const formOnB = forms.find((f) => f.via === b)!;
    const mailOnB = inbound.find((row) => row.message_id_header === mails.find((m) => m.via === b)!.messageId)!;
    await waitFor(() => changedOnA().has(idOf.get(formOnB.caseNumber)!) && changedOnA().has(mailOnB.case_id!), 5_000);
    expect(changedOnA().size).toBe(expectedCases);

    // Collision warning: typing in a case on B shows on A.
    onB.socket.send(JSON.stringify({ type: 'presence', caseNumber: formOnB.caseNumber, state: 'typing' }));
    const seen = await waitFor(() => onA.frames.find((f) => f.type === 'presence' && f.caseNumber === formOnB.caseNumber && f.agents.length > 0), 5_000);
    expect(seen).toMatchObject({ agents: [{ name: 'Administrator', state: 'typing' }] });
    // B's agent closes the case page: A sees them leave.
    onB.socket.send(JSON.stringify({ type: 'presence.leave' }));
    await waitFor(() => {
      const last = onA.frames.filter((f) => f.type === 'presence' && f.caseNumber === formOnB.caseNumber).at(-1);
      return last?.type === 'presence' && last.agents.length === 0;
    }, 5_000);

    onA.socket.close();
    onB.socket.close();
    // Every process stops cleanly.
    expect(await Promise.all(running.splice(0).map((child) => child.stop()))).toEqual([0, 0, 0]);
  }, 90_000);
});
