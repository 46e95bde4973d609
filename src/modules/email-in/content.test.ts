import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import PostalMime from 'postal-mime';
import { afterAll, describe, expect, it } from 'vitest';
import { extractVisibleReply, htmlToText, sanitizeEmailHtml, type VisibleReply } from './content.js';

// ---- shared fixtures (../shared/data/email_reply, read in place) ----------------------------
//
// Each expectations.json holds upstream assertions as data (see MANIFEST.md §2). A case here is
// one fixture's applicable assertions turned into a check that returns null or what went wrong.
// Applicable: exact visible text, first-fragment equals/matches/contains (against `visible`),
// later fragments (against `quoted`, or `signature` when the upstream flags say so). Fragment
// counts and per-fragment flags describe a parser's internals and are not checked. Later
// fragments are compared with whitespace collapsed: parsers differ in how they re-join a
// wrapped "On … wrote:" line. Regexes (Ruby/PCRE) are run as JS with the `m` flag.

const DATA = new URL('../../../../shared/data/email_reply/', import.meta.url);
const hasData = existsSync(DATA);
if (!hasData) console.log(`content.test: ${fileURLToPath(DATA)} is absent; fixture tests are skipped`);

type Check = (r: VisibleReply) => string | null;
type Case = { folder: string; name: string; input: () => Promise<string> | string; check: Check };
type Json = Record<string, unknown>;

/** Fixtures we deliberately do not meet, with the reason. They run as `it.fails`. */
const KNOWN_FAILURES: Record<string, string> = {
  'talon/standard_replies/thunderbird.eml':
    'postal-mime joins the format=flowed quoted line "> Hi " with the unquoted "Hello" (RFC 3676 §4.5 says a quote-depth change ends a paragraph); the text we get is "> Hi Hello"',
};

const read = (path: string): string => readFileSync(new URL(path, DATA), 'utf8');
const readJson = (path: string): Json => JSON.parse(read(path)) as Json;
const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [String(v)]);

/** Where an upstream fragment lives in our result; flags decide, else fragment 0 is `visible`. */
function targets(r: VisibleReply, index: number, spec: Json): { text: string; exact: boolean }[] {
  const flag = (key: string): boolean | undefined => {
    const flags = spec[key] ?? spec[`${key}_all`];
    if (Array.isArray(flags)) return flags[index] as boolean | undefined;
    if (flags && typeof flags === 'object') return (flags as Record<string, boolean>)[String(index)];
    return undefined;
  };
  if (flag('quoted') === true) return [{ text: r.quoted ?? '', exact: false }];
  if (flag('signature') === true) return [{ text: r.signature ?? '', exact: false }];
  if (index === 0 || flag('hidden') === false) return [{ text: r.visible, exact: true }];
  // Unflagged later fragments: quoted history usually, a signature or an inline answer sometimes.
  return [r.quoted, r.signature, r.visible].map((text) => ({ text: text ?? '', exact: false }));
}

/** Builds the check for one fixture's expectations; null when nothing in it is applicable. */
function fragmentCheck(spec: Json): Check | null {
  const checks: Check[] = [];
  const each = (key: string, fn: (text: string, exact: boolean, value: string) => string | null): void => {
    const entries = spec[key] as Record<string, unknown> | undefined;
    for (const [k, values] of Object.entries(entries ?? {})) {
      for (const value of asList(values)) {
        if (value.trim() === '') continue;
        checks.push((r) => {
          const problems = targets(r, Number(k), spec).map((t) => fn(t.text, t.exact, value));
          return problems.includes(null) ? null : `fragment ${k}: ${problems[0] ?? ''}`;
        });
      }
    }
  };
  each('fragment_equals', (text, exact, value) =>
    (exact ? text.startsWith(value.trim()) : collapse(text).includes(collapse(value))) ? null : `no ${JSON.stringify(value)}`,
  );
  each('fragment_matches', (text, _exact, value) => {
    const ok = value.startsWith('substring:') ? text.includes(value.slice(10)) : new RegExp(value, 'm').test(text);
    return ok ? null : `does not match ${value}`;
  });
  each('fragment_contains', (text, _e, value) => (text.includes(value) ? null : `lacks ${JSON.stringify(value)}`));
  each('fragment_not_contains', (text, _e, value) => (text.includes(value) ? `has ${JSON.stringify(value)}` : null));
  const visibleExact = spec['visible_reply'] ?? spec['parseReply'] ?? spec['visible_text'];
  if (typeof visibleExact === 'string') checks.push((r) => expectVisible(r.visible, visibleExact.trimEnd()));
  const stripped = spec['visible_reply_stripped'];
  if (typeof stripped === 'string') checks.push((r) => expectVisible(r.visible.trim(), stripped.trim()));
  for (const s of asList(spec['reply_contains'] ?? [])) checks.push((r) => (r.visible.includes(s) ? null : `visible lacks ${s}`));
  for (const s of asList(spec['reply_not_contains'] ?? [])) checks.push((r) => (r.visible.includes(s) ? `visible has ${s}` : null));
  if (checks.length === 0) return null;
  return (r) => checks.map((c) => c(r)).find((p) => p !== null) ?? null;
}

