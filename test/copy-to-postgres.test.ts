import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COPIED_TABLES } from '../src/modules/database-copy/index.js';
import { openDatabase } from '../src/storage/db.js';
import { HubBrowser, registerCustomer, STRONG_PASSWORD } from './customer-accounts.js';
import { createDnsFixture } from './dns-fixture.js';
import { multipartForm, submitCase, tinyPng, validForm } from './factories.js';
import { deliver, openCaseByEmail, sinkMailsTo, startInbound, type InboundHarness } from './inbound-harness.js';
import { buildMessage } from './mail-client.js';
import { createPostgresTestDatabase, testDatabaseKind, type PostgresTestDatabase } from './postgres-databases.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';
import { createTestApp, signIn, signInNewAgent, waitFor } from './test-app.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const onPostgres = testDatabaseKind() === 'postgres';
const AGENT = { email: 'moved.agent@postdesk.test', password: 'an agent password that moves 7' };
const EMAIL_CUSTOMER = 'rosa@customer.example';
const ACCOUNT_HOLDER = 'account.holder@example.org';

type Headers = Record<string, string>;
type Outcome = { code: number; stdout: string; stderr: string };
type CaseSummary = { caseNumber: string; status: string };
type Detail = { caseNumber: string; messages: { direction: string; text: string; attachments: { id: string; url: string; size: number }[] }[] };

/** The CLI as an operator runs it, in a child process. */
function postdesk(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

async function postgresCounts(url: string): Promise<Record<string, number>> {
  const handle = openDatabase({ kind: 'postgres', url });
  try {
    const counts: Record<string, number> = {};
    for (const table of COPIED_TABLES) {
      const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(handle.db);
      counts[table] = Number(result.rows[0]?.n);
    }
    return counts;
  } finally {
    await handle.close();
  }
}

function sqliteCounts(file: string): Record<string, number> {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    return Object.fromEntries(COPIED_TABLES.map((table) => [table, Number(sqlite.prepare(`select count(*) from ${table}`).pluck().get())]));
  } finally {
    sqlite.close();
  }
}

/** What the SQLite installation holds, as its users know it. */
type Installation = {
  formCase: string;
  emailCase: string;
  pendingCase: string;
  deadCase: string;
  deadJobId: string;
  attachment: { url: string; bytes: Buffer };
  agentHeaders: Headers;
  adminHeaders: Headers;
  accountCookies: Map<string, string>;
  statusToken: string;
  /** The Message-ID of the agent's emailed reply, as the customer's mail program will quote it. */
  replyMessageId: string;
  cases: CaseSummary[];
  details: Map<string, unknown>;
};

