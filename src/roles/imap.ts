import type { Container } from '../container.js';
import { createSecretBox } from '../kernel/secret-box.js';
import { createImapPoller, type ImapPollerOptions } from '../modules/email-in/imap-poller.js';
import { createMailboxService } from '../modules/email-in/mailboxes.service.js';

/** The imap role: polls every active mailbox (admin-managed) into the inbound store. */
export function startImapRole(container: Container, options: Partial<ImapPollerOptions> = {}): { stop(): Promise<void> } {
  const { db, dialect } = container.database;
  const poller = createImapPoller({
    // Stateless over the database, so this instance and the one behind the admin API agree.
    mailboxes: createMailboxService({ db, dialect, clock: container.clock, secretBox: createSecretBox(container.secret) }),
    store: container.inboundStore,
    log: container.log.child({ component: 'imap' }),
    clock: container.clock,
    options,
  });
  poller.start();
  return { stop: () => poller.stop() };
}
