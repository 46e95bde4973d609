import en from './locales/en.json' with { type: 'json' };
import es from './locales/es.json' with { type: 'json' };
import ro from './locales/ro.json' with { type: 'json' };

/** The strings of one language; a new `locales/<code>.json` must have exactly these keys. */
export type Catalog = typeof en;
type Strings = Catalog['confirmation'];

// To add a language: import its JSON like `en` above and list it here; the type checks its keys.
const catalogs: Readonly<Record<string, Catalog>> = { en, es, ro };

/** Locale codes with a catalog; anything else renders in English. */
export const supportedLocales: readonly string[] = Object.keys(catalogs);

/** What the confirmation of a new case shows; user-supplied fields are treated as plain text. */
export type ConfirmationInput = {
  caseNumber: string;
  customerName: string;
  topicName: string;
  subject: string | null;
  description: string;
  expectedReplyBy: Date;
  /** IANA zone used to print `expectedReplyBy`; an unknown zone throws a RangeError. */
  timeZone: string;
  guidance?: string | null;
  publicUrl: string;
  trackingNumber?: string | null;
};

export type RenderedEmail = { subject: string; text: string; html: string };

/** The catalog for `locale`, falling back to English. */
export function catalogFor(locale: string): { lang: string; catalog: Catalog } {
  const lang = Object.hasOwn(catalogs, locale) ? locale : 'en';
  return { lang, catalog: catalogs[lang] ?? en };
}

/** Subjects past this are cut: the tag stays in front, and long subjects get folded or clipped. */
const SUBJECT_MAX_CHARS = 150;

/** Renders the "we received your message" email in `locale` (falls back to English). */
export function renderConfirmation(input: ConfirmationInput, locale = 'en'): RenderedEmail {
  const lang = Object.hasOwn(catalogs, locale) ? locale : 'en';
  const t = (catalogs[lang] ?? en).confirmation;
  const vars = {
    caseNumber: oneLine(input.caseNumber),
    customerName: oneLine(input.customerName),
    topicName: oneLine(input.topicName),
    expectedReplyBy: formatDate(input.expectedReplyBy, lang, input.timeZone),
    publicUrl: oneLine(input.publicUrl),
  };
  const subject = truncate(oneLine(interpolate(t.subject, vars)), SUBJECT_MAX_CHARS);
  return { subject, text: renderText(t, vars, input), html: renderHtml(t, vars, input, lang, subject) };
}

type Vars = Record<'caseNumber' | 'customerName' | 'topicName' | 'expectedReplyBy' | 'publicUrl', string>;

function renderText(t: Strings, vars: Vars, input: ConfirmationInput): string {
  const rows = detailRows(t, vars, input).map(([label, value]) => `${label}: ${value}`);
  const guidance = multiLine(input.guidance ?? '').trim();
  const quoted = [
    ...(input.subject?.trim() ? [`${t.subjectLabel}: ${oneLine(input.subject)}`, ''] : []),
    ...multiLine(input.description).split('\n'),
  ].map((line) => (line ? `> ${line}` : '>'));
  return [
    t.replyAbove,
    '',
    vars.customerName ? interpolate(t.greeting, vars) : t.greetingWithoutName,
    '',
    interpolate(t.intro, vars),
    '',
    ...rows,
    '',
    t.nextStepsHeading,
    ...t.nextSteps.map((step) => `- ${interpolate(step, vars)}`),
    '',
    ...(guidance ? [`*** ${t.guidanceHeading} ***`, guidance, ''] : []),
    t.youWrote,
    ...quoted,
    '',
    // "-- " is the signature delimiter of RFC 3676 §4.3; clients leave it out of replies.
    '-- ',
    t.footer,
    '',
  ].join('\n');
}