/** Builds a small but complete installation through the app, as its users would. */
async function buildInstallation(h: InboundHarness): Promise<Installation> {
  const app = h.t.app;
  const admin = h.admin;
  const inject = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers: Headers = admin) => {
    const response = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json<Record<string, unknown>>();
  };

  const png = tinyPng(4);
  const form = await app.inject({
    method: 'POST', url: '/api/v1/cases',
    payload: multipartForm(validForm('refund-claim', { email: 'form.customer@example.org' }), [{ bytes: png, filename: 'damaged box.png', type: 'image/png' }]),
  });
  expect(form.statusCode, form.body).toBe(201);
  const formCase = form.json<{ caseNumber: string }>().caseNumber;

  const emailed = await openCaseByEmail(h, { from: EMAIL_CUSTOMER, fromName: 'Rosa Díaz', subject: 'Parcel stuck in Memphis', text: 'My parcel has not moved for a week.' });
  await inject('POST', `/api/v1/cases/${emailed.caseNumber}/replies`, { body: 'Hello Rosa,\nwe asked the Memphis office to look for it.' });
  const reply = await waitFor(() => sinkMailsTo(h, EMAIL_CUSTOMER).find((m) => (m.headers.get('subject') ?? '').startsWith('Re: ')), 10_000);

  const agent = await signInNewAgent(h.t, { ...AGENT, role: 'agent' });
  await inject('POST', `/api/v1/cases/${emailed.caseNumber}/notes`, { body: 'Called the Memphis depot.' }, agent.headers);
  await inject('POST', '/api/v1/admin/canned-responses', { title: 'Parcel located', body: 'Dear {{customer.name}}, your parcel is on its way.', language: 'en' });
  await inject('PATCH', '/api/v1/admin/articles/redelivery', { texts: { en: { title: 'Redelivery, updated', summary: 'Ask for a second delivery.', body: 'Ask online for a second delivery.' } } });
  // Resolving schedules a satisfaction survey (an hour later: still pending when copied).
  await inject('POST', `/api/v1/cases/${formCase}/replies`, { body: 'Your refund is on its way.', status: 'resolved' });

  const account = await registerCustomer(app, admin, { name: 'Account Holder', email: ACCOUNT_HOLDER });
  const statusToken = await requestStatusLink(h, emailed.caseNumber, EMAIL_CUSTOMER);
  await waitUntilOnlyLaterJobsRemain(h);

  // Jobs left behind: one pending (its confirmation), one dead-lettered.
  await h.t.container.jobRunner.stop();
  const { caseNumber: deadCase } = await submitCase(app, validForm('general-question', { email: 'dead.letter@example.org' }));
  const claimed = await h.t.container.jobs.claimNext('copy-test', 60_000);
  if (!claimed) throw new Error('no job to dead-letter');
  expect(await h.t.container.jobs.fail(claimed, new Error('relay refused it for the test'), { permanent: true })).toBe('dead');
  const { caseNumber: pendingCase } = await submitCase(app, validForm('general-question', { email: 'pending.confirmation@example.org' }));

  const { cases } = await inject('GET', '/api/v1/cases?limit=100') as { cases: CaseSummary[] };
  const details = new Map<string, unknown>();
  for (const { caseNumber } of cases) details.set(caseNumber, (await inject('GET', `/api/v1/cases/${caseNumber}`)).case);
  const attachment = (details.get(formCase) as Detail).messages[0]?.attachments[0];
  if (!attachment) throw new Error('the form case has no attachment');
  return {
    formCase, emailCase: emailed.caseNumber, pendingCase, deadCase, deadJobId: claimed.id,
    attachment: { url: attachment.url, bytes: png }, agentHeaders: agent.headers, adminHeaders: admin, accountCookies: new Map(account.cookies),
    statusToken, replyMessageId: reply.headers.get('message-id') ?? '', cases, details,
  };
}

/** Every job due now has run (the survey's stays queued for later). */
async function waitUntilOnlyLaterJobsRemain(h: InboundHarness): Promise<void> {
  const now = new Date().toISOString();
  await waitFor(async () => {
    const due = await h.t.container.database.db.selectFrom('jobs').select('id').where('status', 'in', ['queued', 'running']).where('run_at', '<=', now).execute();
    return due.length === 0;
  }, 10_000);
}

/** Asks for a status link as a customer does and reads its token from the mail preview. */
async function requestStatusLink(h: InboundHarness, caseNumber: string, email: string): Promise<string> {
  const page = await h.t.app.inject({ method: 'GET', url: '/status' });
  const cookie = page.cookies.find((c) => c.name === 'pd_hub_csrf');
  const csrfToken = /name="csrfToken" value="([^"]+)"/.exec(page.body)?.[1];
  if (!cookie || !csrfToken) throw new Error('no CSRF cookie or token on /status');
  const asked = await h.t.app.inject({
    method: 'POST', url: '/status', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `pd_hub_csrf=${cookie.value}` },
    payload: new URLSearchParams({ csrfToken, caseNumber, email }).toString(),
  });
  expect(asked.statusCode, asked.body).toBe(200);
  const mails = (await h.t.app.inject({ method: 'GET', url: '/api/v1/admin/mail?limit=500', headers: h.admin })).json<{ mails: { id: string; kind: string }[] }>().mails;
  const mail = mails.find((m) => m.kind === 'status_link');
  if (!mail) throw new Error('no status link was mailed');
  const text = (await h.t.app.inject({ method: 'GET', url: `/api/v1/admin/mail/${mail.id}`, headers: h.admin })).json<{ mail: { text: string } }>().mail.text;
  const token = /\/status\/view\?token=(\S+)/.exec(text)?.[1];
  if (!token) throw new Error(`no status link in: ${text}`);
  return decodeURIComponent(token);
}

