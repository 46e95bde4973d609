import type { Container } from '../container.js';
import { createImapPoller, type ImapPollerOptions } from '../modules/email-in/imap-poller.js';

/** The imap role: polls every active mailbox (admin-managed) that no other process polls into the inbound store. */
export function startImapRole(container: Container, options: Partial<ImapPollerOptions> = {}): { stop(): Promise<void> } {
  const poller = createImapPoller({
    mailboxes: container.services.mailboxes,
    store: container.inboundStore,
    locks: container.locks,
    log: container.log.child({ component: 'imap' }),
    clock: container.clock,
    options,
  });
  poller.start();
  return { stop: () => poller.stop() };
}