function expectVisible(actual: string, expected: string): string | null {
  return actual === expected ? null : `visible ${JSON.stringify(actual.slice(0, 200))} ≠ ${JSON.stringify(expected.slice(0, 200))}`;
}

function githubCases(): Case[] {
  const spec = readJson('github_email_reply_parser/expectations.json');
  const cases: Case[] = [];
  for (const [file, expectations] of Object.entries(spec['fixtures'] as Record<string, Json>)) {
    const check = fragmentCheck(expectations);
    if (check) cases.push({ folder: 'github', name: file, input: () => read(`github_email_reply_parser/${file}`), check });
  }
  for (const [n, inline] of (spec['inline_cases'] as Json[]).entries()) {
    const check = fragmentCheck(inline);
    if (check) cases.push({ folder: 'github', name: `inline ${n}`, input: () => String(inline['input']), check });
  }
  return cases;
}

function zapierCases(): Case[] {
  const spec = readJson('zapier_email_reply_parser/expectations.json');
  const cases: Case[] = [];
  for (const [key, expectations] of Object.entries(spec['fixtures'] as Record<string, Json>)) {
    const check = fragmentCheck(expectations);
    const path = key.startsWith('shared:') ? `github_email_reply_parser/${key.slice(7)}` : `zapier_email_reply_parser/${key}`;
    if (check) cases.push({ folder: 'zapier', name: key, input: () => read(path), check });
  }
  return cases;
}

function willdurandCases(): Case[] {
  const spec = readJson('willdurand_EmailReplyParser/expectations.json');
  const common = String(spec['COMMON_FIRST_FRAGMENT']);
  const cases: Case[] = [];
  for (const [file, expectations] of Object.entries(spec['fixtures'] as Record<string, Json>)) {
    const input = (): string => read(`willdurand_EmailReplyParser/${file}`);
    if (expectations['template_placeholder'] === '[DATE]') {
      const expected = String(expectations['visible_text_for_each']);
      for (const header of asList(expectations['substitutions'])) {
        cases.push({
          folder: 'willdurand',
          name: `${file} [DATE]=${header}`,
          input: () => input().replace('[DATE]', () => header),
          check: (r) => expectVisible(r.visible, expected),
        });
      }
      continue;
    }
    const checks = [fragmentCheck(expectations)];
    if (expectations['first_fragment_trimmed'] === 'COMMON_FIRST_FRAGMENT') {
      checks.push((r) => expectVisible(r.visible.trim(), common));
    }
    const present = checks.filter((c): c is Check => c !== null);
    if (present.length === 0) continue;
    cases.push({ folder: 'willdurand', name: file, input, check: (r) => present.map((c) => c(r)).find((p) => p) ?? null });
  }
  return cases;
}

