import type { Container } from '../container.js';
import { createSmtpListener } from '../modules/email-in/smtp-listener.js';

/** The smtp role: the inbound listener on POSTDESK_SMTP_HOST:PORT (port 0 in the config disables it). */
export async function startSmtpRole(container: Container): Promise<{ port: number; stop(): Promise<void> } | null> {
  const { config } = container;
  if (config.smtp.port === 0) return null;
  const listener = createSmtpListener({
    host: config.smtp.host,
    port: config.smtp.port,
    mailDomain: config.mailDomain,
    store: container.inboundStore,
    events: container.events,
    log: container.log.child({ component: 'smtp' }),
    tls: config.smtpTls,
    limitConnectionsPerAddress: config.rateLimits,
  });
  const { port } = await listener.listen();
  return { port, stop: () => listener.close() };
}
