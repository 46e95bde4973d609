import { catalogFor, escapeHtml, interpolate, oneLine, type RenderedEmail } from './templates.js';

export type AcknowledgementInput = { caseNumber: string; customerName: string };

/** The short "we added this to case …" note for a customer's follow-up (at most one per case per day). */
export function renderAcknowledgement(input: AcknowledgementInput, locale = 'en'): RenderedEmail {
  const { lang, catalog } = catalogFor(locale);
  const t = catalog.acknowledgement;
  const vars = { caseNumber: oneLine(input.caseNumber), customerName: oneLine(input.customerName) };
  const greeting = vars.customerName ? interpolate(t.greeting, vars) : t.greetingWithoutName;
  const body = interpolate(t.body, vars);
  const text = [greeting, '', body, '', '-- ', t.footer, ''].join('\n');
  const html = `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(interpolate(t.subject, vars))}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#111827;">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(body)}</p>
<p style="color:#6b7280;font-size:12px;">${escapeHtml(t.footer)}</p>
</body></html>
`;
  return { subject: oneLine(interpolate(t.subject, vars)), text, html };
}
