/**
 * Case creations through HTTP, against a Fastify hello-world baseline started in the same run
 * (issue 2, "Done means"). Postdesk runs as `npm start` would run it — a separate process with
 * every role, a fresh SQLite data dir, and a real SMTP relay (a sink in this process) — with
 * rate limits off.
 *
 *  1. throughput: N connections as fast as the server answers; only 201s count.
 *  2. latency at a fixed 500 requests/s: p50/p99.
 *  3. confirmation latency: for each case created in 2, the 201 → arrival at the relay.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { makeCaseBodies } from './support/case-bodies.js';
import { quantile, runLoad, type LoadOptions, type LoadResult } from './support/load.js';
import { freePort, startChildServer, type ChildServer } from './support/processes.js';
import { startTimingSink, type TimingSink } from './support/smtp-sink.js';
import type { BenchmarkReport, Figure, GoalCheck } from './support/report.js';
import { intEnv } from './support/env.js';
import { cleanEnv } from './support/smtp-children.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The Postdesk checkout to benchmark; BENCH_POSTDESK_DIR points at another copy for A/B comparisons. */
const POSTDESK_DIR = path.resolve(process.env.BENCH_POSTDESK_DIR ?? ROOT);

/** Knobs, overridable from the environment for exploring (defaults keep a run near a minute). */
const settings = {
  connections: intEnv('BENCH_CONNECTIONS', 32),
  warmupS: intEnv('BENCH_WARMUP_S', 2),
  durationS: intEnv('BENCH_DURATION_S', 10),
  rate: intEnv('BENCH_RATE', 500),
  /** Bursts per second for the fixed-rate phase (see LoadOptions.stagger); 1 = autocannon's plain overallRate. */
  stagger: intEnv('BENCH_STAGGER', 10),
  confirmationWaitS: intEnv('BENCH_CONFIRMATION_WAIT_S', 30),
  /** BENCH_CPU_PROF=1 writes a CPU profile of the Postdesk process to bench/results/profiles/. */
  cpuProfile: process.env.BENCH_CPU_PROF === '1',
};

const GOALS = { casesPerSecond: 2_000, p99AtRateMs: 25, confirmationP95Ms: 1_000 };
const PATH = '/api/v1/cases';


export type PostdeskHttpOptions = {
  sink: TimingSink;
  dataDir: string;
  /** PostgreSQL; default the SQLite file in the data dir. */
  databaseUrl?: string | undefined;
  /** POSTDESK_ROLES; default every role. */
  roles?: string;
  name?: string;
};

/** Postdesk as `npm start` runs it, HTTP on a free port, confirmations relayed to `sink`, rate limits off. */
export async function startPostdeskHttp(options: PostdeskHttpOptions): Promise<ChildServer> {
  const port = await freePort();
  const profileArgs = settings.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'bench/results/profiles')}`] : [];
  return startChildServer({
    name: options.name ?? 'postdesk',
    args: [...profileArgs, '--import', 'tsx', 'src/main.ts'],
    cwd: POSTDESK_DIR,
    env: cleanEnv({
      POSTDESK_DATA_DIR: options.dataDir,
      ...(options.databaseUrl ? { POSTDESK_DATABASE_URL: options.databaseUrl } : {}),
      ...(options.roles ? { POSTDESK_ROLES: options.roles } : {}),
      POSTDESK_HTTP_HOST: '127.0.0.1',
      POSTDESK_HTTP_PORT: String(port),
      POSTDESK_SMTP_PORT: '0',
      POSTDESK_SMTP_RELAY_URL: options.sink.url,
      POSTDESK_RATE_LIMITS: 'off',
      POSTDESK_LOG_LEVEL: 'warn',
      POSTDESK_ADMIN_EMAIL: 'bench-admin@example.com',
      POSTDESK_ADMIN_PASSWORD: 'bench-admin-password',
    }),
    url: `http://127.0.0.1:${port}`,
    timeoutMs: 60_000,
  });
}

async function startBaseline(): Promise<ChildServer> {
  const port = await freePort();
  return startChildServer({
    name: 'baseline-hello',
    args: ['--import', 'tsx', 'bench/baseline-hello.ts'],
    cwd: ROOT,
    env: cleanEnv({ BENCH_PORT: String(port) }),
    url: `http://127.0.0.1:${port}`,
  });
}

/** Resolves once every case number has a message at the sink, or after `timeoutMs`. */
async function waitForArrivals(sink: TimingSink, caseNumbers: string[], timeoutMs: number): Promise<void> {
  const started = performance.now();
  let pending = caseNumbers;
  while (pending.length > 0 && performance.now() - started < timeoutMs) {
    await delay(50);
    pending = pending.filter((n) => !sink.arrivals.has(n));
  }
}

/** CPU ms between two readings; NaN where the platform has no /proc. */
function cpuDelta(before: number | null, after: number | null): number {
  return before === null || after === null ? Number.NaN : after - before;
}

function log(line: string): void {
  process.stderr.write(`  · ${line}\n`);
}

const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : Number.NaN);