describe.skipIf(!onPostgres)(`npx postdesk copy-to-postgres${onPostgres ? '' : ' (runs in the "postgres" project only: it needs a PostgreSQL server)'}`, { timeout: 60_000 }, () => {
  let sink: SmtpSink;
  let target: PostgresTestDatabase;
  let source: InboundHarness;
  let before: Installation;
  let copy: Outcome;
  let counts: { sqlite: Record<string, number>; postgres: Record<string, number> };
  let after: InboundHarness;
  let sourceRunning = false;
  const dns = createDnsFixture();

  beforeAll(async () => {
    sink = await startSmtpSink();
    target = await createPostgresTestDatabase();
    // An operator may have started Postdesk on the new database once: the copy replaces what that first start seeded.
    const firstStart = await createTestApp({ worker: false, env: { POSTDESK_DATABASE_URL: target.url } });
    await firstStart.close({ removeData: true });

    source = await startInbound({ database: 'sqlite', sink, dns });
    sourceRunning = true;
    before = await buildInstallation(source);
    await source.close({ keepData: true, keepSink: true });
    sourceRunning = false;
    const sqliteFile = path.join(source.t.dataDir, 'postdesk.sqlite');
    copy = await postdesk(['copy-to-postgres', '--from', sqliteFile, '--to', target.url], { POSTDESK_DATA_DIR: source.t.dataDir });
    counts = { sqlite: sqliteCounts(sqliteFile), postgres: await postgresCounts(target.url) };
    after = await startInbound({ dataDir: source.t.dataDir, sink, dns, env: { POSTDESK_DATABASE_URL: target.url } });
  }, 180_000);

  afterAll(async () => {
    if (sourceRunning) await source.close({ keepSink: true });
    await after?.close({ keepSink: true });
    await target?.drop();
    await sink?.close();
  });

  it('copies every table row for row, replacing what a first start had seeded, and says so', () => {
    expect(copy.code, copy.stderr).toBe(0);
    expect(copy.stdout).toMatch(/Copied [\d,]+ rows of \d+ tables .*every table's row count matches the source/);
    expect(copy.stderr).toMatch(/Replacing the target's \d+ row\(s\) of departments/);
    expect(copy.stderr).toMatch(/ {2}messages: [\d,]+ \/ [\d,]+ rows/);
    expect(counts.postgres).toEqual(counts.sqlite);
    for (const table of ['cases', 'messages', 'attachments', 'inbound_messages', 'outbound_mail', 'customer_accounts', 'customer_sessions',
      'satisfaction_surveys', 'status_links', 'canned_responses', 'help_article_texts', 'agent_sessions', 'jobs', 'case_events'] as const) {
      expect(counts.sqlite[table], table).toBeGreaterThan(0);
    }
  });

  it('shows agents the same cases, with the same threads, timelines, attachments and surveys', async () => {
    const list = await after.t.app.inject({ method: 'GET', url: '/api/v1/cases?limit=100', headers: after.admin });
    expect(list.json<{ cases: CaseSummary[] }>().cases).toEqual(before.cases);
    expect(before.cases).toHaveLength(4);
    for (const { caseNumber } of before.cases) {
      const detail = await after.t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, headers: after.admin });
      expect(detail.json<{ case: unknown }>().case, caseNumber).toEqual(before.details.get(caseNumber));
    }
    const emailCase = before.details.get(before.emailCase) as Detail;
    expect(emailCase.messages.map((m) => m.direction)).toEqual(['inbound', 'outbound', 'internal']);
  });

  it('signs agents in with the same passwords, and their sessions carry on', async () => {
    const signedIn = await signIn(after.t.app, AGENT);
    expect((await after.t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: signedIn })).statusCode).toBe(200);
    const wrong = await after.t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: AGENT.email, password: 'not the password at all' } });
    expect(wrong.statusCode).toBe(401);
    const session = await after.t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: before.agentHeaders });
    expect(session.statusCode).toBe(200);
    expect(session.json<{ agent: { email: string } }>().agent.email).toBe(AGENT.email);
  });

  it('answers the customer\'s status lookup, and opens the status link mailed before the copy', async () => {
    const status = await after.t.app.inject({ method: 'GET', url: `/api/v1/cases/${before.emailCase}/status?email=${encodeURIComponent(EMAIL_CUSTOMER)}` });
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json<{ caseNumber: string }>().caseNumber).toBe(before.emailCase);
    const stranger = await after.t.app.inject({ method: 'GET', url: `/api/v1/cases/${before.emailCase}/status?email=someone.else%40example.org` });
    expect(stranger.statusCode).toBe(404);
    const exchange = () => after.t.app.inject({
      method: 'POST', url: '/status/view', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token: before.statusToken }).toString(),
    });
    const opened = await exchange();
    expect(opened.statusCode, opened.body).toBe(303);
    expect((await exchange()).statusCode).toBe(410);
    const session = opened.cookies.find((c) => c.name === 'pd_status');
    const page = await after.t.app.inject({ method: 'GET', url: '/status/case', headers: { cookie: `pd_status=${session?.value}` } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(before.emailCase);
  });

  it('lets the account holder sign in by password, and keeps their signed-in session', async () => {
    const browser = new HubBrowser(after.t.app);
    expect((await browser.submit('/account/sign-in', { email: ACCOUNT_HOLDER, password: STRONG_PASSWORD })).statusCode).toBe(303);
    const returning = new HubBrowser(after.t.app);
    for (const [name, value] of before.accountCookies) returning.cookies.set(name, value);
    const page = await returning.get('/account');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/account">Your account</a>');
  });

  it('serves the attachments from the shared blob store', async () => {
    const download = await after.t.app.inject({ method: 'GET', url: before.attachment.url, headers: { cookie: after.admin.cookie! } });
    expect(download.statusCode).toBe(200);
    expect(Buffer.compare(download.rawPayload, before.attachment.bytes)).toBe(0);
  });

  it('runs the pending jobs on PostgreSQL and retries the dead one on request', async () => {
    await waitFor(() => sinkMailsTo(after, 'pending.confirmation@example.org').length > 0, 10_000);
    const dead = await after.t.app.inject({ method: 'GET', url: '/api/v1/admin/jobs?status=dead', headers: after.admin });
    expect(dead.json<{ jobs: { id: string }[] }>().jobs.map((j) => j.id)).toEqual([before.deadJobId]);
    const retried = await after.t.app.inject({ method: 'POST', url: `/api/v1/admin/jobs/${before.deadJobId}/retry`, headers: after.admin });
    expect(retried.statusCode, retried.body).toBe(200);
    await waitFor(() => sinkMailsTo(after, 'dead.letter@example.org').length > 0, 10_000);
  });

  it('threads the customer\'s answer to a reply sent before the copy into the same case', async () => {
    const answer = buildMessage({
      from: EMAIL_CUSTOMER, to: 'support@postdesk.test', subject: 'Re: Parcel stuck in Memphis', inReplyTo: before.replyMessageId, references: before.replyMessageId,
      text: 'It arrived today, thank you!',
    });
    const row = await deliver(after, { from: EMAIL_CUSTOMER }, answer);
    expect(row).toMatchObject({ status: 'processed', outcome: { kind: 'follow-up', via: 'message-id' } });
    const detail = await after.t.app.inject({ method: 'GET', url: `/api/v1/cases/${before.emailCase}`, headers: after.admin });
    expect(detail.json<{ case: Detail }>().case.messages.at(-1)?.text).toBe('It arrived today, thank you!');
  });

  it('gives what is created after the copy fresh numbers and ids (sequences continue)', async () => {
    const created = await submitCase(after.t.app, validForm('tracking', { email: 'after.copy@example.org' }));
    expect(before.cases.map((c) => c.caseNumber)).not.toContain(created.caseNumber);
    const detail = await after.t.app.inject({ method: 'GET', url: `/api/v1/cases/${created.caseNumber}`, headers: after.admin });
    expect(detail.statusCode).toBe(200);
    // Help article texts have a serial id on PostgreSQL: a sequence left at 1 would collide with the copied ones.
    const article = await after.t.app.inject({
      method: 'POST', url: '/api/v1/admin/articles', headers: after.admin,
      payload: { slug: 'after-the-copy', published: true, texts: { en: { title: 'After the copy', summary: 'Written on PostgreSQL.', body: 'Hello.' }, es: { title: 'Después', summary: 'En PostgreSQL.', body: 'Hola.' } } },
    });
    expect(article.statusCode, article.body).toBe(201);
  });

  it('refuses to copy into a database that holds cases, changing nothing', async () => {
    const holding = await postgresCounts(target.url);
    const again = await postdesk(['copy-to-postgres', '--from', path.join(after.t.dataDir, 'postdesk.sqlite')], { POSTDESK_DATABASE_URL: target.url });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/The target already holds \d+ case\(s\)/);
    expect(await postgresCounts(target.url)).toEqual(holding);
  });

  it('refuses a SQLite database with a table it does not know, before touching the target', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-copy-'));
    const other = await createPostgresTestDatabase();
    try {
      const file = path.join(dir, 'postdesk.sqlite');
      const original = new SQLite(path.join(after.t.dataDir, 'postdesk.sqlite'), { readonly: true });
      await original.backup(file);
      original.close();
      const changed = new SQLite(file);
      changed.exec('create table future_feature (id text primary key)');
      changed.close();
      const refused = await postdesk(['copy-to-postgres', '--from', file, '--to', other.url]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('table(s) the copier does not know: future_feature');
      const untouched = await postgresCounts(other.url);
      expect(Object.values(untouched).every((n) => n === 0)).toBe(true);
    } finally {
      await other.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
