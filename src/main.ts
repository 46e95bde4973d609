import { ConfigError, loadConfig, type Role } from './config.js';
import { createContainer } from './container.js';
import { startWebRole } from './roles/web.js';
import { startWorkerRole } from './roles/worker.js';
import { startSmtpRole } from './roles/smtp.js';
import { startImapRole } from './roles/imap.js';
import { checkBlobStore, prepareDatabase } from './startup.js';
import { BlobStoreUnavailableError } from './storage/blobs/blob-store.js';

type Stoppable = { stop(): Promise<void> };

// Roles whose issues have not landed yet; they are accepted in POSTDESK_ROLES so deployments need no change later.
const PENDING_ROLES: Partial<Record<Role, string>> = {
  scheduler: 'scheduler (arrives with the SLA issue)',
};

async function main(): Promise<void> {
  const config = loadConfig();
  const container = createContainer(config);
  await checkBlobStore(container);
  const { admin } = await prepareDatabase(container);
  const running: Stoppable[] = [];
  const lines: string[] = ['', 'Postdesk is running.'];

  if (config.roles.has('worker')) running.push(startWorkerRole(container));
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
    if (stopping) return;
    stopping = true;
    container.log.info({ signal }, 'shutting down');
    for (const part of running.reverse()) await part.stop();
    await container.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
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
