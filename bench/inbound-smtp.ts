/**
 * Inbound email throughput (issue 3 "Done means"): N messages over 8 persistent SMTP sessions to
 * Postdesk (a child process as `npm start` runs it: worker and smtp roles, a fresh SQLite data dir,
 * confirmations relayed to a discarding SMTP server), until all are processed into cases; and the
 * same client against a bare smtp-server that discards, in the same run, as the baseline.
 *
 *   inbound-smtp.accepted   250s per second while the client delivers
 *   inbound-smtp.processed  messages per second from the first MAIL FROM until every message is
 *                           processed (inbound_messages.status processed/ignored, read from the
 *                           SQLite file read-only)
 *   baseline-smtp-discard   the bare server's 250s per second
 *
 * The client is a Node raw-socket client pipelining MAIL/RCPT/DATA (bench/support/smtp-client.ts)
 * sending distinct text+HTML customer emails; BENCH_SMTP_CLIENT=smtp-source uses Postfix's
 * smtp-source instead (`-d -s 8`, one sender, generated bodies) when it is installed.
 * Knobs: BENCH_INBOUND_MESSAGES (5000), BENCH_INBOUND_SESSIONS (8), BENCH_INBOUND_WARMUP (300),
 * BENCH_CPU_PROF=1 (CPU profile of the Postdesk child into bench/results/profiles/),
 * BENCH_POSTDESK_DIR (another checkout to run, for A/B comparisons), BENCH_CHILD_NODE_ARGS (more
 * node flags for the Postdesk child).
 *
 * Run alone: node --import tsx bench/inbound-smtp.ts
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { makeInboundMails, type InboundMail } from './support/inbound-mail.js';
import { deliverMessages } from './support/smtp-client.js';
import { freePort, REPO_ROOT, startDiscardServer, startPostdeskChild, type SmtpChild } from './support/smtp-children.js';
import { formatFigure, formatGoal, type BenchmarkReport, type Figure, type GoalCheck } from './support/report.js';
import { intEnv } from './support/env.js';

const DOMAIN = 'postdesk.test';
const GOAL_PROCESSED_PER_S = 1_000;


const settings = {
  messages: intEnv('BENCH_INBOUND_MESSAGES', 5_000),
  sessions: intEnv('BENCH_INBOUND_SESSIONS', 8),
  warmup: intEnv('BENCH_INBOUND_WARMUP', 300),
  client: process.env.BENCH_SMTP_CLIENT === 'smtp-source' ? 'smtp-source' as const : 'node' as const,
  cpuProfile: process.env.BENCH_CPU_PROF === '1',
  postdeskDir: path.resolve(process.env.BENCH_POSTDESK_DIR ?? REPO_ROOT),
  processTimeoutS: intEnv('BENCH_INBOUND_TIMEOUT_S', 900),
  /** Extra node flags for the Postdesk child (space-separated), e.g. an --import of an instrumentation hook. */
  childNodeArgs: (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean),
};

function log(line: string): void {
  process.stderr.write(`  · ${line}\n`);
}

const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : Number.NaN);

/** CPU seconds (user + system) a process has used so far, from /proc; NaN where there is none. */
function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100;
  } catch {
    return Number.NaN;
  }
}

/** Counts rows in Postdesk's database while it runs: the SQLite file read-only, or a PostgreSQL connection. */
type RowCounter = { count(query: string): Promise<number>; close(): Promise<void> };

function sqliteCounter(file: string): RowCounter {
  const reader = new SQLite(file, { readonly: true, fileMustExist: true });
  const statements = new Map<string, SQLite.Statement>();
  return {
    async count(query) {
      let statement = statements.get(query);
      if (!statement) statements.set(query, (statement = reader.prepare(query)));
      return Number((statement.get() as { n: number }).n);
    },
    async close() {
      reader.close();
    },
  };
}

async function postgresCounter(url: string): Promise<RowCounter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async count(query) {
      const result = await client.query<{ n: string }>(query);
      return Number(result.rows[0]?.n ?? 0);
    },
    close: () => client.end(),
  };
}

export type InboundBenchOptions = {
  /** A PostgreSQL database for Postdesk (figures named `inbound-smtp-pg.*`); default its SQLite file. */
  postgres?: { url: string; description: string };
};

type Delivery = { accepted: number; refused: Record<string, number>; elapsedMs: number };

