import { catalogFor, escapeHtml, interpolate, oneLine, type RenderedEmail } from '../email-out/templates.js';
import { RATINGS, type Rating } from './survey-policy.js';

export type SurveyMailInput = {
  caseNumber: string;
  customerName: string;
  /** The survey page, without the rating: `<publicUrl>/survey/<token>`. */
  surveyUrl: string;
};

/** The link for one rating: it only preselects the answer on the page, which records nothing until sent. */
export function ratingLink(surveyUrl: string, rating: Rating): string {
  return `${surveyUrl}?rating=${rating}`;
}

/**
 * The survey email in the case's language (English when it has no catalog): five links, each
 * with the rating's words as well as its number, so the scale reads the same in every client
 * and to screen readers.
 */
export function renderSurveyMail(input: SurveyMailInput, locale: string): RenderedEmail {
  const { lang, catalog } = catalogFor(locale);
  const t = catalog.survey;
  const vars = { caseNumber: oneLine(input.caseNumber), customerName: oneLine(input.customerName) };
  const greeting = vars.customerName ? interpolate(t.greeting, vars) : t.greetingWithoutName;
  const intro = interpolate(t.intro, vars);
  const notSolved = interpolate(t.notSolved, vars);
  const subject = oneLine(interpolate(t.subject, vars));
  const choices = RATINGS.map((rating) => ({ label: `${rating} – ${t.ratings[rating - 1] ?? ''}`, href: ratingLink(input.surveyUrl, rating) }));

  const text = [
    greeting, '', intro, '',
    ...choices.map((c) => `${c.label}:\n${c.href}\n`),
    t.validity, '', notSolved, '',
    // "-- " is the signature delimiter of RFC 3676 §4.3.
    '-- ', t.footer, '',
  ].join('\n');
  const link = 'display:inline-block;margin:0 0 8px;padding:8px 12px;border:2px solid #1d4ed8;border-radius:4px;color:#1d4ed8;text-decoration:none;font-weight:bold;';
  const html = `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;color:#111827;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(intro)}</p>
<ul style="list-style:none;padding:0;margin:16px 0;">
${choices.map((c) => `<li><a href="${escapeHtml(c.href)}" style="${link}">${escapeHtml(c.label)}</a></li>`).join('\n')}
</ul>
<p>${escapeHtml(t.validity)}</p>
<p>${escapeHtml(notSolved)}</p>
<hr style="margin:24px 0 8px;border:0;border-top:1px solid #e5e7eb;">
<p style="margin:0;color:#6b7280;font-size:12px;">${escapeHtml(t.footer)}</p>
</div>
</body></html>
`;
  return { subject, text, html };
}
