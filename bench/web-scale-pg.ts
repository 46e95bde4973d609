/**
 * Scale-out on PostgreSQL (issue 7, "Done means"): case creations through HTTP with one web
 * process, then with two, on one PostgreSQL database, each as `npm start` runs it
 * (`node --import tsx src/main.ts`). A third process has the worker role and sends the
 * confirmations to a real SMTP sink in this process. Goal: two web processes create at least
 * 1.6 times as many cases per second as one.
 *
 *   web-scale-pg.one-process   cases/s, 32 connections to one web process
 *   web-scale-pg.two-processes cases/s, 16 connections to each of two web processes
 *   web-scale-pg.ratio         two / one
 *
 * Every process, the database server and the load generator share this machine's cores, so the
 * ratio says how far the web tier scales until something else (cores, the database) is the limit;
 * the CPU each process used is in the details. Knobs: BENCH_CONNECTIONS (32), BENCH_WARMUP_S (2),
 * BENCH_DURATION_S (10), BENCH_PG_URL (use a server of your own).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCaseBodies } from './support/case-bodies.js';
import { intEnv } from './support/env.js';
import { runLoad, type LoadResult } from './support/load.js';
import { withPostgresClient } from './support/postgres.js';
import { startPostdeskHttp } from './cases-http.js';
import { freePort, type ChildServer } from './support/processes.js';
import type { BenchmarkReport, Figure, GoalCheck } from './support/report.js';
import { startPostdeskChild, type SmtpChild } from './support/smtp-children.js';
import { startTimingSink, type TimingSink } from './support/smtp-sink.js';

const GOAL_RATIO = 1.6;
const PATH = '/api/v1/cases';

const settings = {
  connections: intEnv('BENCH_CONNECTIONS', 32),
  warmupS: intEnv('BENCH_WARMUP_S', 2),
  durationS: intEnv('BENCH_DURATION_S', 10),
};

function log(line: string): void {
  process.stderr.write(`  · ${line}\n`);
}

const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : Number.NaN);

/** Full-speed load spread over `servers`, an equal share of the connections each; cases/s over all. */
async function loadAll(servers: ChildServer[], bodies: string[], durationS: number): Promise<{ perSecond: number; results: LoadResult[] }> {
  const connections = Math.max(1, Math.floor(settings.connections / servers.length));
  const results = await Promise.all(servers.map((server) => runLoad({ url: server.url, path: PATH, bodies, connections, durationS })));
  const created = results.reduce((sum, r) => sum + r.created, 0);
  const seconds = Math.max(...results.map((r) => r.durationS));
  return { perSecond: created / seconds, results };
}

const failures = (results: LoadResult[]) => results.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0);

async function countCases(databaseUrl: string): Promise<{ cases: number; numbers: number }> {
  return withPostgresClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ cases: string; numbers: string }>('select count(*) as cases, count(distinct number) as numbers from cases');
    return { cases: Number(rows[0]?.cases ?? 0), numbers: Number(rows[0]?.numbers ?? 0) };
  });
}

/** `postgres`: a fresh, empty database (bench/run.ts makes one on the run's server). */
export async function webScaleBenchmark(postgres: { url: string; description: string }): Promise<BenchmarkReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-bench-scale-'));
  const bodies = makeCaseBodies(4_096);
  const databaseUrl = postgres.url;
  let sink: TimingSink | undefined;
  const webs: ChildServer[] = [];
  let worker: SmtpChild | undefined;
  try {
    sink = await startTimingSink();
    log(`PostgreSQL: ${postgres.description}; starting one web process and one worker`);
    // The first process migrates the database; the others find it up to date.
    webs.push(await startPostdeskHttp({ name: 'postdesk-web-1', databaseUrl, dataDir, sink, roles: 'web' }));
    worker = await startPostdeskChild({
      dataDir, smtpPort: await freePort(), relayUrl: sink.url, roles: 'worker,smtp', name: 'postdesk-worker', env: { POSTDESK_DATABASE_URL: databaseUrl },
    });

    log(`one web process: ${settings.warmupS} s warm-up, ${settings.durationS} s at full speed`);
    await loadAll(webs, bodies, settings.warmupS);
    const cpu = () => [...webs.map((w) => w.cpuMs() ?? Number.NaN)];
    const oneCpuBefore = cpu();
    const one = await loadAll(webs, bodies, settings.durationS);
    const oneCpu = cpu().map((after, i) => after - (oneCpuBefore[i] ?? Number.NaN));

    webs.push(await startPostdeskHttp({ name: 'postdesk-web-2', databaseUrl, dataDir, sink, roles: 'web' }));
    log(`two web processes: ${settings.warmupS} s warm-up, ${settings.durationS} s at full speed`);
    await loadAll(webs, bodies, settings.warmupS);
    const twoCpuBefore = cpu();
    const two = await loadAll(webs, bodies, settings.durationS);
    const twoCpu = cpu().map((after, i) => after - (twoCpuBefore[i] ?? Number.NaN));

    const counted = await countCases(databaseUrl);
    const ratio = two.perSecond / one.perSecond;
    const figures: Figure[] = [
      { name: 'web-scale-pg.one-process', value: round(one.perSecond, 0), unit: 'cases/s' },
      { name: 'web-scale-pg.two-processes', value: round(two.perSecond, 0), unit: 'cases/s' },
      { name: 'web-scale-pg.ratio', value: round(ratio, 2), unit: 'x one process' },
      { name: 'web-scale-pg.non-2xx', value: failures(one.results) + failures(two.results), unit: 'responses' },
    ];
    const goals: GoalCheck[] = [
      { goal: `two web processes >= ${GOAL_RATIO}x one`, pass: ratio >= GOAL_RATIO && failures(two.results) === 0 },
    ];
    return {
      name: 'web-scale-pg',
      figures,
      goals,
      details: {
        settings,
        postgres: postgres.description,
        cores: os.cpus().length,
        webCpuMs: { oneProcess: oneCpu.map((v) => round(v, 0)), twoProcesses: twoCpu.map((v) => round(v, 0)) },
        cases: { rows: counted.cases, distinctNumbers: counted.numbers },
        statuses: { one: one.results.map((r) => r.statuses), two: two.results.map((r) => r.statuses) },
        loadAverage: os.loadavg(),
      },
    };
  } finally {
    await Promise.all([...webs.map((w) => w.stop()), worker?.stop(30_000)]);
    await sink?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
