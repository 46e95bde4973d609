import EmailReplyParser from 'email-reply-parser';
import sanitizeHtml from 'sanitize-html';
import { scanQuotes, splitSignature } from './quote-rules.js';

/** What the customer wrote, apart from the quoted history and the signature below it. */
export type VisibleReply = { visible: string; quoted: string | null; signature: string | null };

// email-reply-parser runs on native RegExp here (re2 is not installed), and some of its rules are
// super-linear: QUOTE_REGEX `(>+)$` is quadratic on a long run of ">" (the 707 KB line of
// email_long_quote.txt takes minutes); its multi-line header rules (`Op\s[\s\S]+?schreef`,
// `[a-z]{3,4}\.\s[\s\S]+\sskrev`) rescan the rest of the text from every line that starts like
// them, and its `^\s*` rules rescan a run of blank lines from each of its lines (500,000 blank
// lines: 15 s). So it only ever sees lines of at most PARSER_MAX_LINE characters (longer lines
// travel as placeholders and are put back afterwards) and at most PARSER_MAX_LINES lines and
// PARSER_MAX_CHARS characters: a customer's own words sit at the top, and what lies beyond the
// budget follows the kind of the last fragment the parser saw.
const PARSER_MAX_LINE = 1000;
const PARSER_MAX_LINES = 500;
const PARSER_MAX_CHARS = 16 * 1024;
const TOKEN_OPEN = '\uE000';
const TOKEN_CLOSE = '\uE001';

type Parsed = { visible: string[]; quoted: string[]; signature: string[]; endsQuoted: boolean };

/**
 * Splits a plain-text reply into what the customer wrote, the quoted history and the signature.
 * If everything looks quoted, the whole text is returned as visible, so nothing written is lost.
 */
export function extractVisibleReply(text: string): VisibleReply {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const scan = scanQuotes(lines);
  const headEnd = scan.cut ?? scan.forwardAt ?? lines.length;
  const budgetEnd = parserBudget(lines, headEnd);
  const parsed = parseWithLibrary(lines.slice(0, budgetEnd), new Set(scan.quotedLines));
  const overflow = lines.slice(budgetEnd, headEnd).join('\n');
  (parsed.endsQuoted ? parsed.quoted : parsed.visible).push(overflow);
  if (scan.cut !== null) parsed.quoted.push(lines.slice(scan.cut).join('\n'));
  const forward = scan.cut === null && scan.forwardAt !== null ? lines.slice(scan.forwardAt).join('\n') : '';

  const visible = [parsed.visible.join('\n'), forward].map(trimBlankEdges).filter((t) => t !== '').join('\n\n');
  if (visible === '') return { visible: trimBlankEdges(lines.join('\n')), quoted: null, signature: null };
  return { visible, quoted: joinOrNull(parsed.quoted), signature: joinOrNull(parsed.signature) };
}

/** How many of the first `end` lines fit the parser's budget. */
function parserBudget(lines: readonly string[], end: number): number {
  const last = Math.min(end, PARSER_MAX_LINES);
  let used = 0;
  for (let i = 0; i < last; i++) {
    used += Math.min((lines[i] ?? '').length, PARSER_MAX_LINE) + 1;
    if (used > PARSER_MAX_CHARS) return i;
  }
  return last;
}

function parseWithLibrary(lines: readonly string[], quotedLines: ReadonlySet<number>): Parsed {
  const originals: string[] = [];
  const input = lines.map((line, i) => {
    const isQuoted = quotedLines.has(i);
    if (!isQuoted && line.length <= PARSER_MAX_LINE && !/[\uE000\uE001]/.test(line)) return line;
    originals.push(line);
    // A leading ">" keeps the library's view of the line: quoted (our quotedLines) or not.
    const prefix = isQuoted || line.startsWith('>') ? '>' : '';
    return `${prefix}${TOKEN_OPEN}${(originals.length - 1).toString(36)}${TOKEN_CLOSE}`;
  });
  const restore = (s: string): string =>
    originals.length === 0 ? s : s.replace(/>?\uE000([0-9a-z]+)\uE001/g, (m, k: string) => originals[parseInt(k, 36)] ?? m);
  const parsed: Parsed = { visible: [], quoted: [], signature: [], endsQuoted: false };
  if (input.length === 0) return parsed;
  const fragments = new EmailReplyParser().read(input.join('\n')).getFragments();
  for (const fragment of fragments) {
    const content = restore(fragment.getContent());
    if (fragment.isQuoted()) {
      parsed.quoted.push(content);
    } else if (fragment.isSignature() || !fragment.isHidden()) {
      const split = splitSignature(content, fragment.isSignature());
      if (split.text !== null) parsed.visible.push(split.text);
      if (split.signature !== null) parsed.signature.push(split.signature);
    }
  }
  const last = [...fragments].reverse().find((f) => !f.isEmpty());
  parsed.endsQuoted = last !== undefined && last.isQuoted();
  return parsed;
}

