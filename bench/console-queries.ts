/**
 * Agent console reads on a large data set (issue 5, "Done means"): queue pages, counts, search
 * and the case view against 1,000,000 cases and 3,000,000 messages, each p50/p95/p99 against a
 * `GET /healthz` baseline measured in the same run over the same path.
 *
 * Postdesk runs as `npm start` runs it (a child process, `node --import tsx src/main.ts`, web role,
 * log level warn) on a data set made by `npx postdesk generate-demo`. Requests go over a real
 * socket (node:http, one keep-alive connection, one request at a time), so a figure is what one
 * agent's browser waits for: routing, session check, query, serialisation, the loopback hop.
 *
 * `console-queries-pg` runs the same probes on PostgreSQL: the data set is generated into a durable
 * cluster of its own (`test/postgres-cluster.ts`, `keepDir`) that is cached the same way, started
 * for the run and stopped cleanly after it.
 *
 * The data set is cached in the OS temp directory, keyed by schema version (the last migration),
 * size, seed and generator version, and regenerated when older than a day: SLA queues (due soon,
 * breached) are relative to the time of generation.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { startPostgresCluster, type PostgresCluster } from '../test/postgres-cluster.js';
import { withPostgresClient } from './support/postgres.js';
import { cleanEnv } from './support/smtp-children.js';
import { migrations } from '../src/storage/migrations/index.js';
import { DEMO_GENERATOR_VERSION } from '../src/modules/demo/generate-demo.js';
import { quantile } from './support/load.js';
import { freePort, startChildServer, type ChildServer } from './support/processes.js';
import type { BenchmarkReport, Figure, GoalCheck } from './support/report.js';
import { intEnv } from './support/env.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GOAL_P95_MS = 50;
const AGENT = { email: 'ann.agent@agents.example.org', password: 'console-queries bench agent' };
const MAX_AGE_MS = 24 * 60 * 60 * 1000;


const settings = {
  cases: intEnv('BENCH_DEMO_CASES', 1_000_000),
  messagesPerCase: intEnv('BENCH_DEMO_MESSAGES_PER_CASE', 3),
  seed: intEnv('BENCH_DEMO_SEED', 1),
  requests: intEnv('BENCH_REQUESTS', 300),
  warmup: intEnv('BENCH_WARMUP_REQUESTS', 20),
};

function log(line: string): void {
  process.stderr.write(`  · ${line}\n`);
}

type Meta = { generatedAt: string; elapsedMs: number; output: string };

function dataSetKey(): string {
  const schema = Object.keys(migrations).at(-1) ?? 'none';
  return `${schema}-${settings.cases}c-${settings.messagesPerCase}m-s${settings.seed}-g${DEMO_GENERATOR_VERSION}`;
}

/** The metadata of a cached data set in `dir`, or null when there is none or it is stale. */
function freshMeta(dir: string): Meta | null {
  const metaFile = path.join(dir, 'demo.json');
  if (!fs.existsSync(metaFile)) return null;
  const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Meta;
  if (Date.now() - Date.parse(meta.generatedAt) < MAX_AGE_MS) return meta;
  log(`cached data set ${dir} is older than a day (its SLA queues have drifted): generating it again`);
  return null;
}