function summarize(result: LoadResult) {
  return {
    durationS: result.durationS,
    statuses: result.statuses,
    created: result.created,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    completed: result.latenciesMs.length,
    latencyMs: {
      p50: round(quantile(result.latenciesMs, 0.5), 2),
      p90: round(quantile(result.latenciesMs, 0.9), 2),
      p99: round(quantile(result.latenciesMs, 0.99), 2),
      max: round(quantile(result.latenciesMs, 1), 2),
    },
    autocannonLatencyMs: result.autocannon,
  };
}

export type CasesHttpOptions = {
  /** A PostgreSQL database for Postdesk (figures named `cases-http-pg.*`); default its SQLite file. */
  postgres?: { url: string; description: string };
};

export async function casesHttpBenchmark(options: CasesHttpOptions = {}): Promise<BenchmarkReport> {
  const benchName = options.postgres ? 'cases-http-pg' : 'cases-http';
  // SQLite's figures keep their historical names; PostgreSQL's carry the benchmark's name throughout.
  const named = (figure: string) => (options.postgres ? `${benchName}.${figure.replace(/^cases-http\./, '')}` : figure);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-bench-'));
  const bodies = makeCaseBodies(4_096);
  const sink = await startTimingSink();
  let postdesk: ChildServer | undefined;
  let baseline: ChildServer | undefined;
  try {
    log(`starting Postdesk (data dir ${dataDir}${options.postgres ? `, PostgreSQL: ${options.postgres.description}` : ', SQLite'}) and the hello-world baseline`);
    const started = await Promise.allSettled([startPostdeskHttp({ sink, dataDir, databaseUrl: options.postgres?.url }), startBaseline()]);
    postdesk = started[0].status === 'fulfilled' ? started[0].value : undefined;
    baseline = started[1].status === 'fulfilled' ? started[1].value : undefined;
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    if (!postdesk || !baseline) throw new Error('unreachable: both servers started');
    const common = { path: PATH, bodies, connections: settings.connections };
    const fullSpeed = (url: string, durationS: number, extra: Partial<LoadOptions> = {}) => runLoad({ ...common, url, durationS, ...extra });
    const atRate = (url: string, durationS: number, extra: Partial<LoadOptions> = {}) =>
      runLoad({ ...common, url, durationS, overallRate: settings.rate, stagger: settings.stagger, ...extra });

    // Baseline: warm-up, throughput, fixed rate.
    log(`baseline: ${settings.warmupS} s warm-up, ${settings.durationS} s at full speed, ${settings.durationS} s at ${settings.rate} req/s`);
    await fullSpeed(baseline.url, settings.warmupS);
    const baseCpuBefore = baseline.cpuMs();
    const baseThroughput = await fullSpeed(baseline.url, settings.durationS);
    const baseCpu = cpuDelta(baseCpuBefore, baseline.cpuMs());
    const baseRate = await atRate(baseline.url, settings.durationS);
    await baseline.stop();

    // Postdesk, fixed rate first so that its confirmations are not queued behind a throughput backlog.
    log(`postdesk: ${settings.warmupS} s warm-up and ${settings.durationS} s at ${settings.rate} req/s`);
    const warmupCases = new Set<string>();
    await atRate(postdesk.url, settings.warmupS, { onCreated: (body) => void (body.caseNumber && warmupCases.add(body.caseNumber)) });
    // The measured phase starts without a mail backlog, so its CPU and confirmation figures are its own.
    await waitForArrivals(sink, [...warmupCases], 15_000);
    const responded = new Map<string, number>();
    const rateCpuBefore = postdesk.cpuMs();
    const rateMainCpuBefore = postdesk.mainThreadCpuMs();
    const rate = await atRate(postdesk.url, settings.durationS, {
      onCreated: (body, at) => {
        if (body.caseNumber) responded.set(body.caseNumber, at);
      },
    });

    log(`waiting up to ${settings.confirmationWaitS} s for ${responded.size} confirmations`);
    await waitForArrivals(sink, [...responded.keys()], settings.confirmationWaitS * 1000);
    // CPU of the whole life of these cases — request, transaction, rendering, sending — however busy the machine is.
    const rateCpu = cpuDelta(rateCpuBefore, postdesk.cpuMs());
    const rateMainCpu = cpuDelta(rateMainCpuBefore, postdesk.mainThreadCpuMs());
    const confirmationMs: number[] = [];
    for (const [caseNumber, respondedAt] of responded) {
      const arrivedAt = sink.arrivals.get(caseNumber);
      if (arrivedAt !== undefined) confirmationMs.push(arrivedAt - respondedAt);
    }

    log(`postdesk: ${settings.warmupS} s warm-up and ${settings.durationS} s at full speed`);
    await fullSpeed(postdesk.url, settings.warmupS);
    const mailsBefore = sink.arrivalTimes.length;
    const throughputStarted = performance.now();
    const throughputCpuBefore = postdesk.cpuMs();
    const throughput = await fullSpeed(postdesk.url, settings.durationS);
    const throughputCpu = cpuDelta(throughputCpuBefore, postdesk.cpuMs());
    const mailsDuring = sink.arrivalTimes.length - mailsBefore;
    const mailWindowS = (performance.now() - throughputStarted) / 1000;

    const casesPerSecond = throughput.created / throughput.durationS;
    const helloPerSecond = (baseThroughput.statuses['201'] ?? 0) / baseThroughput.durationS;
    const p = (values: ArrayLike<number>, q: number) => round(quantile(values, q), 2);
    const confirmationP95 = p(confirmationMs, 0.95);
    const rateP99 = p(rate.latenciesMs, 0.99);
    const ratePerSecond = rate.latenciesMs.length / rate.durationS;
    const baseRatePerSecond = baseRate.latenciesMs.length / baseRate.durationS;

    const figures: Figure[] = [
      { name: named('cases-http.throughput'), value: round(casesPerSecond, 0), unit: 'cases/s' },
      { name: named('baseline-hello.throughput'), value: round(helloPerSecond, 0), unit: 'req/s' },
      { name: named('cases-http.ratio'), value: round(casesPerSecond / helloPerSecond, 3), unit: 'x baseline' },
      { name: named('cases-http.throughput.non-2xx'), value: throughput.non2xx + throughput.errors + throughput.timeouts, unit: 'responses' },
      { name: named('baseline-hello.throughput.non-2xx'), value: baseThroughput.non2xx + baseThroughput.errors + baseThroughput.timeouts, unit: 'responses' },
      { name: named('cases-http.throughput.p99'), value: p(throughput.latenciesMs, 0.99), unit: 'ms' },
      { name: named('cases-http.fixed-rate.achieved'), value: round(ratePerSecond, 0), unit: 'req/s' },
      { name: named('cases-http.fixed-rate.p50'), value: p(rate.latenciesMs, 0.5), unit: 'ms' },
      { name: named('cases-http.fixed-rate.p99'), value: rateP99, unit: 'ms' },
      { name: named('cases-http.fixed-rate.non-2xx'), value: rate.non2xx + rate.errors + rate.timeouts, unit: 'responses' },
      { name: named('baseline-hello.fixed-rate.achieved'), value: round(baseRatePerSecond, 0), unit: 'req/s' },
      { name: named('baseline-hello.fixed-rate.p50'), value: p(baseRate.latenciesMs, 0.5), unit: 'ms' },
      { name: named('baseline-hello.fixed-rate.p99'), value: p(baseRate.latenciesMs, 0.99), unit: 'ms' },
      { name: named('cases-http.fixed-rate.p99.ratio'), value: round(rateP99 / quantile(baseRate.latenciesMs, 0.99), 2), unit: 'x baseline' },
      { name: named('confirmation.p50'), value: p(confirmationMs, 0.5), unit: 'ms' },
      { name: named('confirmation.p95'), value: confirmationP95, unit: 'ms' },
      { name: named('confirmation.max'), value: p(confirmationMs, 1), unit: 'ms' },
      { name: named('confirmation.arrived'), value: confirmationMs.length, unit: `of ${responded.size}` },
      { name: named('confirmation.sent-during-throughput'), value: round(mailsDuring / mailWindowS, 0), unit: 'mails/s' },
      { name: named('cases-http.cpu-per-case'), value: round(rateCpu / responded.size, 3), unit: 'ms (request to confirmation sent)' },
      { name: named('cases-http.cpu-per-case.main-thread'), value: round(rateMainCpu / responded.size, 3), unit: 'ms (the thread answering HTTP)' },
      { name: named('baseline-hello.cpu-per-request'), value: round(baseCpu / baseThroughput.latenciesMs.length, 3), unit: 'ms' },
    ];
    const goals: GoalCheck[] = [
      { goal: `cases/s >= ${GOALS.casesPerSecond}`, pass: casesPerSecond >= GOALS.casesPerSecond && throughput.non2xx === 0 },
      { goal: `p99 at ${settings.rate} req/s < ${GOALS.p99AtRateMs} ms`, pass: rateP99 < GOALS.p99AtRateMs && ratePerSecond >= settings.rate * 0.95 },
      {
        goal: `confirmation p95 <= ${GOALS.confirmationP95Ms} ms`,
        pass: confirmationMs.length === responded.size && responded.size > 0 && confirmationP95 <= GOALS.confirmationP95Ms,
      },
    ];
    return {
      name: benchName,
      figures,
      goals,
      details: {
        settings,
        database: options.postgres ? `postgres (${options.postgres.description})` : 'sqlite',
        postdeskDir: POSTDESK_DIR,
        postdesk: {
          throughput: { ...summarize(throughput), cpuMs: throughputCpu, cpuPerCaseMs: round(throughputCpu / throughput.created, 3) },
          fixedRate: { ...summarize(rate), cpuMsIncludingConfirmations: rateCpu, mainThreadCpuMs: rateMainCpu },
        },
        baseline: { throughput: { ...summarize(baseThroughput), cpuMs: baseCpu }, fixedRate: summarize(baseRate) },
        confirmation: { responded: responded.size, arrived: confirmationMs.length, unlabelledMails: sink.unlabelled },
      },
    };
  } finally {
    await Promise.all([postdesk?.stop(), baseline?.stop()]);
    await sink.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