/** One delivery of `mails` (or `count` smtp-source messages) over the configured sessions. */
async function deliver(port: number, mails: InboundMail[], label: string): Promise<Delivery> {
  if (settings.client === 'smtp-source') {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      execFile('smtp-source', [
        '-d', '-s', String(settings.sessions), '-m', String(mails.length), '-f', `bench.${label}@example.org`,
        '-t', `support@${DOMAIN}`, '-S', 'Where is my parcel?', '-l', '2000', `127.0.0.1:${port}`,
      ], (error, _stdout, stderr) => (error ? reject(new Error(`smtp-source failed: ${stderr || error.message}`)) : resolve()));
    });
    // smtp-source stops at the first reply that is not positive, so finishing means all were 250.
    return { accepted: mails.length, refused: {}, elapsedMs: performance.now() - started };
  }
  const result = await deliverMessages({ host: '127.0.0.1', port, sessions: settings.sessions, count: mails.length, message: (i) => mails[i]! });
  return { accepted: result.accepted, refused: result.refused, elapsedMs: result.elapsedMs };
}

export async function runInboundBench(options: InboundBenchOptions = {}): Promise<BenchmarkReport> {
  const benchName = options.postgres ? 'inbound-smtp-pg' : 'inbound-smtp';
  // SQLite's figures keep their historical names; PostgreSQL's carry the benchmark's name throughout.
  const named = (figure: string) => (options.postgres ? `${benchName}.${figure.replace(/^inbound-smtp\./, '')}` : figure);
  if (settings.client === 'smtp-source') {
    try {
      execFileSync('which', ['smtp-source'], { stdio: 'ignore' });
    } catch {
      throw new Error('BENCH_SMTP_CLIENT=smtp-source but smtp-source is not installed (Debian package postfix, see STACK.md)');
    }
  }
  const runId = Date.now().toString(36);
  const warmupMails = makeInboundMails(settings.warmup, { runId: `${runId}w`, domain: DOMAIN, seed: 1 });
  const mails = makeInboundMails(settings.messages, { runId, domain: DOMAIN, seed: 2 });
  const meanBytes = mails.reduce((sum, m) => sum + m.data.length, 0) / mails.length;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-bench-inbound-'));
  let baseline: SmtpChild | undefined;
  let relay: SmtpChild | undefined;
  let postdesk: SmtpChild | undefined;
  let reader: RowCounter | undefined;
  try {
    // 1. Baseline: a bare smtp-server that discards, same client, same messages.
    log(`baseline: bare smtp-server, ${settings.warmup} warm-up + ${settings.messages} messages over ${settings.sessions} sessions (${settings.client} client, ${Math.round(meanBytes)} bytes each)`);
    baseline = await startDiscardServer(await freePort(), 'baseline-smtp-discard');
    await deliver(baseline.port, warmupMails, 'baseline-warmup');
    const baselineCpuBefore = cpuSeconds(baseline.pid);
    const base = await deliver(baseline.port, mails, 'baseline');
    const baselineCpu = cpuSeconds(baseline.pid) - baselineCpuBefore;
    await baseline.stop();
    baseline = undefined;

    // 2. Postdesk, with a discarding relay for the confirmations.
    relay = await startDiscardServer(await freePort(), 'relay-discard');
    const profileDir = path.join(REPO_ROOT, 'bench/results/profiles');
    if (settings.cpuProfile) fs.mkdirSync(profileDir, { recursive: true });
    postdesk = await startPostdeskChild({
      dataDir,
      smtpPort: await freePort(),
      relayUrl: `smtp://127.0.0.1:${relay.port}`,
      roles: 'worker,smtp',
      ...(options.postgres ? { env: { POSTDESK_DATABASE_URL: options.postgres.url } } : {}),
      cwd: settings.postdeskDir,
      nodeArgs: [...(settings.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...settings.childNodeArgs],
    });
    reader = options.postgres ? await postgresCounter(options.postgres.url) : sqliteCounter(path.join(dataDir, 'postdesk.sqlite'));
    const counter = reader;
    const done = "SELECT count(*) AS n FROM inbound_messages WHERE status IN ('processed','ignored')";
    const failed = "SELECT count(*) AS n FROM inbound_messages WHERE status = 'failed'";
    const sent = "SELECT count(*) AS n FROM outbound_mail WHERE status = 'sent'";
    const count = (query: string) => counter.count(query);
    const waitFor = async (target: number, what: string) => {
      const deadline = performance.now() + settings.processTimeoutS * 1000;
      while ((await count(done)) < target) {
        if (performance.now() > deadline) throw new Error(`${what}: only ${await count(done)} of ${target} processed within ${settings.processTimeoutS} s (${await count(failed)} failed)\n${postdesk?.output() ?? ''}`);
        await delay(10);
      }
      return performance.now();
    };

    log(`postdesk: warm-up with ${settings.warmup} messages`);
    const warm = await deliver(postdesk.port, warmupMails, 'postdesk-warmup');
    if (warm.accepted !== warmupMails.length) throw new Error(`postdesk refused warm-up messages: ${JSON.stringify(warm.refused)}`);
    await waitFor(settings.warmup, 'warm-up');
    // Let the warm-up's confirmations go out before the measured run starts.
    const warmDeadline = performance.now() + 60_000;
    while ((await count(sent)) < settings.warmup && performance.now() < warmDeadline) await delay(20);

    log(`postdesk: ${settings.messages} messages`);
    const cpuBefore = cpuSeconds(postdesk.pid);
    const started = performance.now();
    const processing = waitFor(settings.warmup + settings.messages, 'run');
    const run = await deliver(postdesk.port, mails, 'postdesk');
    const acceptedAt = performance.now();
    const processedDoneAt = await processing;
    const cpuAfterProcessing = cpuSeconds(postdesk.pid);
    // Confirmations trail the processing; wait for them too (figures only, not the goal).
    const confirmDeadline = performance.now() + 120_000;
    while ((await count(sent)) < settings.warmup + settings.messages && performance.now() < confirmDeadline) await delay(20);
    const confirmationsDoneAt = performance.now();
    const confirmationsSent = (await count(sent)) - settings.warmup;
    const failedCount = await count(failed);

    const acceptedPerS = run.accepted / ((acceptedAt - started) / 1000);
    const processedPerS = settings.messages / ((processedDoneAt - started) / 1000);
    const baselinePerS = base.accepted / (base.elapsedMs / 1000);
    const postdeskCpu = cpuAfterProcessing - cpuBefore;
    const figures: Figure[] = [
      { name: named('inbound-smtp.accepted'), value: round(acceptedPerS, 0), unit: 'msg/s' },
      { name: named('inbound-smtp.processed'), value: round(processedPerS, 0), unit: 'msg/s' },
      { name: named('baseline-smtp-discard'), value: round(baselinePerS, 0), unit: 'msg/s' },
      { name: named('inbound-smtp.ratio'), value: round(processedPerS / baselinePerS, 3), unit: 'x baseline' },
      { name: named('inbound-smtp.accepted.ratio'), value: round(acceptedPerS / baselinePerS, 3), unit: 'x baseline' },
      { name: named('inbound-smtp.confirmed'), value: round(confirmationsSent / ((confirmationsDoneAt - started) / 1000), 0), unit: 'msg/s' },
      { name: named('inbound-smtp.cpu-per-message'), value: round((postdeskCpu * 1000) / settings.messages, 2), unit: 'ms' },
      { name: named('baseline-smtp-discard.cpu-per-message'), value: round((baselineCpu * 1000) / base.accepted, 3), unit: 'ms' },
      { name: named('inbound-smtp.refused'), value: settings.messages - run.accepted, unit: 'messages' },
      { name: named('inbound-smtp.failed'), value: failedCount, unit: 'messages' },
    ];
    const goals: GoalCheck[] = [
      { goal: `processed >= ${GOAL_PROCESSED_PER_S} msg/s`, pass: processedPerS >= GOAL_PROCESSED_PER_S && run.accepted === settings.messages && failedCount === 0 },
    ];
    return {
      name: benchName,
      figures,
      goals,
      details: {
        settings,
        database: options.postgres ? `postgres (${options.postgres.description})` : 'sqlite',
        meanMessageBytes: Math.round(meanBytes),
        baseline: { ...base, cpuSeconds: round(baselineCpu, 2) },
        postdesk: {
          delivery: run,
          acceptedMs: Math.round(acceptedAt - started),
          processedMs: Math.round(processedDoneAt - started),
          confirmationsSent,
          confirmationsMs: Math.round(confirmationsDoneAt - started),
          cpuSeconds: round(postdeskCpu, 2),
        },
        loadAverage: os.loadavg(),
      },
    };
  } finally {
    await reader?.close();
    // SIGTERM lets Postdesk shut down cleanly, which also writes its CPU profile.
    await Promise.all([postdesk?.stop(30_000), relay?.stop(), baseline?.stop()]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly) {
  runInboundBench().then(
    (report) => {
      process.stdout.write(`${report.figures.map(formatFigure).join('\n')}\n${report.goals.map(formatGoal).join('\n')}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`inbound bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
