import { firstHeader, type ParsedMail } from './parse.js';

export type AutomaticKind = 'bounce' | 'auto-replied' | 'auto-generated' | 'bulk' | 'list' | 'loop';

export type AutomaticVerdict = { automatic: false } | { automatic: true; kind: AutomaticKind; reason: string };

const DAEMON_SENDER = /^(mailer-daemon|postmaster|mail-daemon)([+@]|$)/i;

/**
 * Recognises mail that no person wrote, so it is recorded but never answered (RFC 3834 §2–3).
 * Order matters: a bounce is also "auto-generated", but it carries information (a failed
 * delivery) that the bounce step acts on.
 */
export function classifyAutomaticMail(mail: ParsedMail, envelopeFrom: string | null, ourDomain: string): AutomaticVerdict {
  const contentType = (firstHeader(mail, 'content-type') ?? '').toLowerCase();
  const sender = (envelopeFrom ?? mail.from?.address ?? '').toLowerCase();
  if (/multipart\/report/.test(contentType) && /report-type="?delivery-status/.test(contentType)) {
    return { automatic: true, kind: 'bounce', reason: 'delivery status notification (RFC 3464)' };
  }
  if (/multipart\/report/.test(contentType)) {
    // Read receipts (RFC 8098), spam-feedback reports (RFC 5965) and other reports: machines talking.
    return { automatic: true, kind: 'auto-generated', reason: `report: ${/report-type="?([\w-]+)/.exec(contentType)?.[1] ?? 'unknown'}` };
  }
  if (envelopeFrom === '' || (envelopeFrom !== null && DAEMON_SENDER.test(sender.split('@')[0] ?? ''))) {
    return { automatic: true, kind: 'bounce', reason: `sent by ${envelopeFrom === '' ? 'the null sender <>' : sender}` };
  }
  const fromAddress = mail.from?.address ?? '';
  if (fromAddress.endsWith(`@${ourDomain}`) && /^support(\+|@)/.test(fromAddress)) {
    return { automatic: true, kind: 'loop', reason: 'sent from our own support address' };
  }
  const autoSubmitted = firstHeader(mail, 'auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') {
    return { automatic: true, kind: autoSubmitted.startsWith('auto-replied') ? 'auto-replied' : 'auto-generated', reason: `Auto-Submitted: ${autoSubmitted}` };
  }
  const precedence = firstHeader(mail, 'precedence')?.trim().toLowerCase();
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list' || precedence === 'auto_reply') {
    return { automatic: true, kind: precedence === 'list' ? 'list' : precedence === 'auto_reply' ? 'auto-replied' : 'bulk', reason: `Precedence: ${precedence}` };
  }
  if (firstHeader(mail, 'list-id') || firstHeader(mail, 'list-unsubscribe')) {
    return { automatic: true, kind: 'list', reason: 'mailing-list headers (List-Id / List-Unsubscribe)' };
  }
  for (const header of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) {
    if (firstHeader(mail, header)) return { automatic: true, kind: 'auto-replied', reason: `${header} header` };
  }
  const suppress = firstHeader(mail, 'x-auto-response-suppress')?.toLowerCase() ?? '';
  if (/\b(all|oof|autoreply)\b/.test(suppress) && /^(automatic reply|auto(matic)?[- ]?reply|out of (the )?office)/i.test(mail.subject)) {
    return { automatic: true, kind: 'auto-replied', reason: 'Exchange automatic reply' };
  }
  return { automatic: false };
}