/** Drops blank lines at both ends and trailing spaces, keeping the first line's indentation. */
function trimBlankEdges(text: string): string {
  const lines = text.split('\n');
  let start = 0;
  while (start < lines.length && (lines[start] ?? '').trim() === '') start++;
  return lines.slice(start).join('\n').trimEnd();
}

function joinOrNull(parts: readonly string[]): string | null {
  const joined = trimBlankEdges(parts.filter((p) => p.trim() !== '').join('\n'));
  return joined === '' ? null : joined;
}

// ---- HTML -----------------------------------------------------------------------------------

/** How the inline images of one message are served: Content-ID (without `<>`) → URL. */
export type SanitizeOptions = { inlineImages: Map<string, string> };

// Small inline pictures (logos, smileys) may travel as data: URLs; SVG never (it can script).
const DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp);base64,[a-z0-9+/=\s]*$/i;
const MAX_DATA_IMAGE_CHARS = 64 * 1024;
const REMOTE_URL = /^(?:https?:)?[\\/]{2}|^https?:/i;

const SANITIZE_BASE: sanitizeHtml.IOptions = {
  allowedTags: [
    'a', 'abbr', 'b', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'div', 'dl', 'dt',
    'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 's',
    'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr',
    'tt', 'u', 'ul',
  ],
  allowedAttributes: {
    '*': ['dir', 'lang'],
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan', 'align', 'valign'],
    th: ['colspan', 'rowspan', 'align', 'valign'],
    table: ['border', 'cellpadding', 'cellspacing'],
    col: ['span'],
    colgroup: ['span'],
    ol: ['start', 'type'],
    li: ['value'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  // Only the sources our img transform leaves: data: images it vetted and the URLs of cid: images.
  allowedSchemesByTag: { img: ['data', 'http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Elements whose content is not readable text: dropped whole, not unwrapped.
  nonTextTags: [
    'script', 'style', 'textarea', 'option', 'xmp', 'noscript', 'noembed', 'noframes', 'title', 'head', 'template',
    'iframe', 'object', 'embed', 'svg', 'math', 'select', 'button',
  ],
};

/**
 * Sanitises an email's HTML for display to agents: formatting, lists, tables and links survive;
 * scripts, styles, forms, frames, event handlers and `style` attributes do not. Images are kept
 * only from `cid:` (rewritten to their URL) or small data: URLs; remote images are dropped and
 * counted, since they are mostly tracking pixels.
 */
export function sanitizeEmailHtml(html: string, options: SanitizeOptions): { html: string; blockedRemoteImages: number } {
  if (isNestedDeeperThan(html, MAX_HTML_DEPTH)) return { html: textAsHtml(htmlToText(html)), blockedRemoteImages: 0 };
  let blockedRemoteImages = 0;
  const clean = sanitizeHtml(html, {
    ...SANITIZE_BASE,
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' } }),
      img: (tagName, attribs) => {
        const { src, ...rest } = attribs;
        const source = resolveImageSource(src ?? '', options.inlineImages);
        if (source === 'remote') blockedRemoteImages++;
        return { tagName, attribs: typeof source === 'object' ? { ...rest, src: source.url } : rest };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs['src'],
  });
  return { html: clean, blockedRemoteImages };
}

// htmlparser2 (inside sanitize-html) is quadratic in nesting depth: 40,000 nested <b> take 0.4 s,
// 100,000 nested <div> 8 s. Mail nests a few dozen levels; deeper than this, a message is shown as
// escaped plain text (with no images at all) instead.
const MAX_HTML_DEPTH = 500;
const NOT_NESTING = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'thead', 'tbody', 'tfoot', 'colgroup',
]);

function isNestedDeeperThan(html: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < html.length; ) {
    const lt = html.indexOf('<', i);
    const tag = lt === -1 ? null : readTag(html, lt);
    if (tag === null) return false;
    i = tag.end;
    if (tag.name === '' || tag.selfClosing || NOT_NESTING.has(tag.name)) continue;
    depth = tag.closing ? Math.max(0, depth - 1) : depth + 1;
    if (depth > limit) return true;
  }
  return false;
}

function textAsHtml(text: string): string {
  const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<div>${text.split('\n').map(escape).join('<br />')}</div>`;
}

function resolveImageSource(raw: string, inlineImages: Map<string, string>): { url: string } | 'remote' | 'dropped' {
  const src = raw.trim();
  if (/^cid:/i.test(src)) {
    const id = src.slice(4).replace(/^<|>$/g, '');
    const url = inlineImages.get(id) ?? inlineImages.get(safeDecodeUri(id));
    return url === undefined ? 'dropped' : { url };
  }
  if (/^data:/i.test(src)) return src.length <= MAX_DATA_IMAGE_CHARS && DATA_IMAGE.test(src) ? { url: src } : 'dropped';
  return REMOTE_URL.test(src) ? 'remote' : 'dropped';
}

function safeDecodeUri(value: string): string {
  try {
    return decodeURIComponent(value); // RFC 2392: a cid: URL is the Content-ID, URL-encoded.
  } catch {
    return value;
  }
}

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'caption', 'center', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'header', 'li', 'main', 'nav', 'ol', 'section', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul',
]);
const PARAGRAPH_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'pre', 'blockquote']);
// Raw text up to their closing tag, even when it never comes (then to the end, as browsers do).
const RAW_TEXT_TAGS = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript', 'noembed', 'noframes']);
// Skipped up to their closing tag when there is one, otherwise only the tag itself is ignored.
const SKIPPED_TAGS = new Set(['head', 'template', 'svg', 'math', 'iframe', 'object', 'select']);
const NAMED_ENTITIES = new Map<string, string>(Object.entries({
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '', zwnj: '', zwj: '', copy: '©', reg: '®',
  trade: '™', hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”',
  bdquo: '„', laquo: '«', raquo: '»', bull: '•', middot: '·', euro: '€', pound: '£', deg: '°', times: '×',
  aacute: 'á', eacute: 'é', iacute: 'í', oacute: 'ó', uacute: 'ú', ntilde: 'ñ', uuml: 'ü', acirc: 'â', icirc: 'î',
  Aacute: 'Á', Eacute: 'É', Iacute: 'Í', Oacute: 'Ó', Uacute: 'Ú', Ntilde: 'Ñ', Uuml: 'Ü', Acirc: 'Â', Icirc: 'Î',
  abreve: 'ă', Abreve: 'Ă', iexcl: '¡', iquest: '¿', ordf: 'ª', ordm: 'º', auml: 'ä', ouml: 'ö', szlig: 'ß',
  agrave: 'à', egrave: 'è', ccedil: 'ç', ecirc: 'ê',
})); // a Map, so "&constructor;" finds nothing

/** Decodes character references: numeric ones and the named ones mail clients commonly write. */
function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi, (match, ref: string) => {
    if (ref[0] !== '#') return NAMED_ENTITIES.get(ref) ?? match;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
  });
}

// Deeper blockquotes share one prefix: 10,000 nested ones must not give each line 20 KB of "> ".
const MAX_QUOTE_DEPTH = 20;

/** Collects text into lines; a line's blockquote depth is the depth where its first text was written. */
class TextWriter {
  private readonly lines: string[] = [];
  // The current line as parts: appending to one string and reading it back flattens V8's rope each time.
  private parts: string[] = [];
  private lastChar = '';
  private lineDepth = 0;
  depth = 0;

  write(text: string, preformatted: boolean): void {
    const pieces = preformatted ? text.split('\n') : [text.replace(/\s+/g, ' ')];
    pieces.forEach((raw, i) => {
      if (i > 0) this.newline();
      let piece = this.parts.length === 0 && !preformatted ? raw.trimStart() : raw;
      if (this.lastChar === ' ' && piece.startsWith(' ')) piece = piece.slice(1);
      if (piece === '') return;
      if (this.parts.length === 0) this.lineDepth = this.depth;
      this.parts.push(piece);
      this.lastChar = piece[piece.length - 1] ?? '';
    });
  }

  /** `<br>`: ends the line even when it is empty. */
  newline(): void {
    const text = this.parts.join('');
    this.lines.push(this.prefixed(text, text === '' ? this.depth : this.lineDepth));
    this.parts = [];
    this.lastChar = '';
  }

  /** Block boundary: ends a non-empty line; `blank` also asks for one empty line. */
  block(blank: boolean): void {
    if (this.parts.some((p) => p.trim() !== '')) this.newline();
    else this.parts = [];
    this.lastChar = '';
    const last = this.lines[this.lines.length - 1];
    if (blank && last !== undefined && !isBlankQuoteLine(last)) this.lines.push(this.prefixed('', this.depth));
  }

  finish(): string {
    this.block(false);
    const out: string[] = [];
    for (const line of this.lines) {
      const previous = out[out.length - 1];
      if (isBlankQuoteLine(line) && (previous === undefined || isBlankQuoteLine(previous))) continue;
      out.push(line);
    }
    while (out.length > 0 && isBlankQuoteLine(out[out.length - 1] ?? '')) out.pop();
    return out.join('\n');
  }

  private prefixed(text: string, depth: number): string {
    return `${'> '.repeat(Math.min(depth, MAX_QUOTE_DEPTH))}${text.trimEnd()}`.trimEnd();
  }
}

function isBlankQuoteLine(line: string): boolean {
  return line.replace(/^[> ]+/, '') === '';
}

/**
 * Compact plain text of an HTML body, for messages that have no text part: block elements and
 * `<br>` become line breaks, entities are decoded, scripts and styles dropped, and blockquote
 * lines are prefixed with "> " so the reply extractor sees them as quotes. One linear pass.
 */
export function htmlToText(source: string): string {
  const html = source.replace(/\r\n?/g, '\n');
  const out = new TextWriter();
  const unclosed = new Set<string>();
  const lists: { ordered: boolean; n: number }[] = [];
  let pre = 0;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const textEnd = lt === -1 ? html.length : lt;
    if (textEnd > i) out.write(decodeEntities(html.slice(i, textEnd)), pre > 0);
    if (lt === -1) break;
    const tag = readTag(html, lt);
    if (tag === null) break; // an unterminated tag swallows the rest, as in a browser
    i = tag.end;
    if (tag.name === '') {
      if (tag.isText) out.write('<', pre > 0);
      continue;
    }
    if (!tag.closing && !tag.selfClosing && (RAW_TEXT_TAGS.has(tag.name) || SKIPPED_TAGS.has(tag.name))) {
      const close = findClosingTag(html, tag.name, i, unclosed);
      if (close !== -1) i = close;
      else if (RAW_TEXT_TAGS.has(tag.name)) break;
      continue;
    }
    applyTag(out, tag, lists, (delta) => (pre = Math.max(0, pre + delta)));
  }
  return out.finish();
}

type Tag = { name: string; closing: boolean; selfClosing: boolean; end: number; isText: boolean };

/** Reads the tag at `lt`; `name` is '' for comments, doctypes and a "<" that starts no tag. */
function readTag(html: string, lt: number): Tag | null {
  if (html.startsWith('<!--', lt)) {
    const end = html.indexOf('-->', lt + 4);
    return end === -1 ? null : { name: '', closing: false, selfClosing: false, end: end + 3, isText: false };
  }
  const head = /^<(\/?)([a-z][a-z0-9:-]*)/i.exec(html.slice(lt, lt + 64));
  if (head === null) {
    if (html[lt + 1] === '!' || html[lt + 1] === '?' || html[lt + 1] === '/') {
      const end = html.indexOf('>', lt);
      return end === -1 ? null : { name: '', closing: false, selfClosing: false, end: end + 1, isText: false };
    }
    return { name: '', closing: false, selfClosing: false, end: lt + 1, isText: true };
  }
  let quote = '';
  for (let j = lt + head[0].length; j < html.length; j++) {
    const c = html[j];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      const name = (head[2] ?? '').toLowerCase();
      return { name, closing: head[1] === '/', selfClosing: html[j - 1] === '/', end: j + 1, isText: false };
    }
  }
  return null;
}

/** Position after `</name>` from `from`, or -1; a name once found unclosed is not searched again (linear). */
function findClosingTag(html: string, name: string, from: number, unclosed: Set<string>): number {
  if (unclosed.has(name)) return -1;
  const pattern = new RegExp(`</${name}\\s*>`, 'gi');
  pattern.lastIndex = from;
  const match = pattern.exec(html);
  if (match === null) unclosed.add(name);
  return match === null ? -1 : match.index + match[0].length;
}

function applyTag(out: TextWriter, tag: Tag, lists: { ordered: boolean; n: number }[], adjustPre: (d: number) => void): void {
  const { name, closing } = tag;
  if (name === 'br') return out.newline();
  if (name === 'blockquote') {
    out.block(true);
    out.depth = Math.max(0, out.depth + (closing ? -1 : 1));
    return;
  }
  if (name === 'pre') adjustPre(closing ? -1 : 1);
  if (name === 'ul' || name === 'ol') {
    if (closing) lists.pop();
    else lists.push({ ordered: name === 'ol', n: 0 });
  }
  if (PARAGRAPH_TAGS.has(name)) return out.block(true);
  if (BLOCK_TAGS.has(name)) {
    out.block(false);
    const list = lists[lists.length - 1];
    if (name === 'li' && !closing && list) out.write(list.ordered ? `${++list.n}. ` : '- ', true);
    return;
  }
  if ((name === 'td' || name === 'th') && !closing) out.write(' ', false);
}
