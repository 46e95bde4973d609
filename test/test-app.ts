import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig, type Config } from '../src/config.js';
import { createContainer, DEFAULT_OPTIONS, type Container, type ContainerOptions } from '../src/container.js';
import { buildHttpApp } from '../src/http/app.js';
import type { HttpApp } from '../src/http/types.js';
import { prepareDatabase } from '../src/startup.js';
import { createPostgresTestDatabase, openPostgresTestDatabase, testDatabaseKind, type PostgresTestDatabase, type TestDatabaseKind } from './postgres-databases.js';

export const TEST_ADMIN = { email: 'admin@postdesk.test', password: 'correct horse battery staple' } as const;

export type TestApp = {
  app: HttpApp;
  container: Container;
  config: Config;
  dataDir: string;
  /** Stops the app and the container; keeps the data dir (for restart tests) unless `removeData`. */
  close(options?: { removeData?: boolean }): Promise<void>;
};

export type TestAppOptions = {
  env?: Record<string, string>;
  dataDir?: string;
  options?: Partial<ContainerOptions>;
  /** Start the job runner (default true): confirmation mail is sent as in production. */
  worker?: boolean;
  /** Default: the vitest project's (`POSTDESK_TEST_DATABASE`), SQLite unless the "postgres" project runs. */
  database?: TestDatabaseKind;
};

/** Names the PostgreSQL database of an app's data dir, so an app restarted on that dir finds its data. */
const POSTGRES_DATABASE_FILE = 'test-postgres-database';

/**
 * The real Postdesk on a real database, as `npm start` wires it, without listening: use
 * `app.inject`, or `app.listen({ port: 0 })` for real sockets. The data dir is a temp dir; the
 * database is a SQLite file in it, or (PostgreSQL) a fresh database named in it.
 */
export async function createTestApp(input: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = input.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-app-'));
  const postgres = (input.database ?? testDatabaseKind()) === 'postgres' && !input.env?.POSTDESK_DATABASE_URL
    ? await postgresDatabaseOf(dataDir)
    : null;
  const config = loadConfig({
    POSTDESK_DATA_DIR: dataDir,
    POSTDESK_ADMIN_EMAIL: TEST_ADMIN.email,
    POSTDESK_ADMIN_PASSWORD: TEST_ADMIN.password,
    POSTDESK_MAIL_DOMAIN: 'postdesk.test',
    POSTDESK_LOG_LEVEL: 'silent',
    ...(postgres ? { POSTDESK_DATABASE_URL: postgres.url } : {}),
    ...input.env,
  });
  const container = createContainer(config, {
    logger: pino({ level: process.env.POSTDESK_TEST_LOG ?? 'silent' }),
    jobs: { ...DEFAULT_OPTIONS.jobs, retryBaseMs: 50, pollIntervalMs: 100 },
    // Tests post the contact form at machine speed; those about the time check set their own.
    hubForm: { ...DEFAULT_OPTIONS.hubForm, minFillMs: 0 },
    ...input.options,
  });
  await prepareDatabase(container);
  const app = await buildHttpApp(container);
  await app.ready();
  if (input.worker ?? true) container.jobRunner.start();
  return {
    app,
    container,
    config,
    dataDir,
    async close(options = {}) {
      await app.close();
      await container.close();
      if (options.removeData) {
        await postgres?.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

async function postgresDatabaseOf(dataDir: string): Promise<PostgresTestDatabase> {
  const file = path.join(dataDir, POSTGRES_DATABASE_FILE);
  if (fs.existsSync(file)) return openPostgresTestDatabase(fs.readFileSync(file, 'utf8').trim());
  const database = await createPostgresTestDatabase();
  fs.writeFileSync(file, database.name);
  return database;
}

/** Signs in through the real login route; returns headers for cookie-authenticated requests. */
export async function signIn(app: HttpApp, credentials: { email: string; password: string } = TEST_ADMIN) {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: credentials });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'pd_session');
  if (!cookie) throw new Error('sign-in set no session cookie');
  const { csrfToken } = response.json<{ csrfToken: string }>();
  return { cookie: `pd_session=${cookie.value}`, 'x-csrf-token': csrfToken };
}

/** Creates an agent of `role` and signs them in through the real login route. */
export async function signInNewAgent(t: TestApp, input: { email: string; role: 'agent' | 'supervisor' | 'admin'; name?: string; password?: string }) {
  const password = input.password ?? 'a long enough password 42';
  const agent = await t.container.services.auth.createAgent({ email: input.email, name: input.name ?? input.email.split('@')[0]!, role: input.role, password });
  return { id: agent.id, headers: await signIn(t.app, { email: input.email, password }) };
}

/** Polls until `check` returns a value (not undefined/false) or the time is up. */
export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
