import { randomBytes as cryptoRandomBytes } from 'node:crypto';

/** A canonical, check-verified case number such as `PD-7K3M-Q9XK`. */
export type CaseNumber = string & { readonly __brand: 'CaseNumber' };

export type ParseCaseNumberResult =
  | { ok: true; caseNumber: CaseNumber }
  | { ok: false; reason: 'format' | 'check'; hint: string };

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PAYLOAD_LENGTH = 7;
const SYMBOL_COUNT = PAYLOAD_LENGTH + 1;
/** GF(32) reduction polynomial x^5 + x^2 + 1. */
const FIELD_POLYNOMIAL = 0b100101;

const FORMAT_HINT = 'A case number looks like PD-7K3M-Q9XK: PD, then 8 letters and digits.';
const CHECK_HINT =
  'This case number has a typo: please check each character against your confirmation email.';

const CANONICAL = /^PD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
/** Separators a customer may type or paste: whitespace, ASCII hyphen and Unicode dashes. */
const SEPARATORS = /[\s\-\u2010-\u2015]/g;
/**
 * One mention in free text: `PD`, then 4 + 4 symbols (Crockford aliases I, L, O allowed, U never),
 * each part optionally separated by one separator. Bounded length and no nested quantifiers keep
 * the scan linear.
 */
const MENTION =
  /(?<![0-9A-Za-z])PD[\s\-\u2010-\u2015]?([0-9A-TV-Z]{4})[\s\-\u2010-\u2015]?([0-9A-TV-Z]{4})(?![0-9A-Za-z])/gi;

const SYMBOL_VALUES: ReadonlyMap<string, number> = new Map([
  ...[...ALPHABET].map((char, value): [string, number] => [char, value]),
  ['I', 1],
  ['L', 1],
  ['O', 0],
]);

/** Multiplies a GF(32) element by the generator a = x. */
function timesX(value: number): number {
  const shifted = value << 1;
  return shifted & 0b100000 ? shifted ^ FIELD_POLYNOMIAL : shifted;
}

/** Horner evaluation of sum a^(n-1-i) * d_i over GF(32), where addition is XOR. */
function weightedSum(symbols: readonly number[]): number {
  return symbols.reduce((acc, symbol) => timesX(acc) ^ symbol, 0);
}

function symbolChar(value: number): string {
  const char = ALPHABET[value];
  if (char === undefined) throw new RangeError(`not a base32 symbol: ${value}`);
  return char;
}

function formatCaseNumber(symbols: readonly number[]): CaseNumber {
  const body = symbols.map(symbolChar).join('');
  return `PD-${body.slice(0, 4)}-${body.slice(4)}` as CaseNumber;
}

/**
 * Generates a new random case number; `randomBytes` is injectable for tests (default node:crypto).
 * Each byte is reduced mod 32, which is unbiased because 256 is a multiple of 32.
 */
export function generateCaseNumber(
  randomBytes: (n: number) => Uint8Array = cryptoRandomBytes,
): CaseNumber {
  const bytes = randomBytes(PAYLOAD_LENGTH);
  if (bytes.length < PAYLOAD_LENGTH) {
    throw new RangeError(`randomBytes returned ${bytes.length} bytes, need ${PAYLOAD_LENGTH}`);
  }
  const payload = Array.from(bytes.subarray(0, PAYLOAD_LENGTH), (byte) => byte & 0b11111);
  // sum_{i<7} a^(7-i) d_i: Horner over the payload, then one more multiplication by a.
  const check = timesX(weightedSum(payload));
  return formatCaseNumber([...payload, check]);
}

function decodeSymbols(body: string): number[] | undefined {
  const symbols: number[] = [];
  for (const char of body) {
    const value = SYMBOL_VALUES.get(char);
    if (value === undefined) return undefined;
    symbols.push(value);
  }
  return symbols;
}

/**
 * Parses what a customer typed into a canonical case number: case-insensitive, optional `PD`,
 * optional dashes/spaces, Crockford aliases (I, L → 1; O → 0).
 */
export function parseCaseNumber(input: string): ParseCaseNumberResult {
  const compact = input.trim().toUpperCase().replace(SEPARATORS, '');
  // Length decides whether a leading "PD" is the prefix, so bodies starting with PD stay intact.
  const body =
    compact.length === SYMBOL_COUNT + 2 && compact.startsWith('PD')
      ? compact.slice(2)
      : compact.length === SYMBOL_COUNT
        ? compact
        : undefined;
  const symbols = body === undefined ? undefined : decodeSymbols(body);
  if (symbols === undefined) return { ok: false, reason: 'format', hint: FORMAT_HINT };
  if (weightedSum(symbols) !== 0) return { ok: false, reason: 'check', hint: CHECK_HINT };
  return { ok: true, caseNumber: formatCaseNumber(symbols) };
}

/** True when `s` is already in canonical form `PD-XXXX-XXXX` with a valid check character. */
export function isCaseNumber(s: string): s is CaseNumber {
  if (!CANONICAL.test(s)) return false;
  const symbols = decodeSymbols(s.slice(3, 7) + s.slice(8));
  return symbols !== undefined && weightedSum(symbols) === 0;
}

/** Finds the valid case numbers mentioned in free text, canonical and de-duplicated, in order. */
export function findCaseNumbers(text: string): CaseNumber[] {
  const found = new Set<CaseNumber>();
  const mention = new RegExp(MENTION.source, MENTION.flags);
  for (let match = mention.exec(text); match !== null; match = mention.exec(text)) {
    // No valid mention can overlap a rejected one: the alphanumeric guards forbid a second
    // "PD" inside the 4-character groups, so resuming after the match loses nothing.
    const parsed = parseCaseNumber(`${match[1] ?? ''}${match[2] ?? ''}`);
    if (parsed.ok) found.add(parsed.caseNumber);
  }
  return [...found];
}