function talonCases(): Case[] {
  const spec = readJson('mailgun_talon/expectations.json');
  const cases: Case[] = [];
  for (const [file, expectations] of Object.entries(spec['file_fixtures'] as Record<string, Json>)) {
    const expected = String(expectations['expected_plain_reply']);
    if (file.startsWith('standard_replies/')) {
      // talon strips the quotation but keeps the signature: compare visible, or visible + signature.
      const input = async (): Promise<string> => {
        const mail = await PostalMime.parse(readFileSync(new URL(`mailgun_talon/${file}`, DATA)));
        return mail.text ?? htmlToText(mail.html ?? '');
      };
      cases.push({ folder: 'talon', name: file, input, check: talonCheck(expected, collapse) });
    } else if (file.startsWith('html_replies/')) {
      // talon's own comparison for HTML replies: all whitespace removed.
      const input = (): string => htmlToText(read(`mailgun_talon/${file}`));
      cases.push({ folder: 'talon', name: file, input, check: talonCheck(expected, (s) => s.replace(/\s+/g, '')) });
    }
  }
  for (const [n, inline] of (spec['inline_cases'] as Json[]).entries()) {
    if (inline['function'] !== 'extract_from_plain' || inline['note']) continue; // notes mark patched settings
    const name = `inline ${n} ${String(inline['test'])}`;
    cases.push({ folder: 'talon-inline', name, input: () => String(inline['input']), check: talonCheck(String(inline['expected']), collapse) });
  }
  return cases;
}

function talonCheck(expected: string, norm: (s: string) => string): Check {
  return (r) => {
    const withSignature = r.signature ? `${r.visible}\n\n${r.signature}` : r.visible;
    if (norm(r.visible) === norm(expected) || norm(withSignature) === norm(expected)) return null;
    return expectVisible(r.visible, expected.trim());
  };
}

const ALL_CASES: Case[] = hasData ? [...githubCases(), ...zapierCases(), ...willdurandCases(), ...talonCases()] : [];
// Talon's inline cases are outside the brief (its standard replies are in it): reported, gated lower.
const MIN_PASS_RATE: Record<string, number> = { github: 0.9, zapier: 0.9, willdurand: 0.9, talon: 0.9, 'talon-inline': 0.75 };
const KNOWN_TALON_INLINE_FAILURES: Record<string, string> = {
  'inline 2 test_pattern_on_date_polymail': 'Polymail spreads "On … wrote:" over five lines with a blank one inside; we join at most three unbroken lines',
  'inline 11 test_reply_and_quotation_splitter_share_line': 'the reply and "On … wrote:" share one line; we do not split inside a line',
  'inline 12 test_reply_and_quotation_splitter_share_line': 'the reply and "--- On … wrote:" share one line; we do not split inside a line',
  'inline 13 test_reply_and_quotation_splitter_share_line': '"bla-bla - bla--- On … wrote:" is taken whole as the attribution, so "bla-bla - bla" goes with the quote',
  'inline 35 test_quotation_marker_false_positive': 'a ">>> >>> link <<<" line is quoted for email-reply-parser (any line starting with ">")',
  'inline 37 test_link_breaks_quotation_markers_sequence': 'a wrapped link whose ">" ended up at the end of the line; only lines broken off a long or bracket-open quoted line are re-attached',
};

const results = new Map<string, { passed: number; total: number }>();

describe.skipIf(!hasData)('extractVisibleReply on the shared fixtures', () => {
  for (const c of ALL_CASES) {
    const id = `${c.folder === 'talon' ? 'talon/' : `${c.folder}/`}${c.name}`;
    const known = KNOWN_FAILURES[id] ?? KNOWN_TALON_INLINE_FAILURES[c.name];
    const run = known ? it.fails : it;
    run(`${id}${known ? ` (known failure: ${known})` : ''}`, async () => {
      const problem = c.check(extractVisibleReply(await c.input()));
      const tally = results.get(c.folder) ?? { passed: 0, total: 0 };
      results.set(c.folder, { passed: tally.passed + (problem === null ? 1 : 0), total: tally.total + 1 });
      expect(problem).toBeNull();
    });
  }

  afterAll(() => {
    for (const [folder, { passed, total }] of results) {
      const rate = passed / total;
      console.log(`email_reply/${folder}: ${passed}/${total} (${(rate * 100).toFixed(0)} %)`);
      expect(rate, `pass rate of ${folder}`).toBeGreaterThanOrEqual(MIN_PASS_RATE[folder] ?? 0.9);
    }
  });
});

// ---- our own rules ---------------------------------------------------------------------------

