import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throw-away PostgreSQL server for tests: its own data directory, loopback only, deleted on stop. */
export type PostgresCluster = {
  port: number;
  /** A connection URL for `database` as the cluster's superuser `postgres` (trust authentication). */
  url(database?: string): string;
  /** Stops the server at once (nothing in it is worth a checkpoint) and deletes its directory. */
  stop(): Promise<void>;
};

/**
 * Where `initdb` and `pg_ctl` live: `POSTDESK_TEST_PG_BIN`, else the newest Debian
 * `/usr/lib/postgresql/<version>/bin`, else the directory on PATH that has both; null when none.
 */
export function findPostgresBinDir(): string | null {
  const debian = '/usr/lib/postgresql';
  const versions = fs.existsSync(debian)
    ? fs.readdirSync(debian).sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a)).map((v) => path.join(debian, v, 'bin'))
    : [];
  const onPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const candidates = [process.env.POSTDESK_TEST_PG_BIN, ...versions, ...onPath].filter((dir): dir is string => !!dir);
  return candidates.find((dir) => isExecutable(path.join(dir, 'initdb')) && isExecutable(path.join(dir, 'pg_ctl'))) ?? null;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(fs.realpathSync(file), fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Settings for a server whose data is thrown away: no fsync or full-page writes (a crash loses the
 * cluster, which the next run makes anew), TCP on loopback only, no Unix socket to leave behind.
 */
const TEST_SERVER_SETTINGS = `
# Throw-away test cluster (test/postgres-cluster.ts): durability off, loopback only.
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 64MB
log_min_messages = warning
`;

/**
 * Settings for a benchmark server: durable like a production one (fsync, synchronous commit,
 * full-page writes stay on, so figures compare with SQLite's fsynced commits), loopback only,
 * memory modest for a small machine.
 */
const DURABLE_SERVER_SETTINGS = `
# Benchmark cluster (test/postgres-cluster.ts, durable): default durability, loopback only.
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
shared_buffers = 256MB
effective_cache_size = 1GB
maintenance_work_mem = 256MB
wal_buffers = 16MB
max_wal_size = 4GB
checkpoint_timeout = 15min
log_min_messages = warning
`;

export type PostgresClusterOptions = {
  /** Keep fsync and synchronous commit on (benchmarks); the default turns durability off (tests). */
  durable?: boolean;
  /**
   * A directory of our own that outlives the server (a benchmark's cached data set): created and
   * initdb'd when missing, started as it is when it holds a cluster, stopped cleanly and kept on
   * `stop()`. Default: a new temp directory, deleted on `stop()`.
   */
  keepDir?: string;
};

/**
 * initdb's into a new temp directory and starts the server on a free loopback port. initdb refuses
 * to run as root, so as root the server runs as the `postgres` user (Debian's package creates it)
 * through `runuser`, and the directory is handed to that user first.
 */
export async function startPostgresCluster(binDir = findPostgresBinDir(), options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  if (!binDir) throw new Error('PostgreSQL binaries (initdb, pg_ctl) not found; install Debian `postgresql` or set POSTDESK_TEST_PG_BIN');
  const keep = options.keepDir !== undefined;
  const dir = keep ? options.keepDir! : fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-pg-'));
  if (keep) fs.mkdirSync(dir, { recursive: true });
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const remove = () => {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  };
  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  let asServerUser: (file: string, args: string[]) => Promise<void>;
  try {
    asServerUser = serverUserCommand(dir);
  } catch (error) {
    remove();
    throw new Error('Running as root, the test cluster needs a `postgres` user to run as (Debian\'s postgresql package creates it)', { cause: error });
  }
  const pgCtl = (args: string[]) => asServerUser(path.join(binDir, 'pg_ctl'), ['-D', dataDir, ...args]);

  if (!initialised) try {
    await asServerUser(path.join(binDir, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', ...(options.durable ? [] : ['--no-sync'])]);
    fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), options.durable ? DURABLE_SERVER_SETTINGS : TEST_SERVER_SETTINGS);
  } catch (error) {
    remove();
    if (keep) fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  // Another process may take the free port between our probe and the server's bind: try again.
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await findFreePort();
    try {
      await pgCtl(['-l', logFile, '-w', '-t', '30', '-o', `-p ${port}`, 'start']);
      break;
    } catch (error) {
      if (attempt < 3) continue;
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '';
      remove();
      throw new Error(`PostgreSQL did not start: ${String(error)}\n${log}`, { cause: error });
    }
  }

  // Should the test run end without teardown (an exception in vitest itself), the server still stops.
  const stopNow = () => {
    try {
      const [command, args, invocation] = serverUserInvocation(path.join(binDir, 'pg_ctl'), ['-D', dataDir, '-m', keep ? 'fast' : 'immediate', '-w', 'stop'], dir);
      execFileSync(command, args, { ...invocation, stdio: 'ignore' });
    } catch {
      // already stopped
    }
    remove();
  };
  process.once('exit', stopNow);

  return {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async stop() {
      process.removeListener('exit', stopNow);
      // A kept cluster is shut down cleanly, so its next start needs no recovery.
      await pgCtl(['-m', keep ? 'fast' : 'immediate', '-w', 'stop']).catch(() => {});
      remove();
    },
  };
}

/** Runs a PostgreSQL program as the current user, or as `postgres` when we are root. */
function serverUserCommand(dir: string): (file: string, args: string[]) => Promise<void> {
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
  }
  return async (file, args) => {
    const [command, commandArgs, options] = serverUserInvocation(file, args, dir);
    await run(command, commandArgs, options);
  };
}

function serverUserInvocation(file: string, args: string[], cwd: string): [string, string[], { cwd: string }] {
  // The server user may not be allowed into the caller's working directory, and pg_ctl changes into it.
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', file, ...args], { cwd }] : [file, args, { cwd }];
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
