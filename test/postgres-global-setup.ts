import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase } from '../src/storage/db.js';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster.js';
import { databaseUrl, runAdmin, type PostgresTestServer } from './postgres-databases.js';

/**
 * vitest globalSetup of the "postgres" project: one server for the whole run — a throw-away cluster
 * of our own, or the server `POSTDESK_TEST_PG_URL` names (its maintenance database, as a superuser
 * or a role that may create databases) — and a migrated template database that every test database
 * is copied from (`CREATE DATABASE … TEMPLATE`: a copy of files instead of ten migrations per test).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.POSTDESK_TEST_PG_URL;
  const cluster: PostgresCluster | null = external ? null : await startPostgresCluster();
  // Names unique to this run, so runs sharing an external server keep out of each other's way.
  const prefix = `pd_test_${randomBytes(4).toString('hex')}`;
  const adminUrl = external ?? cluster!.url();
  const server: PostgresTestServer = { adminUrl, template: `${prefix}_template`, prefix, createStrategy: '' };
  try {
    const version = await runAdmin(adminUrl, 'show server_version_num');
    if (Number(version.rows[0]?.server_version_num) >= 150000) server.createStrategy = 'strategy file_copy';
    await runAdmin(server.adminUrl, `create database ${server.template}`);
    const template = openDatabase({ kind: 'postgres', url: databaseUrl(server.adminUrl, server.template) });
    try {
      await migrateToLatest(template.db);
    } finally {
      await template.close();
    }
  } catch (error) {
    await (cluster ? cluster.stop() : dropDatabasesOfRun(server));
    throw error;
  }
  project.provide('postgresTestServer', server);
  return async () => {
    if (cluster) await cluster.stop();
    else await dropDatabasesOfRun(server);
  };
}

async function dropDatabasesOfRun(server: PostgresTestServer): Promise<void> {
  const { rows } = await runAdmin(server.adminUrl, `select datname from pg_database where datname like '${server.prefix}\\_%'`);
  for (const { datname } of rows as { datname: string }[]) {
    await runAdmin(server.adminUrl, `drop database if exists ${datname} with (force)`);
  }
}
