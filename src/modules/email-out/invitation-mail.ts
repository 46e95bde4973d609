import { enqueueJob } from '../../jobs/queue.js';
import { newId } from '../../kernel/ids.js';
import type { Executor } from '../../storage/database.js';
import { SEND_MAIL_JOB, SEND_MAIL_MAX_ATTEMPTS } from './email-out.jobs.js';
import type { MailSettings } from './confirmation.service.js';
import { insertOutboundMail } from './outbound.repository.js';
import { escapeHtml, oneLine } from './templates.js';

export type InvitationMail = { to: string; name: string; invitedBy: string; token: string; expiresAt: Date };

/**
 * Queues the invitation to a new agent in the caller's transaction (outbox: it is sent only if the
 * agent was created). The token travels in the link's fragment, which browsers never send to a
 * server, so it stays out of access logs and Referer headers; the console page posts it to
 * POST /api/v1/auth/accept-invite.
 */
export async function queueInvitationMail(executor: Executor, settings: MailSettings, mail: InvitationMail, now: Date): Promise<string> {
  const id = newId(now.getTime());
  const link = `${settings.publicUrl}/agent/accept-invite#token=${encodeURIComponent(mail.token)}`;
  const name = oneLine(mail.name);
  const invitedBy = oneLine(mail.invitedBy);
  const until = mail.expiresAt.toISOString().slice(0, 10);
  const text = `Hello ${name},\n\n${invitedBy} invited you to the Postdesk agent console.\nChoose your password here (the link works once, until ${until}):\n\n${link}\n`;
  const html = `<p>Hello ${escapeHtml(name)},</p><p>${escapeHtml(invitedBy)} invited you to the Postdesk agent console.</p>`
    + `<p><a href="${escapeHtml(link)}">Choose your password</a> (the link works once, until ${until}).</p>`;
  const domain = settings.supportAddress.split('@')[1] ?? 'localhost';
  await insertOutboundMail(executor, {
    id, caseId: null, kind: 'notice', messageId: `<invitation.${id}@${domain}>`, from: `"${settings.senderName}" <${settings.supportAddress}>`,
    to: mail.to, replyTo: null, subject: 'Your invitation to the Postdesk agent console', text, html,
    // RFC 3834 §5: sent by a program, so auto-responders should stay quiet.
    headers: { 'Auto-Submitted': 'auto-generated' }, status: 'queued', transport: null, error: null, createdAt: now, sentAt: null,
  });
  await enqueueJob(executor, { type: SEND_MAIL_JOB, payload: { outboundMailId: id }, idempotencyKey: `invitation:${id}`, maxAttempts: SEND_MAIL_MAX_ATTEMPTS }, now);
  return id;
}
