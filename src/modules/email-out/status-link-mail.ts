import { enqueueJob } from '../../jobs/queue.js';
import { newId } from '../../kernel/ids.js';
import type { Executor } from '../../storage/database.js';
import type { MailSettings } from './confirmation.service.js';
import { SEND_MAIL_JOB, SEND_MAIL_MAX_ATTEMPTS } from './email-out.jobs.js';
import type { MailIdentity } from './mail-identity.js';
import { insertOutboundMail } from './outbound.repository.js';
import { catalogFor, escapeHtml, interpolate, oneLine } from './templates.js';

export type StatusLinkMail = { caseId: string; caseNumber: string; to: { email: string; name: string }; locale: string; link: string };

/**
 * Queues the "view your case" link in the caller's transaction (outbox), in the case's language.
 * The link is a secret: the mail is kept like every other for the admin preview, which only
 * admins can read, and expires on its own after 30 minutes.
 */
export async function queueStatusLinkMail(executor: Executor, deps: { identity: MailIdentity; settings: MailSettings }, mail: StatusLinkMail, now: Date): Promise<string> {
  const { lang, catalog } = catalogFor(mail.locale);
  const t = catalog.statusLink;
  const vars = { caseNumber: oneLine(mail.caseNumber), customerName: oneLine(mail.to.name) };
  const greeting = vars.customerName ? interpolate(t.greeting, vars) : t.greetingWithoutName;
  const body = interpolate(t.body, vars);
  const subject = oneLine(interpolate(t.subject, vars));
  const text = [greeting, '', body, '', mail.link, '', t.ignore, '', '-- ', t.footer, ''].join('\n');
  const html = `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#111827;">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(body)}</p>
<p><a href="${escapeHtml(mail.link)}">${escapeHtml(mail.link)}</a></p>
<p>${escapeHtml(t.ignore)}</p>
<p style="color:#6b7280;font-size:12px;">${escapeHtml(t.footer)}</p>
</body></html>
`;
  const id = newId(now.getTime());
  await insertOutboundMail(executor, {
    id, caseId: mail.caseId, kind: 'status_link', messageId: deps.identity.messageId(mail.caseId, id),
    from: `"${deps.settings.senderName}" <${deps.settings.supportAddress}>`, to: mail.to.email, replyTo: deps.identity.replyAddress(mail.caseId),
    subject, text, html,
    // RFC 3834 §5: sent by a program, so auto-responders should stay quiet.
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', 'X-Postdesk-Case': mail.caseNumber },
    status: 'queued', transport: null, error: null, createdAt: now, sentAt: null,
  });
  await enqueueJob(executor, { type: SEND_MAIL_JOB, payload: { outboundMailId: id }, idempotencyKey: `status-link:${id}`, maxAttempts: SEND_MAIL_MAX_ATTEMPTS }, now);
  return id;
}
