/**
 * Our own line rules for plain-text replies, for what email-reply-parser misses: where quoted
 * history starts (Romanian and two-line Spanish attributions, Outlook header blocks, our own
 * "reply above this line" marker) and a second opinion on signatures. Every rule looks at one
 * line, or at most a few short lines, so a scan is linear in the size of the text.
 */

/** Our outgoing mail carries this line (in the customer's language) above the quoted history. */
export const REPLY_MARKER = /^##- .* -##$/;

/** Attribution lines are short; anything longer is prose and is not tested at all. */
const MAX_HEADER_CHARS = 400;
const MAX_HEADER_LINES = 3;
// A quoted mail's header block (From, Sent, To, Cc, Subject, wrapped values) is short;
// bounding it keeps the scan linear.
const MAX_BLOCK_LINES = 12;

// "… wrote:", "… a scris:", "… escribió:" and their kin, at the end of an attribution.
// No `\b` before the verbs: JS word boundaries are ASCII-only, so "írta" would never match.
const VERB_AT_END =
  /(?:^|\s)(?:wrote|a\s+scris|escribi[oó]|ha\s+escrit|a\s+[ée]crit|[ée]crit|schrieb|ha\s+scritto|scritto|escreveu|napisa[łl]a?|pisze|skrev|kirjoitti|geschreven|viết|írta|написал[аи]?|написав|писал|写道|작성|のメッセージ)\s*[:：]$/iu;
// "sent:" alone is too common in a carrier's mail ("parcel 123 was sent:"), so only after "On …".
const ON_SENT = /^On\s.*\ssent\s*:$/i;
// Germanic attributions put the verb before the name: "Am 25.06.2015 um 10:55 schrieb Test user:".
const VERB_IN_MIDDLE = /^(?:Am|Den|Op|På|[a-zæøå]{2,4}\.|\d).*\s(?:schrieb|skrev|schreef)\s.+[:：]$/iu;
// Gmail's date-first form: "2014-03-20 8:48 GMT+01:00 Rémi Dolan <do_not_reply@dolan.com>:" (old ones lack the colon).
const DATE_FIRST = /^\d{4}[-./]\s?\d{1,2}[-./].*>\s*[:：]?$/u;
// mail.ru and others: "Thu, 26 Jun 2014 14:00:51 +0400 от Alexander L <abc@example.com>:".
const ADDRESS_AT_END = /<[^<>\s@]+@[^<>\s]+>\s*[:：]$/u;
// Words an attribution that wraps over several lines starts with ("On …", "El …", "Pe …", a date).
const HEADER_LEAD = /^(?:On|El|Le|La|Pe|În|In|Il|Em|Op|Am|Den|På|Dne|W\s+dniu|Dnia|\d|[a-zæøå]{2,4}\.\s)/iu;
// A real attribution names a date or an address; this keeps "Something wrote:" in prose visible.
const HEADER_EVIDENCE = /[0-9@]/;

