/**
 * The inbound crash test (test/crash/crash-smtp.ts) at a size that fits `npm test`: 300 messages
 * over 4 connections, Postdesk SIGKILLed twice during the delivery, on the test project's database
 * (SQLite in the data dir, or a fresh PostgreSQL test database). The full run (2,000 messages,
 * five kills) is `node --import tsx test/crash/crash-smtp.ts [--database-url postgres://…]`.
 * CRASH_SEED replays a run.
 *
 * Jobs that were running when the server died are only claimed again once their lease (60 s)
 * has expired, so the drain after the last restart takes up to a minute by itself.
 */
import { describe, expect, it } from 'vitest';
import { runCrashTest } from './crash/crash-smtp.js';
import { createPostgresTestDatabase, testDatabaseKind } from './postgres-databases.js';

describe('inbound email survives SIGKILL', () => {
  it('stores every acknowledged message once, opens one case for each and confirms each once', async () => {
    const seed = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : Math.floor(Math.random() * 1e9);
    const postgres = testDatabaseKind() === 'postgres' ? await createPostgresTestDatabase() : null;
    try {
      const report = await runCrashTest({
        messages: 300, kills: 2, connections: 4, seed, drainTimeoutMs: 120_000, log: () => {},
        ...(postgres ? { databaseUrl: postgres.url } : {}),
      });
      console.log(report.summary);
      expect(report.figures.acknowledged).toBe(300);
      expect(report.figures.kills).toBe(2);
      expect(report.problems).toEqual([]);
    } finally {
      await postgres?.drop();
    }
  }, 240_000);
});