function renderHtml(t: Strings, vars: Vars, input: ConfirmationInput, lang: string, subject: string): string {
  const h: Vars = {
    caseNumber: escapeHtml(vars.caseNumber),
    customerName: escapeHtml(vars.customerName),
    topicName: escapeHtml(vars.topicName),
    expectedReplyBy: escapeHtml(vars.expectedReplyBy),
    publicUrl: /^https?:\/\//i.test(vars.publicUrl)
      ? `<a href="${escapeHtml(vars.publicUrl)}" style="color:#1d4ed8;">${escapeHtml(vars.publicUrl)}</a>`
      : escapeHtml(vars.publicUrl),
  };
  // Catalog strings are escaped too (a translator's "&" must not start an entity); the
  // placeholders survive because escapeHtml leaves braces alone.
  const tr = (template: string): string => interpolate(escapeHtml(template), h);
  const cell = 'padding:4px 16px 4px 0;text-align:left;vertical-align:top;';
  const rows = detailRows(t, vars, input)
    .map(([label, value]) => `<tr><th scope="row" style="${cell}">${escapeHtml(label)}</th><td style="${cell}">${escapeHtml(value)}</td></tr>`)
    .join('\n');
  const guidance = multiLine(input.guidance ?? '').trim();
  const heading = 'font-size:18px;margin:24px 0 8px;';
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;color:#111827;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;">
<p style="margin:0 0 16px;color:#6b7280;font-size:12px;">${escapeHtml(t.replyAbove)}</p>
<p>${vars.customerName ? tr(t.greeting) : escapeHtml(t.greetingWithoutName)}</p>
<p>${tr(t.intro)}</p>
<table style="border-collapse:collapse;">
${rows}
</table>
<h2 style="${heading}">${escapeHtml(t.nextStepsHeading)}</h2>
<ul style="padding-left:20px;">
${t.nextSteps.map((step) => `<li>${tr(step)}</li>`).join('\n')}
</ul>
${guidance ? `<div role="note" style="margin:16px 0;padding:12px 16px;border-left:4px solid #b45309;background:#fef3c7;"><strong>${escapeHtml(t.guidanceHeading)}</strong><br>${htmlLines(guidance)}</div>\n` : ''}<h2 style="${heading}">${escapeHtml(t.youWrote)}</h2>
<blockquote style="margin:0;padding:0 0 0 12px;border-left:3px solid #d1d5db;color:#374151;">
${input.subject?.trim() ? `<p><strong>${escapeHtml(t.subjectLabel)}:</strong> ${escapeHtml(oneLine(input.subject))}</p>\n` : ''}<p>${htmlLines(multiLine(input.description))}</p>
</blockquote>
<hr style="margin:24px 0 8px;border:0;border-top:1px solid #e5e7eb;">
<p style="margin:0;color:#6b7280;font-size:12px;">${escapeHtml(t.footer)}</p>
</div>
</body>
</html>
`;
}

/** Label/value pairs shown in both parts; values are plain text, escaped by the HTML renderer. */
function detailRows(t: Strings, vars: Vars, input: ConfirmationInput): Array<[string, string]> {
  const tracking = oneLine(input.trackingNumber ?? '');
  return [
    [t.caseNumberLabel, vars.caseNumber],
    [t.topicLabel, vars.topicName],
    ...(tracking ? [[t.trackingNumberLabel, tracking] as [string, string]] : []),
    [t.expectedReplyLabel, vars.expectedReplyBy],
  ];
}

/** Replaces `{{name}}` with `vars[name]` in one pass; nothing is evaluated, unknown names stay. */
export function interpolate(template: string, vars: Readonly<Record<string, string>>): string {
  // A replacer function, not a string, so `$&` or `{{x}}` inside a value is inserted literally.
  return template.replace(/\{\{(\w+)\}\}/g, (match, name: string) =>
    Object.hasOwn(vars, name) ? (vars[name] ?? match) : match);
}

/**
 * Escapes the five characters that are special in HTML text and quoted attribute values. That
 * is enough because user text is only ever placed in element content or in a double-quoted
 * attribute: there, only `<` (start a tag), `&` (start a character reference) and the quotes
 * (end the attribute) change how the parser reads on; `>` is escaped for old parsers. It would
 * NOT be enough inside <script>/<style>, comments, unquoted attributes or URL attributes, and
 * this module puts no user text there (the one href is our configured public URL, http(s) only).
 */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function htmlLines(text: string): string {
  return escapeHtml(text).replaceAll('\n', '<br>\n');
}

/** One line for subjects and labels: CR/LF and other controls become spaces (no header injection). */
export function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Multi-line text with `\n` endings and no control characters other than tab. */
function multiLine(value: string): string {
  return value
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

function truncate(value: string, max: number): string {
  const chars = Array.from(value); // by code point, so an emoji is never cut in half
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

// Building an Intl.DateTimeFormat costs ~60 µs, formatting with one ~1 µs: keep one per locale and zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatDate(date: Date, locale: string, timeZone: string): string {
  const key = `${locale} ${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone });
    dateFormats.set(key, format);
  }
  return format.format(date);
}