/** Outlook-style "-----Original Message-----" separators, localised. */
const ORIGINAL_MESSAGE =
  /^-{2,}\s*(?:original message|mensaje original|mesaj(?:ul)? original|message d'origine|urspr[üu]ngliche nachricht|originalnachricht|messaggio originale|oorspronkelijk bericht|oprindelig (?:besked|meddelelse)|opprinnelig melding|ursprungligt meddelande|wiadomo[śs][ćc] oryginalna|исходное сообщение)\s*-{0,}$/iu;

// A forward is content the customer sends us, not history: nothing below it is cut (as talon does).
const FORWARD_MARKER =
  /^\s*(?:-{2,}\s*(?:forwarded message|mensaje reenviado|mesaj redirec[țţt]ionat|message transf[ée]r[ée]|weitergeleitete nachricht|messaggio inoltrato|doorgestuurd bericht)\s*-{2,}|begin forwarded message:|inicio del mensaje reenviado:)\s*$/iu;

// Header fields of a quoted Outlook/Apple block ("From: … / Sent: … / To: … / Subject: …").
const FIELD = /^\*?([\p{L} -]{1,20}?)\s?[:：]/u;
const FROM_FIELDS = new Set(['from', 'de', 'de la', 'von', 'van', 'da', 'od', 'fra', 'från', 'от', 'kimden', '发件人', '寄件者']);
// "Sent:" is a mail client's word; "Date:" also heads a parcel's details, so it needs an address nearby.
const SENT_FIELDS = new Set([
  'sent', 'enviado', 'enviado el', 'trimis', 'envoyé', 'envoyé le', 'gesendet', 'inviato', 'verzonden', 'verstuurd',
  'wysłane', 'sendt', 'skickat', 'odesláno', 'отправлено', '发送时间', '寄件日期',
]);
const DATE_FIELDS = new Set(['date', 'fecha', 'data', 'datum', 'дата', 'message du', '日期']);
const OTHER_FIELDS = new Set([
  'to', 'cc', 'subject', 'reply-to', 'para', 'asunto', 'către', 'catre', 'subiect', 'à', 'a', 'objet', 'an',
  'betreff', 'oggetto', 'aan', 'onderwerp', 'do', 'temat', 'til', 'emne', 'till', 'ämne', 'кому', 'тема', 'copie à',
  'sujet', 'cci', 'bcc', '收件人', '主题', '抄送', '主旨', '副本',
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
  return hasAttributionVerb(t) || DATE_FIRST.test(t) || ADDRESS_AT_END.test(t);
}

function hasAttributionVerb(text: string): boolean {
  return VERB_AT_END.test(text) || ON_SENT.test(text) || VERB_IN_MIDDLE.test(text);
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

/**
 * Lines in a quoted mail's header block starting at `start`, or 0: From with Sent ("From: … /
 * Sent: …", "De la: … / Trimis: …"), or From or To with Date when the block names an address.
 */
export function headerBlockLength(lines: readonly string[], start: number): number {
  let n = 0;
  const seen = { from: false, to: false, sent: false, date: false, address: false };
  for (let i = start; i < Math.min(lines.length, start + MAX_BLOCK_LINES); i++) {
    const line = lines[i] ?? '';
    const name = isQuotedLine(line) ? null : fieldName(line);
    if (name === null) {
      // "*From:* bob@example.com [mailto:\n  bob@example.com]": a value wrapped after an open bracket.
      if (n === 0 || !hasOpenBracket(lines[i - 1] ?? '') || isBlank(line) || line.length > MAX_HEADER_CHARS) break;
    } else if (FROM_FIELDS.has(name)) seen.from = true;
    else if (SENT_FIELDS.has(name)) seen.sent = true;
    else if (DATE_FIELDS.has(name)) seen.date = true;
    else if (OTHER_FIELDS.has(name)) seen.to ||= name === 'to' || name === 'para' || name === 'către' || name === 'à';
    else break;
    seen.address ||= line.includes('@');
    n++;
  }
  const isBlock = (seen.from && seen.sent) || ((seen.from || seen.to) && seen.date && seen.address);
  return isBlock && n >= 2 ? n : 0;
}

function hasOpenBracket(line: string): boolean {
  return (
    line.lastIndexOf('[') > line.lastIndexOf(']') ||
    line.lastIndexOf('<') > line.lastIndexOf('>') ||
    line.lastIndexOf('(') > line.lastIndexOf(')')
  );
}

/** True for a line after which everything is quoted wherever it stands: our marker, an "Original Message" rule. */
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
 * and the attribution that introduces them ("On … wrote:\n> ##- marker -##"). Above a hard
 * boundary the attribution needs no date or address ("Soporte escribió:").
 */
function includeLeadIn(lines: readonly string[], cut: number, hard = false): number {
  let k = cut;
  while (k > 0) {
    const prev = lines[k - 1] ?? '';
    if (isBlank(prev) || isSeparatorLine(prev) || isQuotedLine(prev)) k--;
    else break;
  }
  for (let n = MAX_HEADER_LINES; n >= 1; n--) {
    if (k - n >= 0 && attributionLength(lines, k - n) === n) return k - n;
  }
  const prev = lines[k - 1];
  if (hard && prev !== undefined && prev.length <= MAX_HEADER_CHARS && hasAttributionVerb(prev.trim())) return k - 1;
  return k;
}

export type QuoteScan = {
  /** Index of the first line of quoted history that runs to the end, or null. */
  cut: number | null;
  /** Index of a forward marker ("---------- Forwarded message ---------"): kept verbatim from there. */
  forwardAt: number | null;
  /** Unprefixed lines that belong to a `>` quote: attributions above it, lines its wrapping broke off. */
  quotedLines: number[];
};

/**
 * Scans lines top-down for the first place after which everything is history: our marker, an
 * "Original Message" rule, a From/Sent header block, or an attribution followed by unquoted
 * text. Attributions followed by `>` lines are only reported; the parser keeps inline replies.
 */
export function scanQuotes(lines: readonly string[]): QuoteScan {
  const quotedLines: number[] = [];
  const result = (cut: number | null, forwardAt: number | null = null): QuoteScan => ({ cut, forwardAt, quotedLines });
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (isHardBoundary(line)) return result(includeLeadIn(lines, i, true));
    if (isBlank(line)) continue;
    if (isQuotedLine(line)) {
      if (isBrokenOffQuoteLine(lines, i + 1)) quotedLines.push(i + 1);
      continue;
    }
    if (line.length <= MAX_HEADER_CHARS && FORWARD_MARKER.test(line)) return result(null, i);
    if (headerBlockLength(lines, i) > 0) return result(includeLeadIn(lines, i));
    const n = attributionLength(lines, i);
    if (n === 0) continue;
    let next = i + n;
    while (next < lines.length && isBlank(lines[next] ?? '')) next++;
    const following = lines[next];
    if (following === undefined || !isQuotedLine(following) || isHardBoundary(following)) {
      return result(includeLeadIn(lines, i));
    }
    for (let j = i; j < i + n; j++) quotedLines.push(j);
    i += n - 1;
  }
  return result(null);
}

/**
 * A client that re-wraps a long quoted line leaves its tail without the ">": one unprefixed line
 * squeezed between a long (or bracket-open, i.e. URL-cut) quoted line and the next quoted line.
 * A short inline answer between two short quoted lines is not taken for this.
 */
function isBrokenOffQuoteLine(lines: readonly string[], i: number): boolean {
  const before = lines[i - 1] ?? '';
  const line = lines[i];
  const after = lines[i + 1];
  return (
    line !== undefined && after !== undefined && (before.length >= 60 || hasOpenBracket(before)) &&
    !isBlank(line) && !isQuotedLine(line) &&
    isQuotedLine(after) && !isHardBoundary(line)
  );
}

// ---- signatures ------------------------------------------------------------------------------

// github/email_reply_parser's signature rule: a line starting "--" or "__" ("-- " is RFC 3676 §4.3's).
const SIGNATURE_RULE = /^\s*(?:--|__)/;
const SIGN_OFF = /^-\w/;
const DEVICE_WORDS = [
  'Sent from', 'Sent with', 'Get Outlook for', 'Enviado desde', 'Enviado con', 'Obtener Outlook para', 'Trimis de pe',
  'Trimis din', 'Trimis cu', 'Obține Outlook pentru', 'Envoyé de', 'Envoyé depuis', 'Gesendet von', 'Von meinem',
  'Verzonden vanaf', 'Verstuurd vanaf', 'Sendt fra',
];
const DEVICE_SIGNATURE_START = new RegExp(`^\\s*(?:${DEVICE_WORDS.join('|')})\\s`, 'i');
// A device line is short and has no comma: "Sent from my iPhone", "Trimis de pe iPhone-ul meu".
const DEVICE_SIGNATURE = new RegExp(`${DEVICE_SIGNATURE_START.source}[^,]{1,80}$`, 'i');

/**
 * Second opinion on signatures. The library misses github's "-Name" sign-off and long "____"
 * rules, and takes any line starting "Sent from" for a device signature, even prose such as
 * "Sent from my desk, is much easier…"; a fragment it flags that way is given back as text.
 */
export function splitSignature(content: string, flagged: boolean): { text: string | null; signature: string | null } {
  const lines = content.split('\n');
  if (flagged) {
    const first = lines.find((line) => line.trim() !== '') ?? '';
    if (!DEVICE_SIGNATURE_START.test(first) || isDeviceSignature(first)) return { text: null, signature: content };
  }
  const at = findSignatureStart(lines);
  if (at === -1) return { text: content, signature: null };
  return { text: lines.slice(0, at).join('\n'), signature: lines.slice(at).join('\n') };
}

function findSignatureStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.length > 100) continue;
    if (SIGNATURE_RULE.test(line) || isDeviceSignature(line)) return i;
    // "-Abhishek Kona" only as the last words: "-Shoes\n-Bag\nPlease help" is a list, not a sign-off.
    if (SIGN_OFF.test(line) && isSignatureTail(lines, i + 1)) return i;
  }
  return -1;
}

function isSignatureTail(lines: readonly string[], from: number): boolean {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    return line.length <= 100 && SIGNATURE_RULE.test(line);
  }
  return true;
}

function isDeviceSignature(line: string): boolean {
  const t = line.trim();
  return DEVICE_SIGNATURE.test(t) && t.split(/\s+/).length <= 9;
}
