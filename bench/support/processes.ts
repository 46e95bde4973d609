import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** A server the benchmark started as a child process; killed when the benchmark process exits. */
export type ChildServer = {
  name: string;
  pid: number;
  url: string;
  /** The last lines the child wrote (stdout and stderr), for error reports. */
  output(): string;
  /** CPU time (user + system, all threads) the child has used so far in ms; null where /proc is missing. */
  cpuMs(): number | null;
  /** CPU time of the child's main thread alone (Node's event loop: HTTP, SMTP intake) in ms; null where /proc is missing. */
  mainThreadCpuMs(): number | null;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone. */
  stop(graceMs?: number): Promise<void>;
};

const live = new Set<ChildProcess>();
let handlersInstalled = false;

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // Last resort: whatever way the benchmark ends, no server outlives it.
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping child servers\n`);
      process.exit(130);
    });
  }
}

/** A TCP port that was free a moment ago on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type StartOptions = {
  name: string;
  /** Arguments after the node executable. */
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Base URL of the server; `${url}${healthPath}` must answer 200 once it is ready. */
  url: string;
  healthPath?: string;
  timeoutMs?: number;
};

/** Starts `node <args>` and resolves once its health URL answers 200; throws with its output otherwise. */
export async function startChildServer(options: StartOptions): Promise<ChildServer> {
  installExitHandlers();
  const child = spawn(process.execPath, options.args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString('utf8').split('\n'));
    if (tail.length > 200) tail.splice(0, tail.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      live.delete(child);
      resolve();
    });
    // Spawning failed (missing cwd or executable): no 'exit' follows.
    child.once('error', (error) => {
      tail.push(`spawn failed: ${error.message}`);
      exitCode ??= -1;
      live.delete(child);
      resolve();
    });
  });

  const server: ChildServer = {
    name: options.name,
    pid: child.pid ?? -1,
    url: options.url,
    output: () => tail.join('\n').trim(),
    cpuMs: () => (child.pid === undefined ? null : processCpuMs(child.pid)),
    mainThreadCpuMs: () => (child.pid === undefined ? null : processCpuMs(child.pid, child.pid)),
    async stop(graceMs = 5_000) {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const gone = await Promise.race([exited.then(() => true), delay(graceMs).then(() => false)]);
      if (!gone) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const health = `${options.url}${options.healthPath ?? '/healthz'}`;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`${options.name} exited with code ${exitCode} before it was ready:\n${server.output()}`);
    }
    try {
      const response = await fetch(health, { signal: AbortSignal.timeout(1_000) });
      if (response.status === 200) return server;
    } catch {
      // Not listening yet.
    }
    await delay(100);
  }
  await server.stop(1_000);
  throw new Error(`${options.name} did not answer ${health} within ${options.timeoutMs ?? 30_000} ms:\n${server.output()}`);
}

let ticksPerSecond: number | undefined;

/**
 * utime + stime of a process from /proc/<pid>/stat (Linux), in ms; of one of its threads with
 * `thread` (the main thread's id is the pid); null elsewhere or once it is gone.
 */
export function processCpuMs(pid: number, thread?: number): number | null {
  try {
    const stat = fs.readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticksPerSecond ??= clockTicks();
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}
