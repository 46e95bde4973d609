import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob } from '../src/jobs/queue.js';
import { SEND_MAIL_JOB } from '../src/modules/email-out/email-out.jobs.js';
import { migrations } from '../src/storage/migrations/index.js';
import { toDbTime } from '../src/storage/dialect-helpers.js';
import { submitCase, validForm } from './factories.js';
import { deliver, openCaseByEmail, startInbound, waitIdle, type InboundHarness } from './inbound-harness.js';
import { buildMessage, sendMail } from './mail-client.js';
import { parsePrometheusText, samplesOf, valueOf, type Exposition } from './prometheus-text.js';
import { createTestApp, waitFor, type TestApp } from './test-app.js';
import { testDatabaseKind } from './postgres-databases.js';
import { sql } from 'kysely';

const MINUTE = 60_000;
const LATEST_MIGRATION = Object.keys(migrations).at(-1)!;

type ReadyBody = {
  status: string;
  checks: Record<'database' | 'migrations' | 'jobQueue' | 'blobStore' | 'events', { status: string; [key: string]: unknown }>;
};

const readyz = async (t: TestApp) => {
  const response = await t.app.inject({ method: 'GET', url: '/readyz' });
  return { statusCode: response.statusCode, body: response.json<ReadyBody>() };
};

async function scrape(t: TestApp): Promise<Exposition> {
  const response = await t.app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(response.body);
}

/** A job due `ageMs` ago that nobody claims (the worker is stopped), written through the queue API. */
async function stallJob(t: TestApp, ageMs: number): Promise<void> {
  const now = new Date();
  await enqueueJob(t.container.database.db, { type: SEND_MAIL_JOB, payload: { outboundMailId: 'stalled' }, runAt: new Date(now.getTime() - ageMs) }, now);
}

