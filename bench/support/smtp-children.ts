/**
 * Child processes that speak SMTP: Postdesk itself (`node --import tsx src/main.ts`, as `npm start`
 * runs it) and the bare discard server. Ready means: the SMTP port answers 220. Every child is
 * SIGKILLed when this process exits, whatever the way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from './processes.js';
import { smtpAnswers } from './smtp-client.js';

export { freePort };

/** The repository root of this checkout. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type SmtpChild = {
  name: string;
  pid: number;
  host: string;
  port: number;
  /** Resolves when the child has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines it wrote (stdout and stderr). */
  output(): string;
  /** Sends a signal without waiting (SIGKILL for crash tests). */
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone. */
  stop(graceMs?: number): Promise<void>;
};

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export type SpawnSmtpChildOptions = {
  name: string;
  /** Arguments after the node executable. */
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  host?: string;
  port: number;
  readyTimeoutMs?: number;
};

export async function spawnSmtpChild(options: SpawnSmtpChildOptions): Promise<SmtpChild> {
  installExitHook();
  const host = options.host ?? '127.0.0.1';
  const child = spawn(process.execPath, options.args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString('utf8').split('\n'));
    if (tail.length > 300) tail.splice(0, tail.length - 300);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let gone = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      gone = true;
      live.delete(child);
      resolve({ code, signal });
    });
  });
  const handle: SmtpChild = {
    name: options.name,
    pid: child.pid ?? -1,
    host,
    port: options.port,
    exited,
    output: () => tail.join('\n').trim(),
    kill(signal) {
      if (!gone) child.kill(signal);
    },
    async stop(graceMs = 10_000) {
      if (gone) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), delay(graceMs).then(() => false)]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${options.name} exited before it was ready:\n${handle.output()}`);
    if (await smtpAnswers(host, options.port, 1_000)) return handle;
    await delay(50);
  }
  await handle.stop(1_000);
  throw new Error(`${options.name} did not answer SMTP on ${host}:${options.port} within ${options.readyTimeoutMs ?? 60_000} ms:\n${handle.output()}`);
}

/** Our environment without any POSTDESK_* the caller happens to have set. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('POSTDESK_')) env[key] = value;
  return { ...env, NODE_ENV: 'production', ...extra };
}

export type PostdeskChildOptions = {
  dataDir: string;
  smtpPort: number;
  /** Outgoing mail relay (smtp://…); unset keeps mail in the preview. */
  relayUrl?: string;
  roles?: string;
  /** More POSTDESK_* variables. */
  env?: Record<string, string>;
  /** Node flags before `--import tsx`, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Checkout to run; default this one. */
  cwd?: string;
  name?: string;
};

/** Postdesk as `npm start` runs it, on a given data dir and SMTP port; HTTP on a free port when the web role is on. */
export async function startPostdeskChild(options: PostdeskChildOptions): Promise<SmtpChild> {
  const roles = options.roles ?? 'worker,smtp';
  const httpPort = roles.includes('web') ? String(await freePort()) : '0';
  return spawnSmtpChild({
    name: options.name ?? 'postdesk',
    args: [...(options.nodeArgs ?? []), '--import', 'tsx', 'src/main.ts'],
    cwd: options.cwd ?? REPO_ROOT,
    env: cleanEnv({
      POSTDESK_DATA_DIR: options.dataDir,
      POSTDESK_HTTP_HOST: '127.0.0.1',
      POSTDESK_HTTP_PORT: httpPort,
      POSTDESK_SMTP_HOST: '127.0.0.1',
      POSTDESK_SMTP_PORT: String(options.smtpPort),
      POSTDESK_MAIL_DOMAIN: 'postdesk.test',
      POSTDESK_ROLES: roles,
      POSTDESK_RATE_LIMITS: 'off',
      POSTDESK_CONFIRMATIONS_PER_HOUR: '9999',
      POSTDESK_LOG_LEVEL: 'warn',
      POSTDESK_ADMIN_EMAIL: 'admin@postdesk.test',
      POSTDESK_ADMIN_PASSWORD: 'bench-admin-password',
      ...(options.relayUrl ? { POSTDESK_SMTP_RELAY_URL: options.relayUrl } : {}),
      ...options.env,
    }),
    port: options.smtpPort,
  });
}

/** The bare discard server (bench/support/smtp-discard-server.ts) on a free port. */
export async function startDiscardServer(port: number, name = 'smtp-discard'): Promise<SmtpChild> {
  return spawnSmtpChild({
    name,
    args: ['--import', 'tsx', path.join(REPO_ROOT, 'bench/support/smtp-discard-server.ts')],
    cwd: REPO_ROOT,
    env: cleanEnv({ BENCH_PORT: String(port) }),
    port,
  });
}