function generateDemo(env: NodeJS.ProcessEnv): Meta {
  log(`generating ${settings.cases.toLocaleString('en-US')} cases × ${settings.messagesPerCase} messages`);
  const started = performance.now();
  const output = execFileSync(process.execPath, [
    '--import', 'tsx', 'src/cli.ts', 'generate-demo', '--cases', String(settings.cases), '--messages-per-case', String(settings.messagesPerCase),
    '--seed', String(settings.seed), '--agent-password', AGENT.password,
  ], { cwd: ROOT, env: { ...cleanEnv({}), POSTDESK_LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return { generatedAt: new Date().toISOString(), elapsedMs: Math.round(performance.now() - started), output: output.trim() };
}

/** The cached data set's directory, generated (again) when missing or stale. */
function demoDataDir(): { dir: string; meta: Meta; reused: boolean } {
  const dir = path.join(os.tmpdir(), `postdesk-demo-${dataSetKey()}`);
  const cached = freshMeta(dir);
  if (cached) return { dir, meta: cached, reused: true };
  // Generate into a fresh directory and rename it into place: an interrupted run is never reused.
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  log(`into ${partial}`);
  const meta = generateDemo({ POSTDESK_DATA_DIR: partial });
  fs.writeFileSync(path.join(partial, 'demo.json'), `${JSON.stringify(meta, null, 2)}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(partial, dir);
  return { dir, meta, reused: false };
}

type PostgresDataSet = { dir: string; filesDir: string; url: string; meta: Meta; reused: boolean; cluster: PostgresCluster; bytes: number };

/**
 * The cached PostgreSQL data set: a durable cluster in its own directory (kept between runs and
 * started for this one), a database `postdesk` in it, and the data dir for files beside it. A
 * data set whose generation did not finish has no demo.json and is made again.
 */
async function postgresDemoDataSet(): Promise<PostgresDataSet> {
  const dir = path.join(os.tmpdir(), `postdesk-demo-pg-${dataSetKey()}`);
  let meta = freshMeta(dir);
  const reused = meta !== null;
  if (!meta) fs.rmSync(dir, { recursive: true, force: true });
  const cluster = await startPostgresCluster(undefined, { durable: true, keepDir: path.join(dir, 'cluster') });
  try {
    const url = cluster.url('postdesk');
    const filesDir = path.join(dir, 'files');
    if (!meta) {
      await withPostgresClient(cluster.url(), (client) => client.query('create database postdesk'));
      fs.mkdirSync(filesDir, { recursive: true });
      log(`into ${dir} (PostgreSQL)`);
      meta = generateDemo({ POSTDESK_DATA_DIR: filesDir, POSTDESK_DATABASE_URL: url });
      // Statistics for the planner, as autovacuum would gather them on a server that ran for a while.
      await withPostgresClient(url, (client) => client.query('vacuum analyze'));
      fs.writeFileSync(path.join(dir, 'demo.json'), `${JSON.stringify(meta, null, 2)}\n`);
    }
    const [size] = await withPostgresClient(url, async (client) => (await client.query<{ bytes: string }>('select pg_database_size(current_database()) as bytes')).rows);
    return { dir, filesDir, url, meta, reused, cluster, bytes: Number(size?.bytes ?? 0) };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}



type Samples = { tracking: string[]; emails: string[]; caseNumbers: string[]; departments: string[]; counts: { cases: number; messages: number } };

/** `sampleData` on PostgreSQL: the same kinds of rows, spread over the data by a hash instead of rowid. */
async function samplePostgres(url: string): Promise<Samples> {
  return withPostgresClient(url, async (client) => {
    const column = async (query: string) => (await client.query<{ v: string }>(query)).rows.map((row) => row.v);
    const count = async (table: string) => Number((await client.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]?.n ?? 0);
    return {
      tracking: await column('select number as v from case_tracking_numbers order by md5(number) limit 40'),
      emails: await column('select email as v from customers order by md5(email) limit 40'),
      caseNumbers: await column('select number as v from cases order by md5(number) limit 100'),
      departments: await column('select slug as v from departments order by slug'),
      counts: { cases: await count('cases'), messages: await count('messages') },
    };
  });
}

/** Search terms and lookups taken from the data itself, so each one finds something. */
function sampleData(file: string): Samples {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    const column = (query: string) => sqlite.prepare(query).pluck().all() as string[];
    return {
      tracking: column('select number from case_tracking_numbers where rowid % 9973 = 17 limit 40'),
      emails: column(`select customers.email from customers where rowid % 7919 = 3 limit 40`),
      caseNumbers: column('select number from cases where rowid % 4999 = 11 limit 100'),
      departments: column(`select slug from departments order by slug`),
      counts: {
        cases: Number(sqlite.prepare('select count(*) from cases').pluck().get()),
        messages: Number(sqlite.prepare('select count(*) from messages').pluck().get()),
      },
    };
  } finally {
    sqlite.close();
  }
}

type Client = { get(pathname: string): Promise<{ status: number; body: string }>; post(pathname: string, body: unknown): Promise<{ status: number; body: string; cookie: string | null }> };

/** One keep-alive connection; requests one at a time, as one agent's console makes them. */
function httpClient(baseUrl: string, headers: () => Record<string, string>): Client & { close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(baseUrl);
  const request = (method: string, pathname: string, body?: string) =>
    new Promise<{ status: number; body: string; cookie: string | null }>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, method, path: pathname, agent, headers: { ...headers(), ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const setCookie = res.headers['set-cookie']?.find((c) => c.startsWith('pd_session='));
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cookie: setCookie ? (setCookie.split(';')[0] ?? null) : null });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  return { get: (p) => request('GET', p), post: (p, b) => request('POST', p, JSON.stringify(b)), close: () => agent.destroy() };
}

type Probe = { name: string; goal: boolean; paths: string[] };

function probes(samples: Samples): Probe[] {
  const departments = samples.departments.map((slug) => `department:${encodeURIComponent(slug)}`);
  const list = (query: string) => `/api/v1/cases?${query}`;
  return [
    { name: 'queue.department.due', goal: true, paths: departments.map((q) => list(`queue=${q}&sort=due&limit=50`)) },
    { name: 'queue.department.newest', goal: true, paths: departments.map((q) => list(`queue=${q}&limit=50`)) },
    { name: 'queue.mine.due', goal: true, paths: [list('queue=mine&sort=due&limit=50')] },
    { name: 'queue.unassigned.due', goal: true, paths: [list('queue=unassigned&sort=due&limit=50')] },
    { name: 'queue.breached.due', goal: true, paths: [list('queue=breached&sort=due&limit=50')] },
    { name: 'queue.due-soon.due', goal: true, paths: [list('queue=due-soon&sort=due&limit=50')] },
    { name: 'status.filter', goal: true, paths: ['open', 'pending_customer', 'new', 'resolved'].map((s) => list(`status=${s}&limit=50`)) },
    { name: 'status.department.due', goal: true, paths: samples.departments.map((d) => list(`status=open&department=${encodeURIComponent(d)}&sort=due&limit=50`)) },
    { name: 'queues.counts', goal: true, paths: ['/api/v1/queues'] },
    { name: 'search.common', goal: true, paths: ['parcel', 'package', 'delivered', 'tracking', 'paquete', 'colet', 'Memphis'].map((q) => list(`q=${encodeURIComponent(q)}&limit=50`)) },
    { name: 'search.rare', goal: true, paths: ['harpsichord', 'zeppelin stamps', 'telescope eyepiece', 'sourdough', 'Kalamazoo quilt'].map((q) => list(`q=${encodeURIComponent(q)}&limit=50`)) },
    { name: 'search.tracking', goal: true, paths: samples.tracking.map((t) => list(`q=${t}&limit=50`)) },
    { name: 'search.email', goal: true, paths: samples.emails.map((e) => list(`q=${encodeURIComponent(e)}&limit=50`)) },
    {
      name: 'search.in-queue.due', goal: false,
      paths: departments.flatMap((q) => ['parcel', 'harpsichord'].map((w) => list(`queue=${q}&q=${w}&sort=due&limit=50`))),
    },
    { name: 'case.view', goal: true, paths: samples.caseNumbers.map((n) => `/api/v1/cases/${n}`) },
  ];
}

/** Latencies of `count` requests cycling through `paths`, after `warmup` unmeasured ones. */
async function measure(client: Client, paths: string[], count: number, warmup: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < warmup + count; i += 1) {
    const pathname = paths[i % paths.length] ?? '/healthz';
    const started = performance.now();
    const response = await client.get(pathname);
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`${pathname} answered ${response.status}: ${response.body.slice(0, 300)}`);
    if (i >= warmup) latencies.push(elapsed);
  }
  return latencies;
}

const round = (value: number, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : Number.NaN);

export type ConsoleQueriesOptions = {
  /** Run on PostgreSQL (figures named `console-queries-pg.*`); default SQLite. */
  postgres?: boolean;
};

export async function consoleQueriesBenchmark(options: ConsoleQueriesOptions = {}): Promise<BenchmarkReport> {
  const benchName = options.postgres ? 'console-queries-pg' : 'console-queries';
  const pgData = options.postgres ? await postgresDemoDataSet() : null;
  const sqliteData = pgData ? null : demoDataDir();
  const { dir, meta, reused } = pgData ?? sqliteData!;
  const dbBytes = pgData ? pgData.bytes : fs.statSync(path.join(dir, 'postdesk.sqlite')).size;
  const samples = pgData ? await samplePostgres(pgData.url) : sampleData(path.join(dir, 'postdesk.sqlite'));
  log(`${reused ? 'reusing' : 'generated'} ${dir}: ${samples.counts.cases.toLocaleString('en-US')} cases, ${samples.counts.messages.toLocaleString('en-US')} messages, ${(dbBytes / 2 ** 30).toFixed(2)} GB`);
  let postdesk: ChildServer | undefined;
  let session = '';
  const port = await freePort();
  const client = httpClient(`http://127.0.0.1:${port}`, (): Record<string, string> => (session ? { cookie: session } : {}));
  try {
    postdesk = await startChildServer({
      name: 'postdesk',
      args: ['--import', 'tsx', 'src/main.ts'],
      cwd: ROOT,
      env: cleanEnv({
        POSTDESK_DATA_DIR: pgData ? pgData.filesDir : dir, ...(pgData ? { POSTDESK_DATABASE_URL: pgData.url } : {}), POSTDESK_HTTP_HOST: '127.0.0.1', POSTDESK_HTTP_PORT: String(port), POSTDESK_SMTP_PORT: '0', POSTDESK_ROLES: 'web',
        POSTDESK_RATE_LIMITS: 'off', POSTDESK_LOG_LEVEL: 'warn',
      }),
      url: `http://127.0.0.1:${port}`,
      timeoutMs: 120_000,
    });
    const login = await client.post('/api/v1/auth/login', AGENT);
    if (login.status !== 200 || !login.cookie) throw new Error(`sign-in failed: ${login.status} ${login.body}`);
    session = login.cookie;

    const figures: Figure[] = [];
    const goals: GoalCheck[] = [];
    const details: Record<string, unknown> = {};
    log(`baseline: ${settings.requests} × GET /healthz`);
    const baseline = await measure(client, ['/healthz'], settings.requests, settings.warmup);
    const baseP95 = quantile(baseline, 0.95);
    const add = (name: string, latencies: number[]) => {
      for (const [label, q] of [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const) {
        figures.push({ name: `${benchName}.${name}.${label}`, value: round(quantile(latencies, q)), unit: 'ms' });
      }
    };
    add('baseline-healthz', baseline);
    for (const probe of probes(samples)) {
      log(`${probe.name}: ${settings.requests} requests over ${probe.paths.length} variant(s)`);
      const latencies = await measure(client, probe.paths, settings.requests, settings.warmup);
      const p95 = quantile(latencies, 0.95);
      add(probe.name, latencies);
      figures.push({ name: `${benchName}.${probe.name}.p95.ratio`, value: round(p95 / baseP95, 1), unit: 'x baseline' });
      if (probe.goal) goals.push({ goal: `${probe.name} p95 < ${GOAL_P95_MS} ms`, pass: p95 < GOAL_P95_MS });
      details[probe.name] = { paths: probe.paths.slice(0, 5), variants: probe.paths.length, max: round(quantile(latencies, 1)) };
    }
    figures.push({ name: `${benchName}.data.cases`, value: samples.counts.cases, unit: 'cases' });
    figures.push({ name: `${benchName}.data.messages`, value: samples.counts.messages, unit: 'messages' });
    figures.push({ name: `${benchName}.data.size`, value: round(dbBytes / 2 ** 30, 2), unit: 'GB' });
    figures.push({ name: `${benchName}.data.generation`, value: round(meta.elapsedMs / 1000, 1), unit: `s${reused ? ' (cached data set)' : ''}` });
    return { name: benchName, figures, goals, details: { settings, database: pgData ? 'postgres' : 'sqlite', dataDir: dir, generatedAt: meta.generatedAt, generator: meta.output, probes: details } };
  } finally {
    client.close();
    await postdesk?.stop();
    await pgData?.cluster.stop();
  }
}
