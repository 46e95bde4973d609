import { enqueueJob } from '../../jobs/queue.js';
import { newId } from '../../kernel/ids.js';
import type { Executor } from '../../storage/database.js';
import { toDbTime } from '../../storage/dialect-helpers.js';
import type { MailSettings } from './confirmation.service.js';
import { SEND_MAIL_JOB, SEND_MAIL_MAX_ATTEMPTS } from './email-out.jobs.js';
import { insertOutboundMail } from './outbound.repository.js';
import { catalogFor, escapeHtml, interpolate, oneLine } from './templates.js';

/** The emails of a customer account; each names the links it carries. */
export type AccountMail =
  | { kind: 'verify'; link: string }
  | { kind: 'alreadyRegistered'; signInLink: string; resetLink: string }
  | { kind: 'signInLink'; link: string }
  | { kind: 'reset'; link: string };

export type AccountMailRequest = { to: { email: string; name: string }; locale: string; mail: AccountMail };

/**
 * Queues an account email in the caller's transaction (outbox), in the language of the page the
 * customer used. No case is involved, so there is no case tag and no reply address: answers to
 * these go nowhere useful, and the footer says the message is automatic.
 */
export async function queueAccountMail(executor: Executor, settings: MailSettings, request: AccountMailRequest, now: Date): Promise<string> {
  const { lang, catalog } = catalogFor(request.locale);
  const t = catalog.account;
  const strings = t[request.mail.kind];
  const name = oneLine(request.to.name);
  const greeting = name ? interpolate(t.greeting, { customerName: name }) : t.greetingWithoutName;
  const paragraphs: { text: string; link?: string }[] = request.mail.kind === 'alreadyRegistered'
    ? [{ text: strings.body, link: request.mail.signInLink }, { text: t.alreadyRegistered.resetBody, link: request.mail.resetLink }]
    : [{ text: strings.body, link: request.mail.link }];
  const subject = oneLine(strings.subject);
  const text = [greeting, '', ...paragraphs.flatMap((p) => [p.text, '', ...(p.link ? [p.link, ''] : [])]), strings.ignore, '', '-- ', t.footer, ''].join('\n');
  const html = `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#111827;">
<p>${escapeHtml(greeting)}</p>
${paragraphs.map((p) => `<p>${escapeHtml(p.text)}</p>${p.link ? `\n<p><a href="${escapeHtml(p.link)}">${escapeHtml(p.link)}</a></p>` : ''}`).join('\n')}
<p>${escapeHtml(strings.ignore)}</p>
<p style="color:#6b7280;font-size:12px;">${escapeHtml(t.footer)}</p>
</body></html>
`;
  const id = newId(now.getTime());
  const domain = settings.supportAddress.split('@')[1] ?? 'localhost';
  await insertOutboundMail(executor, {
    id, caseId: null, kind: 'account', messageId: `<account.${id}@${domain}>`, from: `"${settings.senderName}" <${settings.supportAddress}>`,
    to: request.to.email, replyTo: null, subject, text, html,
    // RFC 3834 §5: sent by a program, so auto-responders should stay quiet.
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    status: 'queued', transport: null, error: null, createdAt: now, sentAt: null,
  });
  await enqueueJob(executor, { type: SEND_MAIL_JOB, payload: { outboundMailId: id }, idempotencyKey: `account:${id}`, maxAttempts: SEND_MAIL_MAX_ATTEMPTS }, now);
  return id;
}

/** How many account emails went to `address` since `since`: the per-address limit counts them. */
export async function countAccountMailsTo(executor: Executor, address: string, since: Date): Promise<number> {
  const row = await executor.selectFrom('outbound_mail').select((eb) => eb.fn.countAll<number>().as('count'))
    .where('to_address', '=', address).where('kind', '=', 'account').where('created_at', '>=', toDbTime(since)).executeTakeFirst();
  return Number(row?.count ?? 0);
}
