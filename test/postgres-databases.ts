import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** Which database the tests of this vitest project run on (the "postgres" project sets it). */
export type TestDatabaseKind = 'sqlite' | 'postgres';

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.POSTDESK_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
}

/** What the globalSetup (test/postgres-global-setup.ts) hands to the test files. */
export type PostgresTestServer = {
  /** The maintenance database's URL: databases are created and dropped through it. */
  adminUrl: string;
  /** The migrated database every test database is copied from. */
  template: string;
  /** Every test database of this run is named `<prefix>_…`, so teardown can drop any left behind. */
  prefix: string;
  /** `strategy file_copy` on PostgreSQL 15 and later, where CREATE DATABASE has a choice. */
  createStrategy: string;
};

declare module 'vitest' {
  export interface ProvidedContext {
    postgresTestServer: PostgresTestServer;
  }
}

export type PostgresTestDatabase = { name: string; url: string; drop(): Promise<void> };

/** The next test database, copied while the current test runs (a copy takes 40–400 ms on a busy machine). */
let spare: Promise<string> | null = null;

/**
 * A fresh database copied from the migrated template. One copy is always made ahead, so a test
 * usually finds its database ready; a spare left over when the worker exits is dropped with the
 * rest of the run's databases.
 */
export async function createPostgresTestDatabase(): Promise<PostgresTestDatabase> {
  const server = inject('postgresTestServer');
  if (!server) throw new Error('No PostgreSQL test server: run this file in the vitest "postgres" project');
  const name = await (spare ?? copyTemplate(server));
  spare = copyTemplate(server);
  spare.catch(() => {}); // its failure surfaces when a test awaits it
  return openPostgresTestDatabase(name);
}

async function copyTemplate(server: PostgresTestServer): Promise<string> {
  const name = `${server.prefix}_${randomBytes(6).toString('hex')}`;
  // FILE_COPY copies the template's files (PostgreSQL 15's default, WAL_LOG, writes them all to the WAL).
  await runAdmin(server.adminUrl, `create database ${name} template ${server.template} ${server.createStrategy}`);
  return name;
}

/** A test database created earlier in this run (a restarted app finds its data again). */
export function openPostgresTestDatabase(name: string): PostgresTestDatabase {
  const server = inject('postgresTestServer');
  return {
    name,
    url: databaseUrl(server.adminUrl, name),
    drop: async () => {
      await runAdmin(server.adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs one statement on its own connection: CREATE/DROP DATABASE cannot run inside a transaction or pool. */
export async function runAdmin(adminUrl: string, statement: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}