const SUPPORT = 'Soporte Postdesk <support@postdesk.example>';
const ES_QUOTE = '> Hola Ana,\n> su caso PD-1234 fue registrado.\n> Gracias';
const RO_QUOTE = '> Bună ziua,\n> cazul PD-1234 a fost înregistrat.';

type OwnCase = { name: string; input: string; visible: string; quoted?: RegExp | null; signature?: string | null };
const OWN_CASES: OwnCase[] = [
  {
    name: 'Spanish Gmail attribution above > quotes',
    input: `Gracias, ya lo recibí.\n\nEl mar, 24 nov 2026 a las 10:00, ${SUPPORT} escribió:\n${ES_QUOTE}`,
    visible: 'Gracias, ya lo recibí.',
    quoted: /^El mar, 24 nov 2026 a las 10:00, .* escribió:\n> Hola Ana/,
  },
  {
    name: 'Spanish attribution over two lines, unquoted history below',
    input: `Gracias.\n\nEl mar, 24 nov 2026, 10:00, ${SUPPORT}\nescribió:\n\nHola Ana,\nsu caso PD-1234 fue registrado.`,
    visible: 'Gracias.',
    quoted: /^El mar, .*\nescribió:\n\nHola Ana/,
  },
  {
    name: 'Spanish attribution with the address wrapped, no blank line before it',
    input: `Sí, el viernes.\nEl mar, 24 nov 2026 a las 10:00, Soporte <\nsupport@postdesk.example> escribió:\n${ES_QUOTE}`,
    visible: 'Sí, el viernes.',
  },
  {
    name: 'Romanian "La data de … a scris:"',
    input: `Mulțumesc, am primit coletul.\n\nLa data de 24.11.2026 10:00, Soporte a scris:\n${RO_QUOTE}`,
    visible: 'Mulțumesc, am primit coletul.',
    quoted: /^La data de 24\.11\.2026 10:00, Soporte a scris:\n> Bună ziua/,
  },
  {
    name: 'Romanian Gmail "Pe … a scris:" with unquoted history',
    input: `Vă mulțumesc!\n\nPe 24 nov. 2026, la 10:00, ${SUPPORT} a scris:\n\nBună ziua,\ncazul PD-1234 a fost înregistrat.`,
    visible: 'Vă mulțumesc!',
    quoted: /^Pe 24 nov\. 2026/,
  },
  {
    name: 'Romanian "În …, … a scris:"',
    input: `Coletul nu a ajuns.\n\nÎn 24.11.2026 10:00, Soporte a scris:\n${RO_QUOTE}`,
    visible: 'Coletul nu a ajuns.',
  },
  {
    name: 'Romanian name-and-address attribution',
    input: `Da.\n\nSoporte Postdesk <support@postdesk.example> a scris:\n${RO_QUOTE}`,
    visible: 'Da.',
  },
  {
    name: 'our marker line: everything from it down is quoted',
    input: 'Yes, please redeliver on Friday.\n\n##- Please type your reply above this line -##\n\nCase PD-1234\nYour parcel is held.',
    visible: 'Yes, please redeliver on Friday.',
    quoted: /^##- Please type your reply above this line -##\n/,
  },
  {
    name: 'our marker, translated and quoted under an attribution',
    input: `Da, vineri.\n\nOn Tue, 24 Nov 2026 at 10:00, ${SUPPORT} wrote:\n\n> ##- Vă rugăm să scrieți răspunsul deasupra acestei linii -##\n> Cazul PD-1234\n\nAlt text citat fără prefix`,
    visible: 'Da, vineri.',
    quoted: /^On Tue, 24 Nov 2026 .* wrote:\n\n> ##- Vă rugăm/,
  },
  {
    name: 'our marker under an attribution without date or address',
    input: 'Gracias\nSoporte escribió:\n> ##- Escriba su respuesta encima de esta línea -##\n> Caso PD-1234',
    visible: 'Gracias',
    quoted: /^Soporte escribió:\n> ##-/,
  },
  {
    name: 'Outlook "-----Original Message-----"',
    input: 'Received, thanks.\n\n-----Original Message-----\nFrom: Postdesk Support <support@postdesk.example>\nSent: Tuesday, November 24, 2026 10:00 AM\n\nYour case PD-1234',
    visible: 'Received, thanks.',
    quoted: /^-----Original Message-----/,
  },
  {
    name: 'Outlook Spanish "De: … Enviado: …" block',
    input: `Adjunto la factura.\n\nDe: ${SUPPORT}\nEnviado: martes, 24 de noviembre de 2026 10:00\nPara: Ana <ana@example.es>\nAsunto: [PD-1234] Su envío\n\nHola Ana, su caso fue registrado.`,
    visible: 'Adjunto la factura.',
    quoted: /^De: Soporte/,
  },
  {
    name: 'Outlook Romanian "De la: … Trimis: …" block after a rule',
    input: `Vă trimit factura.\n\n________________________________\nDe la: ${SUPPORT}\nTrimis: marți, 24 noiembrie 2026 10:00\nCătre: ion@example.ro\nSubiect: Cazul PD-1234\n\nBună ziua`,
    visible: 'Vă trimit factura.',
    quoted: /^_{32}\nDe la:/,
  },
  {
    name: 'English bold From/Sent block',
    input: 'Thanks\n\n*From:* Postdesk <support@postdesk.example>\n*Sent:* Tuesday, November 24, 2026 10:00\n*To:* me\n\nText',
    visible: 'Thanks',
  },
  {
    name: 'a line of the customer ending in ":" above our marker stays visible',
    input: 'My answers:\n1. yes\n2. Friday\n\n##- Please type your reply above this line -##\nCase PD-1234',
    visible: 'My answers:\n1. yes\n2. Friday',
  },
  { name: 'prose "… a scris:" without date or address stays visible', input: 'Colegul meu a scris:\nCând ajunge coletul?', visible: 'Colegul meu a scris:\nCând ajunge coletul?', quoted: null },
  { name: 'a postal "From: / To:" note stays visible', input: 'Parcel details\nFrom: Bucharest\nTo: Madrid\nPlease check.', visible: 'Parcel details\nFrom: Bucharest\nTo: Madrid\nPlease check.', quoted: null },
  { name: 'parcel details with "Date:" and "From:" stay visible', input: 'Details:\nDate: 24.11.2026\nFrom: Cluj\nTo: Madrid\nStill not here.', visible: 'Details:\nDate: 24.11.2026\nFrom: Cluj\nTo: Madrid\nStill not here.', quoted: null },
  { name: '"was sent:" in prose stays visible', input: 'My parcel RR123456789RO was sent:\n24.11.2026 from Cluj', visible: 'My parcel RR123456789RO was sent:\n24.11.2026 from Cluj', quoted: null },
  { name: '"--" inside a line starts no signature', input: 'Fixed it -- this is not a signature.\n\nkthxbai', visible: 'Fixed it -- this is not a signature.\n\nkthxbai', signature: null },
  { name: 'a list of "-items" is not a sign-off', input: 'Missing items:\n-Shoes\n-Bag\nPlease help.', visible: 'Missing items:\n-Shoes\n-Bag\nPlease help.', signature: null },
  { name: 'a "-Name" sign-off at the end is a signature', input: 'Thanks!\n\n-Ion', visible: 'Thanks!', signature: '-Ion' },
  { name: 'Romanian device signature', input: 'Mulțumesc\n\nTrimis de pe iPhone-ul meu', visible: 'Mulțumesc', signature: 'Trimis de pe iPhone-ul meu' },
  { name: 'Spanish device signature', input: 'Gracias\n\nEnviado desde mi iPhone', visible: 'Gracias', signature: 'Enviado desde mi iPhone' },
  {
    name: 'all quoted: the whole text comes back as visible',
    input: `On Tue, 24 Nov 2026 at 10:00, ${SUPPORT} wrote:\n> Hola`,
    visible: `On Tue, 24 Nov 2026 at 10:00, ${SUPPORT} wrote:\n> Hola`,
    quoted: null,
  },
  {
    name: 'a forward stays visible, headers and all',
    input: 'See below.\n\n---------- Forwarded message ---------\nFrom: Courier <noreply@courier.example>\nDate: Tue, 24 Nov 2026\nSubject: Delivery failed\n\nWe could not deliver.',
    visible: 'See below.\n\n---------- Forwarded message ---------\nFrom: Courier <noreply@courier.example>\nDate: Tue, 24 Nov 2026\nSubject: Delivery failed\n\nWe could not deliver.',
    quoted: null,
  },
  { name: 'CRLF line ends', input: `Gracias.\r\n\r\nEl mar, 24 nov 2026 a las 10:00, ${SUPPORT} escribió:\r\n> Hola\r\n`, visible: 'Gracias.' },
  { name: 'empty text', input: '', visible: '', quoted: null, signature: null },
  { name: 'private-use characters pass through', input: 'a \uE000 b \uE0011\uE001 c', visible: 'a \uE000 b \uE0011\uE001 c' },
];

