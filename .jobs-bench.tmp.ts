import { pino } from 'pino';
import { Type } from 'typebox';
import { createTestDatabase } from './test/test-db.js';
import { systemClock } from './src/kernel/clock.js';
import { createLocalEventBus } from './src/kernel/events.js';
import { defineJob } from './src/jobs/define-job.js';
import { createJobQueue, enqueueJob } from './src/jobs/queue.js';
import { createJobRegistry } from './src/jobs/registry.js';
import { createJobRunner } from './src/jobs/runner.js';

const n = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 4);
const sameTime = process.argv[4] === 'same';
const t = await createTestDatabase();
const queue = createJobQueue({ db: t.db, clock: systemClock });
const noop = defineJob({ type: 'bench.do-nothing', payload: Type.Object({ i: Type.Integer() }), handle: async () => {} });
await t.db.transaction().execute(async (trx) => {
  const base = Date.now() - 60_000;
  for (let i = 0; i < n; i += 1) await enqueueJob(trx, { type: noop.type, payload: { i } }, new Date(sameTime ? base : base + i));
});
const runner = createJobRunner({ queue, registry: createJobRegistry([noop]), log: pino({ level: 'warn' }), events: createLocalEventBus(), concurrency });
const started = performance.now();
const count = await runner.runUntilIdle();
const ms = performance.now() - started;
console.log(`${count} jobs, concurrency ${concurrency}${sameTime ? ', same run_at' : ''}: ${ms.toFixed(0)} ms, ${(count / (ms / 1000)).toFixed(0)} jobs/s, ${(ms / count).toFixed(2)} ms/job`);
console.log(await queue.counts());
await t.cleanup();
