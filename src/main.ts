import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { ConfigError, loadConfig, type Config, type Role } from './config.js';
import { createContainer } from './container.js';
import { startWebRole } from './roles/web.js';
import { startWorkerRole } from './roles/worker.js';
import { launchWorkerThread } from './roles/worker-thread.js';
import { startSmtpRole } from './roles/smtp.js';
import { startImapRole } from './roles/imap.js';
import { checkBlobStore, prepareDatabase } from './startup.js';
import { BlobStoreUnavailableError } from './storage/blobs/blob-store.js';

type Stoppable = { stop(): Promise<void> };

/**
 * A stop waits at most for the slowest part: SMTP transfers (10 s), running jobs (20 s, then
 * released to the queue), WebSocket close handshakes (2 s). This is the backstop, under the 30 s a
 * container orchestrator usually allows between SIGTERM and SIGKILL.
 */
const SHUTDOWN_DEADLINE_MS = 28_000;

// Roles whose issues have not landed yet; they are accepted in POSTDESK_ROLES so deployments need no change later.
const PENDING_ROLES: Partial<Record<Role, string>> = {
  scheduler: 'scheduler (arrives with the SLA issue)',
};

async function main(): Promise<void> {
  const config = loadConfig();
  // One end for this thread's event bus, the other for the worker thread's.
  const link = runsWorkerThread(config) ? new MessageChannel() : null;
  const container = createContainer(config, link ? { threadLink: link.port1 } : {});
  // Loads its code while this thread prepares the database.
  const workerThread = link
    ? launchWorkerThread({
      events: link.port2,
      log: container.log,
      onFailure: (error) => {
        process.stderr.write(`The worker thread failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nStopping, so that Postdesk is restarted with one.\n`);
        process.exit(1);
      },
    })
    : null;
  await checkBlobStore(container);
  const { admin } = await prepareDatabase(container);
  const running: Stoppable[] = [];
  const lines: string[] = ['', 'Postdesk is running.'];

  if (workerThread) {
    await workerThread.start();
    running.push(workerThread);
  } else if (config.roles.has('worker')) {
    running.push(startWorkerRole(container));
  }
  if (config.roles.has('web')) {
    const web = await startWebRole(container);
    running.push(web);
    lines.push(`  Help hub:           ${config.publicUrl}/  (customers; English, Spanish, Romanian)`);
    lines.push(`  Agent console:      ${config.publicUrl}/agent/  (sign in with the admin below; mail preview under Administration)`);
    lines.push(`  API and health:     ${config.publicUrl}/healthz  (listening on ${web.url})`);
    lines.push(`  Readiness, metrics: ${config.publicUrl}/readyz, ${config.publicUrl}/metrics  (${config.metricsToken ? 'bearer token' : 'loopback clients only'})`);
    lines.push(`  Topics:             ${config.publicUrl}/api/v1/topics`);
  }
  if (config.roles.has('smtp')) {
    const smtp = await startSmtpRole(container);
    if (smtp) {
      running.push(smtp);
      lines.push(`  Inbound SMTP:       ${config.smtp.host}:${smtp.port}  (mail to ${config.supportAddress} or support+…@${config.mailDomain})`);
    } else {
      lines.push('  Inbound SMTP:       disabled (POSTDESK_SMTP_PORT=0)');
    }
  }
  if (config.roles.has('imap')) {
    running.push(startImapRole(container));
    lines.push(`  IMAP mailboxes:     polled; manage them at ${config.publicUrl}/api/v1/admin/mailboxes (admin session)`);
  }
  for (const [role, what] of Object.entries(PENDING_ROLES)) {
    if (config.roles.has(role as Role)) lines.push(`  Not yet available:  ${what}`);
  }
  lines.push(`  Support address:    ${config.supportAddress}`);
  lines.push(`  Outgoing mail:      ${config.relayUrl ? `relay ${redactUrl(config.relayUrl)}` : 'kept in the mail preview (no POSTDESK_SMTP_RELAY_URL)'}`);
  lines.push(`  Data directory:     ${config.dataDir}`);
  if (config.blobs.kind === 's3') {
    lines.push(`  Attachments:        S3 bucket ${config.blobs.bucket}${config.blobs.prefix ? `, keys under ${config.blobs.prefix}` : ''}${config.blobs.endpoint ? ` at ${config.blobs.endpoint}` : ` in ${config.blobs.region}`}`);
  }
  if (admin.created) {
    lines.push('', '  Bootstrap admin (shown once, on first start):');
    lines.push(`    email:    ${admin.email}`);
    lines.push(`    password: ${admin.password}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      // A second signal: the operator does not want to wait.
      container.log.warn({ signal }, 'stopping now, without waiting for open work');
      process.exit(1);
    }
    stopping = true;
    container.log.info({ signal }, 'shutting down: no new connections; open SMTP transfers and running jobs may finish');
    const deadline = setTimeout(() => {
      container.log.error('shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    try {
      // Together: intake stops at once everywhere, while SMTP transfers and jobs finish in parallel.
      await Promise.all(running.map((part) => part.stop()));
      await container.close();
    } catch (error) {
      container.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
    container.log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/**
 * SQLite allows one process, so without this a single thread would run HTTP, SMTP and every job;
 * the worker role gets a thread (and a core) of its own when the process also has intake roles.
 * PostgreSQL deployments scale with processes instead.
 */
function runsWorkerThread(config: Config): boolean {
  const intake = config.roles.has('web') || config.roles.has('smtp') || config.roles.has('imap');
  return config.database.kind === 'sqlite' && config.roles.has('worker') && intake && availableParallelism() > 1;
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else if (error instanceof BlobStoreUnavailableError) {
    process.stderr.write(`Postdesk failed to start: ${error.message}\n`);
  } else {
    process.stderr.write(`Postdesk failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
