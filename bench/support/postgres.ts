import pg from 'pg';
import { findPostgresBinDir, startPostgresCluster, type PostgresCluster } from '../../test/postgres-cluster.js';

/**
 * A PostgreSQL server for benchmarks: `BENCH_PG_URL` (a server of your own, as a role that may
 * create databases), else a throw-away durable cluster started from Debian's binaries (fsync and
 * synchronous commit on, like SQLite's fsynced commits in the same run). Each benchmark gets its
 * own fresh database.
 */
export type BenchPostgres = {
  /** A new empty database's URL. */
  createDatabase(label: string): Promise<string>;
  stop(): Promise<void>;
  description: string;
};

/** One connection to `url` for the length of `use`. */
export async function withPostgresClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export function postgresAvailable(): boolean {
  return !!process.env.BENCH_PG_URL || findPostgresBinDir() !== null;
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const external = process.env.BENCH_PG_URL;
  const cluster: PostgresCluster | null = external ? null : await startPostgresCluster(undefined, { durable: true });
  const adminUrl = external ?? cluster!.url();
  const created: string[] = [];
  const urlOf = (database: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    return url.toString();
  };
  return {
    description: external ? 'BENCH_PG_URL' : `throw-away durable cluster on 127.0.0.1:${cluster!.port}`,
    async createDatabase(label) {
      const name = `pd_bench_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${Date.now().toString(36)}`;
      await withPostgresClient(adminUrl, (client) => client.query(`create database ${name}`));
      created.push(name);
      return urlOf(name);
    },
    async stop() {
      if (cluster) {
        await cluster.stop();
        return;
      }
      for (const name of created) {
        await withPostgresClient(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).catch(() => {});
      }
    },
  };
}
