import { catalogFor, escapeHtml, interpolate, oneLine, type RenderedEmail } from './templates.js';

export type ReplyInput = { caseNumber: string; caseSubject: string; body: string; agentName: string };

const SUBJECT_MAX_CHARS = 150;

/**
 * An agent's answer: their text, the "reply above this line" marker first (so the customer's
 * answer can be separated from our quoted text), a signature with the case number.
 */
export function renderReply(input: ReplyInput, locale = 'en'): RenderedEmail {
  const { lang, catalog } = catalogFor(locale);
  const t = catalog.reply;
  const vars = { caseNumber: oneLine(input.caseNumber), caseSubject: oneLine(input.caseSubject.replace(/^(re|aw|sv|fw|fwd|rv|r)\s*:\s*/gi, '')), agentName: oneLine(input.agentName) };
  const subjectFull = oneLine(interpolate(t.subject, vars));
  const subject = subjectFull.length > SUBJECT_MAX_CHARS ? `${subjectFull.slice(0, SUBJECT_MAX_CHARS - 1).trimEnd()}…` : subjectFull;
  const marker = catalog.confirmation.replyAbove;
  const signature = interpolate(t.signature, vars);
  const caseLine = interpolate(t.caseLine, vars);
  const text = [marker, '', input.body, '', '-- ', signature, caseLine, ''].join('\n');
  const html = `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#111827;">
<p style="color:#6b7280;font-size:12px;">${escapeHtml(marker)}</p>
<div>${escapeHtml(input.body).replaceAll('\n', '<br>\n')}</div>
<hr style="border:0;border-top:1px solid #e5e7eb;">
<p style="color:#374151;font-size:14px;">${escapeHtml(signature)}<br>${escapeHtml(caseLine)}</p>
</body></html>
`;
  return { subject, text, html };
}