describe('extractVisibleReply: our rules', () => {
  it.each(OWN_CASES)('$name', ({ input, visible, quoted, signature }) => {
    const reply = extractVisibleReply(input);
    expect(reply.visible).toBe(visible);
    if (quoted === null) expect(reply.quoted).toBeNull();
    else if (quoted) expect(reply.quoted).toMatch(quoted);
    if (signature !== undefined) expect(reply.signature).toBe(signature);
  });

  it('keeps lines longer than the parser sees, unchanged', () => {
    const long = 'A'.repeat(5000);
    const quote = `>${'>'.repeat(5000)}`;
    const reply = extractVisibleReply(`${long}\n\nOn Tue, 24 Nov 2026 at 10:00, ${SUPPORT} wrote:\n${quote}`);
    expect(reply.visible).toBe(long);
    expect(reply.quoted?.endsWith(quote)).toBe(true);
  });

  it('keeps text beyond the parser budget, with the last fragment it follows', () => {
    const paragraph = 'Line of my own text, quite long, about the parcel.\n'.repeat(1000);
    const reply = extractVisibleReply(`${paragraph}\nThe end.`);
    expect(reply.visible).toBe(`${paragraph}\nThe end.`.trimEnd());
  });
});

// ---- timings: the ReDoS guard ---------------------------------------------------------------

