/**
 * Our own line rules for where quoted history starts in a plain-text reply: the cases
 * email-reply-parser misses (Romanian and two-line Spanish attributions, Outlook header blocks,
 * our own "reply above this line" marker). Every rule looks at one line, or at most
 * MAX_HEADER_LINES short lines joined, so a scan is linear in the size of the text.
 */

/** Our outgoing mail carries this line (in the customer's language) above the quoted history. */
export const REPLY_MARKER = /^##- .* -##$/;

/** Attribution lines are short; anything longer is prose and is not tested at all. */
const MAX_HEADER_CHARS = 400;
const MAX_HEADER_LINES = 3;

// "… wrote:", "… a scris:", "… escribió:" and their kin, at the end of an attribution.
// No `\b` before the verbs: JS word boundaries are ASCII-only, so "írta" would never match.
const VERB_AT_END =
  /(?:^|\s)(?:wrote|a\s+scris|escribi[oó]|ha\s+escrit|a\s+[ée]crit|[ée]crit|schrieb|ha\s+scritto|scritto|escreveu|napisa[łl]a?|pisze|skrev|kirjoitti|írta|написал[аи]?|написав|писал|写道|작성|のメッセージ)\s*[:：]$/iu;
// "sent:" alone is too common in a carrier's mail ("parcel 123 was sent:"), so only after "On …".
const ON_SENT = /^On\s.*\ssent\s*:$/i;
// Germanic attributions put the verb before the name: "Am 25.06.2015 um 10:55 schrieb Test user:".
const VERB_IN_MIDDLE = /^(?:Am|Den|Op|På|[a-zæøå]{2,4}\.|\d).*\s(?:schrieb|skrev|schreef)\s.+[:：]$/iu;
// Gmail's date-first form: "2014-03-20 8:48 GMT+01:00 Rémi Dolan <do_not_reply@dolan.com>:".
const DATE_FIRST = /^\d{4}[-./]\s?\d{1,2}[-./].*>\s*[:：]$/u;
// Words an attribution that wraps over several lines starts with ("On …", "El …", "Pe …", a date).
const HEADER_LEAD = /^(?:On|El|Le|La|Pe|În|In|Il|Em|Op|Am|Den|På|Dne|W\s+dniu|Dnia|\d|[a-zæøå]{2,4}\.\s)/iu;
// A real attribution names a date or an address; this keeps "Something wrote:" in prose visible.
const HEADER_EVIDENCE = /[0-9@]/;