describe('GET /readyz', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
  });
  afterAll(() => t.close({ removeData: true }));

  it('is ready on a fresh installation, and /healthz keeps its contract', async () => {
    const { statusCode, body } = await readyz(t);
    expect(statusCode).toBe(200);
    expect(body).toEqual({
      status: 'ready',
      checks: {
        database: { status: 'ok' },
        migrations: { status: 'ok', applied: Object.keys(migrations).length, expected: Object.keys(migrations).length },
        jobQueue: { status: 'ok', lagSeconds: 0, thresholdSeconds: 60 },
        blobStore: { status: 'ok' },
        // SQLite is one process: nobody else to hear. PostgreSQL: the LISTEN connection is up.
        events: { status: testDatabaseKind() === 'postgres' ? 'ok' : 'skipped' },
      },
    });
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
  });

  it.skipIf(testDatabaseKind() !== 'postgres')('warns, staying ready, while the connection that hears other processes reconnects', async () => {
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'postdesk-events' and datname = current_database()`.execute(t.container.database.db);
    const during = await waitFor(async () => {
      const found = await readyz(t);
      return found.body.checks.events.status === 'warning' ? found : undefined;
    });
    expect(during.statusCode).toBe(200);
    expect(during.body.status).toBe('ready');
    // The bus reconnects with back-off (first retry after ≈ 0.5 s).
    await waitFor(async () => (await readyz(t)).body.checks.events.status === 'ok', 10_000);
  });

  it('is not ready while the schema lacks a migration this code needs, and ready on a schema a newer release migrated ahead', async () => {
    const db = t.container.database.db.withTables<{ kysely_migration: { name: string; timestamp: string } }>();
    const latest = await db.selectFrom('kysely_migration').selectAll().where('name', '=', LATEST_MIGRATION).executeTakeFirstOrThrow();
    await db.deleteFrom('kysely_migration').where('name', '=', LATEST_MIGRATION).execute();
    try {
      const { statusCode, body } = await readyz(t);
      expect(statusCode).toBe(503);
      expect(body.status).toBe('not_ready');
      expect(body.checks.migrations).toMatchObject({ status: 'failing', missing: [LATEST_MIGRATION] });
      expect(body.checks.database.status).toBe('ok');
      expect(body.checks.jobQueue.status).toBe('ok');
    } finally {
      await db.insertInto('kysely_migration').values(latest).execute();
    }

    await db.insertInto('kysely_migration').values({ name: '9999_from_a_newer_release', timestamp: new Date().toISOString() }).execute();
    try {
      const { statusCode, body } = await readyz(t);
      expect(statusCode).toBe(200);
      expect(body.checks.migrations).toMatchObject({ status: 'ok', ahead: ['9999_from_a_newer_release'] });
    } finally {
      await db.deleteFrom('kysely_migration').where('name', '=', '9999_from_a_newer_release').execute();
    }
  });

  it('is not ready when a due job has waited past the threshold with the worker stopped; a web-only process only warns', async () => {
    await stallJob(t, 10 * MINUTE);
    const { statusCode, body } = await readyz(t);
    expect(statusCode).toBe(503);
    expect(body.status).toBe('not_ready');
    expect(body.checks.jobQueue).toMatchObject({ status: 'failing', thresholdSeconds: 60 });
    expect(body.checks.jobQueue.lagSeconds).toBeGreaterThanOrEqual(600);
    expect(body.checks.migrations.status).toBe('ok');

    // Same database, a process without the worker role: taking it out of the load balancer would not drain the queue.
    const web = await createTestApp({ dataDir: t.dataDir, env: { POSTDESK_ROLES: 'web' }, worker: false });
    try {
      const webOnly = await readyz(web);
      expect(webOnly.statusCode).toBe(200);
      expect(webOnly.body.checks.jobQueue.status).toBe('warning');
      expect(webOnly.body.checks.jobQueue.lagSeconds).toBeGreaterThanOrEqual(600);
    } finally {
      await web.close();
    }
  });
});

describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
  });
  afterAll(() => t.close({ removeData: true }));

  it('counts cases by channel and topic, shows queue depths, SLA breaches and job lag from the database', async () => {
    const first = await submitCase(t.app, validForm('tracking'));
    const second = await submitCase(t.app, validForm('tracking'));
    const db = t.container.database.db;
    // Arrange the SLA clock: one case overdue, the other due within the next 24 hours.
    const now = Date.now();
    await db.updateTable('cases').set({ first_response_due_at: toDbTime(new Date(now - 5 * MINUTE)) }).where('number', '=', first.caseNumber).execute();
    await db.updateTable('cases').set({ first_response_due_at: toDbTime(new Date(now + 120 * MINUTE)) }).where('number', '=', second.caseNumber).execute();
    await stallJob(t, 5 * MINUTE);
    await t.app.inject({ method: 'GET', url: '/no/such/page/PD-1234-5678' });
    await t.app.inject({ method: 'GET', url: '/healthz' });

    const metrics = await scrape(t);
    expect(valueOf(metrics, 'postdesk_cases_created_total', { channel: 'web', topic: 'tracking' })).toBe(2);

    const expected = await db
      .selectFrom('cases')
      .innerJoin('departments', 'departments.id', 'cases.department_id')
      .select((eb) => ['departments.slug as department', 'cases.status', eb.fn.countAll<number>().as('count')])
      .where('cases.status', 'in', ['new', 'open', 'pending_customer'])
      .groupBy(['departments.slug', 'cases.status'])
      .execute();
    expect(expected.reduce((sum, row) => sum + Number(row.count), 0)).toBe(2);
    for (const row of expected) expect(valueOf(metrics, 'postdesk_open_cases', { department: row.department, status: row.status })).toBe(Number(row.count));
    const depths = samplesOf(metrics, 'postdesk_open_cases');
    expect(depths.reduce((sum, s) => sum + s.value, 0)).toBe(2);
    // Every department is listed, empty ones at 0.
    const departmentCount = (await db.selectFrom('departments').select('slug').execute()).length;
    expect(new Set(depths.map((s) => s.labels.department)).size).toBe(departmentCount);

    expect(valueOf(metrics, 'postdesk_sla_breached_cases')).toBe(1);
    expect(valueOf(metrics, 'postdesk_sla_due_soon_cases')).toBe(1);

    // Two confirmations and the stalled job wait: the worker is stopped.
    expect(valueOf(metrics, 'postdesk_jobs', { state: 'due' })).toBe(3);
    expect(valueOf(metrics, 'postdesk_jobs', { state: 'running' })).toBe(0);
    expect(valueOf(metrics, 'postdesk_job_lag_seconds', { kind: SEND_MAIL_JOB })).toBeGreaterThanOrEqual(300);
    expect(valueOf(metrics, 'postdesk_job_lag_seconds', { kind: 'email-in.process-message' })).toBe(0);
    expect(valueOf(metrics, 'postdesk_metrics_database_up')).toBe(1);

    expect(valueOf(metrics, 'postdesk_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/cases', status_class: '2xx' })).toBe(2);
    expect(valueOf(metrics, 'postdesk_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_class: '4xx' })).toBe(1);
    expect(valueOf(metrics, 'postdesk_http_request_duration_seconds_count', { method: 'GET', route: '/healthz', status_class: '2xx' })).toBe(1);
    // No raw URL, case number or address ever becomes a label.
    const labelValues = metrics.samples.flatMap((s) => Object.values(s.labels));
    expect(labelValues.filter((v) => /PD-|@|\/no\/such/.test(v))).toEqual([]);
    // The process's own metrics come along.
    expect(metrics.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(samplesOf(metrics, 'nodejs_eventloop_lag_seconds').length).toBe(1);
  });

  it('answers loopback clients without a token and refuses others, also loopback ones relayed by a proxy', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1' })).statusCode).toBe(200);
    const outside = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('auth.forbidden');
    expect(outside.body).not.toContain('postdesk_');
    const proxied = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.statusCode).toBe(403);
    // /readyz is for load balancers wherever they are (not ready here: the stalled job of the test above).
    const ready = await t.app.inject({ method: 'GET', url: '/readyz', remoteAddress: '203.0.113.9' });
    expect(ready.json<ReadyBody>().checks.database.status).toBe('ok');
  });

  it('is not in the OpenAPI document; /readyz is', async () => {
    const document = t.app.swagger() as { paths: Record<string, unknown> };
    expect(document.paths['/metrics']).toBeUndefined();
    expect(document.paths['/readyz']).toBeDefined();
  });
});

describe('GET /metrics with POSTDESK_METRICS_TOKEN', () => {
  const token = 'metrics-token-0123456789abcdef';
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ worker: false, env: { POSTDESK_METRICS_TOKEN: token } });
  });
  afterAll(() => t.close({ removeData: true }));

  it('requires the bearer token from every client, loopback included', async () => {
    const get = (remoteAddress: string, authorization?: string) =>
      t.app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers: authorization ? { authorization } : {} });
    const missing = await get('127.0.0.1');
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('auth.required');
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await get('203.0.113.9', `Bearer ${token}x`)).statusCode).toBe(401);
    expect((await get('203.0.113.9', `Bearer ${token.slice(0, -1)}`)).statusCode).toBe(401);
    expect((await get('203.0.113.9', `Basic ${token}`)).statusCode).toBe(401);
    const right = await get('203.0.113.9', `Bearer ${token}`);
    expect(right.statusCode).toBe(200);
    expect(valueOf(parsePrometheusText(right.body), 'postdesk_metrics_database_up')).toBe(1);
  });
});

describe('metrics of mail in and out', () => {
  let h: InboundHarness;
  beforeAll(async () => {
    h = await startInbound();
  });
  afterAll(() => h.close());

  it('counts deliveries accepted and refused by the SMTP listener, their processing, the mail sent and agent replies', async () => {
    const customer = 'lena@customer.example';
    const opened = await openCaseByEmail(h, { from: customer, subject: 'Parcel missing', text: 'My parcel never arrived.' });
    const refused = await sendMail(h.port, { from: 'someone@elsewhere.example', to: ['support@postdesk.test', 'nobody@postdesk.test'], raw: buildMessage({ from: 'someone@elsewhere.example', subject: 'Hello' }) });
    expect(refused.rejected).toEqual(['nobody@postdesk.test']);
    const automatic = await deliver(h, { from: 'robot@elsewhere.example', headers: { 'Auto-Submitted': 'auto-generated' } });
    expect(automatic.status).toBe('ignored');
    const reply = await h.t.app.inject({ method: 'POST', url: `/api/v1/cases/${opened.caseNumber}/replies`, payload: { body: 'We are looking for it.' }, headers: h.admin });
    expect(reply.statusCode, reply.body).toBe(201);
    await waitIdle(h);

    const metrics = await scrape(h.t);
    expect(valueOf(metrics, 'postdesk_inbound_messages_accepted_total', { source: 'smtp', duplicate: 'false' })).toBe(3);
    expect(valueOf(metrics, 'postdesk_inbound_messages_rejected_total', { source: 'smtp', reason: 'recipient' })).toBe(1);
    expect(valueOf(metrics, 'postdesk_inbound_messages_processed_total', { status: 'processed', outcome: 'new-case' })).toBe(2);
    expect(valueOf(metrics, 'postdesk_inbound_messages_processed_total', { status: 'ignored', outcome: 'automatic' })).toBe(1);
    expect(samplesOf(metrics, 'postdesk_cases_created_total', { channel: 'email' }).reduce((sum, s) => sum + s.value, 0)).toBe(2);
    expect(valueOf(metrics, 'postdesk_outbound_mails_sent_total', { kind: 'confirmation' })).toBe(2);
    expect(valueOf(metrics, 'postdesk_outbound_mails_sent_total', { kind: 'reply' })).toBe(1);
    expect(valueOf(metrics, 'postdesk_case_replies_total')).toBe(1);
    expect(samplesOf(metrics, 'postdesk_outbound_mails_failed_total')).toEqual([]);
    expect(valueOf(metrics, 'postdesk_jobs', { state: 'due' })).toBe(0);
    expect(valueOf(metrics, 'postdesk_jobs', { state: 'dead' })).toBe(0);
  });
});
