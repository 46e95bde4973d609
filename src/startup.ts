import type { Container } from './container.js';
import { migrateToLatest } from './storage/db.js';
import type { BootstrapAdminResult } from './modules/agents/auth.service.js';

/** Long enough for the SDK's retries over a slow link, short enough that a wrong endpoint fails the start promptly. */
const BLOB_STORE_START_TIMEOUT_MS = 15_000;

/**
 * Refuses to start on a blob store that cannot be used (wrong bucket, endpoint or credentials):
 * throws its BlobStoreUnavailableError, whose message says what to check. Later outages only
 * warn in /readyz.
 */
export async function checkBlobStore(container: Container): Promise<void> {
  await container.blobs.checkAvailable(AbortSignal.timeout(BLOB_STORE_START_TIMEOUT_MS));
}

/**
 * Brings a database to the current schema and first-run defaults: migrations, default
 * departments and topics (only those missing), the default help articles never added before, the
 * bootstrap admin on an empty agents table, and the triage model.
 * Safe to run on every start.
 */
export async function prepareDatabase(container: Container): Promise<{ admin: BootstrapAdminResult }> {
  await migrateToLatest(container.database.db);
  await container.services.topics.seedDefaults(container.clock.now());
  await container.services.helpArticles.seedDefaults(container.clock.now());
  const admin = await container.services.auth.ensureBootstrapAdmin({
    email: container.config.admin.email,
    password: container.config.admin.password,
    defaultEmail: `admin@${container.config.mailDomain}`,
  });
  // Training the triage model takes about a second of CPU: do it before any listener opens.
  await container.services.triage.warm();
  return { admin };
}