/** Outlook-style "-----Original Message-----" separators, localised. */
const ORIGINAL_MESSAGE =
  /^-{2,}\s*(?:original message|mensaje original|mesaj(?:ul)? original|message d'origine|urspr[üu]ngliche nachricht|originalnachricht|messaggio originale|oorspronkelijk bericht|oprindelig (?:besked|meddelelse)|opprinnelig melding|ursprungligt meddelande|wiadomo[śs][ćc] oryginalna|исходное сообщение)\s*-{0,}$/iu;

// Header fields of a quoted Outlook/Apple block ("From: … / Sent: … / To: … / Subject: …").
const FIELD = /^\*?([\p{L} -]{1,20}?)\s?:/u;
const FROM_FIELDS = new Set(['from', 'de', 'de la', 'von', 'van', 'da', 'od', 'fra', 'från', 'от', 'kimden']);
const DATE_FIELDS = new Set([
  'sent', 'date', 'enviado', 'enviado el', 'fecha', 'trimis', 'data', 'envoyé', 'envoyé le', 'gesendet', 'datum',
  'inviato', 'verzonden', 'verstuurd', 'wysłane', 'sendt', 'skickat', 'odesláno', 'отправлено', 'дата',
]);
const OTHER_FIELDS = new Set([
  'to', 'cc', 'subject', 'reply-to', 'para', 'asunto', 'către', 'catre', 'subiect', 'à', 'a', 'objet', 'an',
  'betreff', 'oggetto', 'aan', 'onderwerp', 'do', 'temat', 'til', 'emne', 'till', 'ämne', 'кому', 'тема',
]);

/** True when the line is quoted with `>` (after optional indentation). */
export function isQuotedLine(line: string): boolean {
  return line.trimStart().startsWith('>');
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** True for an attribution such as "La data de 24.11.2026 10:00, Soporte a scris:". */
export function isAttribution(text: string): boolean {
  const t = text.trim();
  if (t.length === 0 || t.length > MAX_HEADER_CHARS || !HEADER_EVIDENCE.test(t)) return false;
  return VERB_AT_END.test(t) || ON_SENT.test(t) || VERB_IN_MIDDLE.test(t) || DATE_FIRST.test(t);
}

/** Number of lines (1..MAX_HEADER_LINES) of the attribution starting at `start`, or 0. */
export function attributionLength(lines: readonly string[], start: number): number {
  const first = lines[start];
  if (first === undefined || isBlank(first) || isQuotedLine(first) || first.length > MAX_HEADER_CHARS) return 0;
  let joined = first.trim();
  for (let n = 1; n <= MAX_HEADER_LINES; n++) {
    if (isAttribution(joined)) return n;
    const next = lines[start + n];
    if (n === 1 && !HEADER_LEAD.test(joined)) return 0;
    if (next === undefined || isBlank(next) || isQuotedLine(next) || joined.length > MAX_HEADER_CHARS) return 0;
    joined = `${joined} ${next.trim()}`;
  }
  return 0;
}

function fieldName(line: string): string | null {
  if (line.length > MAX_HEADER_CHARS) return null;
  const match = FIELD.exec(line.trim());
  return match?.[1] ? match[1].trim().toLowerCase() : null;
}

/** Lines in a header block starting at `start` (From and Sent/Date among them), or 0. */
export function headerBlockLength(lines: readonly string[], start: number): number {
  let n = 0;
  let hasFrom = false;
  let hasDate = false;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const name = isQuotedLine(line) ? null : fieldName(line);
    if (name === null) break;
    if (FROM_FIELDS.has(name)) hasFrom = true;
    else if (DATE_FIELDS.has(name)) hasDate = true;
    else if (!OTHER_FIELDS.has(name)) break;
    n++;
  }
  return hasFrom && hasDate && n >= 2 ? n : 0;
}

/** True for a line after which everything is quoted, wherever it stands: our marker or an "Original Message" separator. */
export function isHardBoundary(line: string): boolean {
  if (line.length > MAX_HEADER_CHARS) return false;
  const bare = line.replace(/^[\s>]+/, '').trimEnd();
  return REPLY_MARKER.test(bare) || ORIGINAL_MESSAGE.test(bare);
}

function isSeparatorLine(line: string): boolean {
  return line.length <= MAX_HEADER_CHARS && /^\s*[-_=*~]{3,}\s*$/.test(line);
}

/**
 * Moves a cut upwards over what belongs to the quote: blank lines, separator rules, `>` lines
 * and the attribution that introduces them ("On … wrote:\n> ##- marker -##").
 */
function includeLeadIn(lines: readonly string[], cut: number): number {
  let k = cut;
  while (k > 0) {
    const prev = lines[k - 1] ?? '';
    if (isBlank(prev) || isSeparatorLine(prev) || isQuotedLine(prev)) k--;
    else break;
  }
  for (let n = MAX_HEADER_LINES; n >= 1; n--) {
    if (k - n >= 0 && attributionLength(lines, k - n) === n) return k - n;
  }
  return k;
}

export type QuoteScan = {
  /** Index of the first line of quoted history that runs to the end, or null. */
  cut: number | null;
  /** Attribution lines directly followed by `>` quotes: they belong to the quote below them. */
  quotedAttributions: number[];
};

/**
 * Scans lines top-down for the first place after which everything is history: our marker, an
 * "Original Message" rule, a From/Sent header block, or an attribution followed by unquoted
 * text. Attributions followed by `>` lines are only reported; the parser keeps inline replies.
 */
export function scanQuotes(lines: readonly string[]): QuoteScan {
  const quotedAttributions: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (isHardBoundary(line)) return { cut: includeLeadIn(lines, i), quotedAttributions };
    if (isQuotedLine(line) || isBlank(line)) continue;
    if (headerBlockLength(lines, i) > 0) return { cut: includeLeadIn(lines, i), quotedAttributions };
    const n = attributionLength(lines, i);
    if (n === 0) continue;
    let next = i + n;
    while (next < lines.length && isBlank(lines[next] ?? '')) next++;
    const following = lines[next];
    if (following === undefined || !isQuotedLine(following) || isHardBoundary(following)) {
      return { cut: includeLeadIn(lines, i), quotedAttributions };
    }
    for (let j = i; j < i + n; j++) quotedAttributions.push(j);
    i += n - 1;
  }
  return { cut: null, quotedAttributions };
}
