import nodemailer from 'nodemailer';
import type { OutboundMail } from './outbound-mail.js';

/** Port: where outgoing mail goes. `preview` keeps it in the database for the admin mail preview. */
export interface MailTransport {
  readonly kind: 'relay' | 'preview';
  send(mail: OutboundMail): Promise<void>;
  close(): void;
}

/** Delivers through the configured relay with a small connection pool (nodemailer). */
export function createRelayTransport(relayUrl: string): MailTransport {
  const transporter = nodemailer.createTransport({ url: relayUrl, pool: true, maxConnections: 4, maxMessages: 500 } as never);
  return {
    kind: 'relay',
    async send(mail) {
      await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        replyTo: mail.replyTo ?? undefined,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? undefined,
        messageId: mail.messageId,
        headers: mail.headers,
        // The envelope sender is the support address too, so bounces come back to our listener.
        envelope: { from: mail.from.replace(/^.*<([^>]+)>$/, '$1'), to: mail.to },
      });
    },
    close: () => transporter.close(),
  };
}

/** Without a relay the stored copy is the delivery: nothing leaves the machine. */
export function createPreviewTransport(): MailTransport {
  return { kind: 'preview', send: async () => {}, close: () => {} };
}
