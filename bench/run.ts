/**
 * `npm run bench`: runs every benchmark in sequence, prints `name: value unit` lines (CONTRACT.md)
 * and one goal line per goal, and writes the figures as JSON to bench/results/. Exits 0 when a
 * goal is missed — benchmarks report, they do not gate — and non-zero when a benchmark cannot run.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { casesHttpBenchmark } from './cases-http.js';
import { formatFigure, formatGoal, type BenchmarkReport } from './support/report.js';
import { postgresAvailable, startBenchPostgres, type BenchPostgres } from './support/postgres.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'bench/results');

const BENCHMARKS: Array<{ name: string; run: () => Promise<BenchmarkReport> }> = [
  { name: 'cases-http', run: casesHttpBenchmark },
  { name: 'inbound-smtp', run: async () => (await import('./inbound-smtp.js')).runInboundBench() },
  { name: 'library-floor', run: async () => (await import('./library-floor.js')).libraryFloorBenchmark() },
  { name: 'triage', run: async () => (await import('./triage.js')).triageBenchmark() },
  { name: 'console-queries', run: async () => (await import('./console-queries.js')).consoleQueriesBenchmark() },
  // The same measurements on PostgreSQL, each on a fresh database of one durable throw-away cluster.
  { name: 'cases-http-pg', run: () => onPostgres('cases-http', (postgres) => casesHttpBenchmark({ postgres })) },
  { name: 'inbound-smtp-pg', run: () => onPostgres('inbound', async (postgres) => (await import('./inbound-smtp.js')).runInboundBench({ postgres })) },
  { name: 'console-queries-pg', run: async () => onPostgresGoals(await (await import('./console-queries.js')).consoleQueriesBenchmark({ postgres: true })) },
  { name: 'web-scale-pg', run: () => onPostgres('scale', async (postgres) => (await import('./web-scale-pg.js')).webScaleBenchmark(postgres)) },
];

let sharedPostgres: BenchPostgres | undefined;

/** Runs a benchmark against a fresh database on the run's PostgreSQL server (started on first use). */
async function onPostgres(label: string, run: (postgres: { url: string; description: string }) => Promise<BenchmarkReport>): Promise<BenchmarkReport> {
  if (!postgresAvailable()) throw new Error('PostgreSQL benchmarks need Debian\'s postgresql (initdb, pg_ctl) or BENCH_PG_URL');
  sharedPostgres ??= await startBenchPostgres();
  const url = await sharedPostgres.createDatabase(label);
  return onPostgresGoals(await run({ url, description: sharedPostgres.description }));
}

/** Goal lines say which database they were measured on, beside SQLite's lines of the same goals. */
function onPostgresGoals(report: BenchmarkReport): BenchmarkReport {
  return { ...report, goals: report.goals.map((check) => ({ ...check, goal: `[PostgreSQL] ${check.goal}` })) };
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const selected = only.length > 0 ? BENCHMARKS.filter((b) => only.includes(b.name)) : BENCHMARKS;
  if (selected.length === 0) throw new Error(`No benchmark named ${only.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);

  const startedAt = new Date();
  // Other work on the machine skews every figure; the load averages say how much there was.
  const loadBefore = os.loadavg().map((l) => Number(l.toFixed(2)));
  const cores = os.cpus().length;
  if ((loadBefore[0] ?? 0) > cores * 0.5) {
    process.stderr.write(`bench: load average ${loadBefore.join(' ')} on ${cores} cores — other work is running; throughput and latency will be low and noisy (cpu-per-case much less so)\n`);
  }
  const reports: BenchmarkReport[] = [];
  for (const benchmark of selected) {
    process.stderr.write(`bench: ${benchmark.name}\n`);
    const started = Date.now();
    const report = await benchmark.run();
    reports.push(report);
    process.stdout.write(`${report.figures.map(formatFigure).join('\n')}\n`);
    process.stdout.write(`${report.goals.map(formatGoal).join('\n')}\n`);
    process.stderr.write(`bench: ${benchmark.name} took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }

  await sharedPostgres?.stop();
  fs.mkdirSync(RESULTS, { recursive: true });
  const record = {
    startedAt: startedAt.toISOString(),
    commit: gitCommit(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, memoryGb: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}` },
    node: process.version,
    loadAverage: { before: loadBefore, after: os.loadavg().map((l) => Number(l.toFixed(2))) },
    benchmarks: reports,
  };
  const file = path.join(RESULTS, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const json = `${JSON.stringify(record, null, 2)}\n`;
  fs.writeFileSync(file, json);
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), json);
  process.stderr.write(`bench: results written to ${path.relative(ROOT, file)}\n`);
}

main().then(
  // Child servers are stopped by now; exit explicitly in case a library keeps a handle open.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