// Upstream allows 1 s; the goal here is < 100 ms. The bound is generous (a loaded CI machine runs
// these 5-10× slower), but a quadratic rule takes seconds to minutes on inputs of this size.
const BOUND_MS = 1000;
const time = (fn: () => unknown): number => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};

describe('extractVisibleReply stays linear', () => {
  it.skipIf(!hasData).each(['pathological.txt', 'email_long_quote.txt'])('on github %s', (file) => {
    const text = read(`github_email_reply_parser/${file}`);
    const ms = time(() => extractVisibleReply(text));
    console.log(`extractVisibleReply(${file}, ${text.length} chars): ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  const hostile: [string, string][] = [
    ['one 800 KB line of ">" then a letter', `${'>'.repeat(800_000)}A`],
    ['a letter then 800 KB of ">"', `A${'>'.repeat(800_000)}`],
    ['20,000 lines starting "Op "', 'Op x\n'.repeat(20_000)],
    ['20,000 lines starting "tir. "', 'tir. x\n'.repeat(20_000)],
    ['20,000 lines starting "W dniu "', 'W dniu x\n'.repeat(20_000)],
    ['200,000 blank lines', '\n'.repeat(200_000)],
    ['200,000 spaces', ' '.repeat(200_000)],
    ['one line of 180 KB " on at"', ' on at'.repeat(30_000)],
    ['600 "On …" lines of 300 characters', `On ${'a '.repeat(150)}\n`.repeat(600)],
    ['20,000 "From:" lines', 'From: a\n'.repeat(20_000)],
    ['50,000 quoted lines', '> a\n'.repeat(50_000)],
    ['2,000 wrapped quote lines', `> ${'x'.repeat(70)}\ny\n`.repeat(2_000)],
  ];
  it.each(hostile)('on %s', (_name, text) => {
    extractVisibleReply('warm up');
    expect(time(() => extractVisibleReply(text))).toBeLessThan(BOUND_MS);
  });
});

// ---- HTML ----------------------------------------------------------------------------------

const noImages = { inlineImages: new Map<string, string>() };
const clean = (html: string): string => sanitizeEmailHtml(html, noImages).html;

describe('sanitizeEmailHtml', () => {
  it.each([
    ['script', '<p>hi</p><script>alert(1)</script>', '<p>hi</p>'],
    ['onerror', '<img src=x onerror=alert(1)><b onclick="x()">b</b>', '<b>b</b>'],
    ['svg', '<svg onload=alert(1)><script>alert(2)</script><text>t</text></svg>ok', 'ok'],
    ['javascript: href', '<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow" target="_blank">x</a>'],
    ['entity-encoded javascript: href', '<a href="&#106;avascript&colon;alert(1)">x</a>', '<a rel="noopener noreferrer nofollow" target="_blank">x</a>'],
    ['CSS expression in style', '<div style="width: expression(alert(1))">x</div>', '<div>x</div>'],
    ['style element', '<style>body{background:url(javascript:alert(1))}</style><p>x</p>', '<p>x</p>'],
    ['iframe, form, input', '<iframe src="https://evil.example"></iframe><form action="/x"><input name=a>f</form>', 'f'],
    ['nested malformed script', '<scr<script>ipt>alert(1)</script>', 'ipt&gt;alert(1)'],
    ['meta refresh and base', '<meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example">x', 'x'],
  ])('removes %s', (_name, input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it('leaves no executable markup in a hostile mix', () => {
    const html = clean(
      '<<script>script>alert(1)<</script>/script><math><mtext><table><mglyph><style><img src=x onerror=alert(1)>' +
        '<a href=" JAVASCRIPT:alert(1)">a</a><a href="vbscript:x">b</a><a href="data:text/html,<script>alert(1)</script>">c</a>' +
        '<div onmouseover="x()" style="background:url(https://t.example/p.gif)">d</div><object data=x></object><embed src=x>',
    );
    expect(html).not.toMatch(/<script|<style|<iframe|<object|<embed|<math|<svg|\son\w+=|javascript:|vbscript:|data:text|style=/i);
  });

  it('keeps formatting, lists, tables and safe links', () => {
    const input =
      '<p><b>Bold</b> <i>it</i> <u>u</u></p><ul><li>one</li></ul><ol><li>two</li></ol>' +
      '<table><tr><td colspan="2">cell</td></tr></table><a href="https://postdesk.example/x" target="_self" rel="opener">link</a>';
    expect(clean(input)).toBe(
      '<p><b>Bold</b> <i>it</i> <u>u</u></p><ul><li>one</li></ul><ol><li>two</li></ol>' +
        '<table><tr><td colspan="2">cell</td></tr></table>' +
        '<a href="https://postdesk.example/x" target="_blank" rel="noopener noreferrer nofollow">link</a>',
    );
  });

  it('blocks and counts remote images, rewrites cid: images, keeps small data: images', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const inlineImages = new Map([['logo@postdesk', '/api/v1/attachments/42']]);
    const result = sanitizeEmailHtml(
      '<img src="https://t.example/p.gif" width=1 height=1><img src="//t.example/q.gif"><img src="HTTP://t.example/r.gif">' +
        `<img src="cid:logo@postdesk" alt="logo"><img src="cid:unknown"><img src="${png}">` +
        `<img src="data:image/svg+xml;base64,PHN2Zz4="><img src="data:image/png;base64,${'A'.repeat(70_000)}"><img src="local.png">`,
      { inlineImages },
    );
    expect(result.blockedRemoteImages).toBe(3);
    expect(result.html).toBe(`<img alt="logo" src="/api/v1/attachments/42" /><img src="${png}" />`);
  });

  it.skipIf(!hasData)('keeps the reply text of every talon HTML fixture', () => {
    const dir = new URL('mailgun_talon/html_replies/', DATA);
    const files = readdirSync(dir).filter((f) => f.endsWith('.html'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const html = readFileSync(new URL(file, dir), 'utf8');
      const text = htmlToText(sanitizeEmailHtml(html, noImages).html).replace(/\s+/g, '');
      expect(text, file).toContain('Hi.Iamfine.');
      expect(text, file).toContain('Thanks,Alex');
    }
  });

  it('shows hostile deep nesting as escaped text', () => {
    const result = sanitizeEmailHtml(`${'<div>'.repeat(600)}<b>deep</b> <img src="https://t.example/p.gif"> &lt;x&gt;`, noImages);
    expect(result.html).toBe('<div>deep &lt;x&gt;</div>');
  });

  it.each([
    ['40,000 nested <div>', '<div>'.repeat(40_000)],
    ['40,000 nested <b> closed', `${'<b>'.repeat(40_000)}x${'</b>'.repeat(40_000)}`],
    ['"<a " ×50,000', '<a '.repeat(50_000)],
    ['one tag with 25,000 attributes', `<div ${'x=1 '.repeat(25_000)}>x</div>`],
    ['"<p>" ×40,000', '<p>'.repeat(40_000)],
    ['"<!--" ×50,000', '<!--'.repeat(50_000)],
    ['5,000 remote images', '<img src="https://t.example/p.gif">'.repeat(5_000)],
  ])('is fast on %s', (_name, html) => {
    expect(time(() => clean(html))).toBeLessThan(BOUND_MS);
  });
});

describe('htmlToText', () => {
  it.each([
    ['blocks and br', '<div>Hi.</div><div>I am <b>fine</b>.<br>Thanks,<br>Alex</div>', 'Hi.\nI am fine.\nThanks,\nAlex'],
    ['paragraphs get a blank line', '<p>One</p><p>Two</p>', 'One\n\nTwo'],
    ['entities', '<p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#x219; &nbsp;f &eacute; &bogus; &constructor; &#0;</p>', 'a & b <c> "d" \'e\' ș f é &bogus; &constructor; \uFFFD'],
    ['scripts, styles, head and comments dropped', '<head><title>T</title><style>p{}</style></head><!-- c --><script>x()</script><p>text</p>', 'text'],
    ['blockquote lines prefixed', '<p>Reply</p><blockquote><div>Quoted</div><blockquote>Deeper</blockquote></blockquote>', 'Reply\n\n> Quoted\n>\n> > Deeper'],
    ['lists', '<ul><li>a</li><li>b</li></ul><ol><li>c</li><li>d</li></ol>', '- a\n- b\n1. c\n2. d'],
    ['pre keeps whitespace', '<pre>a  b\n  c</pre>', 'a  b\n  c'],
    ['whitespace collapsed', '<div>  a \n\t b  </div>', 'a b'],
    ['table cells', '<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>', 'a b\nc'],
    ['a lone "<"', '<p>1 < 2 and 3 <4</p>', '1 < 2 and 3 <4'],
    ['an unterminated tag', '<p>text</p><a href="x', 'text'],
    ['an unterminated script', '<p>text</p><script>alert(1)', 'text'],
    ['CRLF', '<p>a\r\nb</p>', 'a b'],
  ])('%s', (_name, html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it('turns a Gmail HTML reply into text the extractor understands', () => {
    const html =
      '<div dir="ltr">Gracias, ya lo recibí.</div><div class="gmail_quote"><div>El mar, 24 nov 2026 a las 10:00, ' +
      'Soporte &lt;<a href="mailto:support@postdesk.example">support@postdesk.example</a>&gt; escribió:<br></div>' +
      '<blockquote class="gmail_quote">Hola Ana,<br>su caso PD-1234 fue registrado.</blockquote></div>';
    expect(extractVisibleReply(htmlToText(html)).visible).toBe('Gracias, ya lo recibí.');
  });

  it.each([
    ['"<" ×200,000', '<'.repeat(200_000)],
    ['"<a " ×70,000', '<a '.repeat(70_000)],
    ['"<svg>" ×40,000', '<svg>'.repeat(40_000)],
    ['"<!--" ×50,000', '<!--'.repeat(50_000)],
    ['"<a title=\\"" ×20,000', '<a title="'.repeat(20_000)],
    ['"<blockquote>x" ×15,000', '<blockquote>x'.repeat(15_000)],
    ['"&amp;" ×40,000', '&amp;'.repeat(40_000)],
  ])('is linear on %s', (_name, html) => {
    expect(time(() => htmlToText(html))).toBeLessThan(BOUND_MS);
  });
});
