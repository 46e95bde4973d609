import * as couriers from './tracking-couriers.js';
import * as s10 from './tracking-s10.js';
import type { Carrier, Evidence, Reading, TrackingMatch } from './tracking-types.js';
import * as usps from './tracking-usps.js';

// Bound once: these run for every window of text read, and transpiled ESM (tsx, vitest) turns
// every read of an imported binding into a getter call.
const { DHL_ECOMMERCE_PREFIXES, readAmazon, readDhlDigits, readDhlLetters, readFedexDigits, readUps } = couriers;
const { hasS10Shape, readS10 } = s10;
const { isUspsTwentyDigitPrefix, readUspsDigits } = usps;

/** Shortest and longest canonical numbers of any format we read (DHL Express 10 … DHL eCommerce 41). */
export const MIN_NUMBER_LENGTH = 10;
export const MAX_NUMBER_LENGTH = 41;

/** Separators a customer may type or paste inside a number: whitespace, ASCII and Unicode dashes. */
const SEPARATORS = /[\s\-\u2010-\u2015]+/g;
const CANONICAL = /^[0-9A-Z]+$/;

/** Uppercase, separators removed; null when anything but letters and digits remains. */
export function canonicalize(input: string): string | null {
  const canonical = input.replace(SEPARATORS, '').toUpperCase();
  return CANONICAL.test(canonical) ? canonical : null;
}

/** What a window of text could hold: nothing, only formats that need context, or anything. */
export type WindowClass = 'none' | 'weak' | 'any';

/** Letter formats: S10, `1Z`, `TBA`, `JJD` name themselves; waybills and DHL eCommerce need context. */
function classifyLetterWindow(length: number, prefix: string): WindowClass {
  switch (length) {
    case 11:
      return /^[ACFHJKTV]/.test(prefix) ? 'weak' : 'none';
    case 13:
      if (/^[A-Z]{2}[0-9]/.test(prefix)) return 'any';
      break;
    case 15:
      if (prefix.startsWith('TB')) return 'any';
      break;
    case 18:
      if (prefix.startsWith('1Z')) return 'any';
      break;
  }
  if (length <= 14 && /^J[A-Z]{2}/.test(prefix)) return 'any';
  return length >= 12 && DHL_ECOMMERCE_PREFIXES.has(prefix.slice(0, 2)) ? 'weak' : 'none';
}

/**
 * Cheap pre-check before a window of text is assembled and read, from its length, whether it is
 * all digits and its first three characters: `none` (no format fits), `weak` (only formats that need
 * context: bare 10–18 digits, FedEx barcodes, unchecked letter formats) or `any`.
 */
export function classifyWindow(length: number, allDigits: boolean, prefix: string): WindowClass {
  if (length < MIN_NUMBER_LENGTH || length > MAX_NUMBER_LENGTH) return 'none';
  if (!allDigits) return classifyLetterWindow(length, prefix);
  const routed = prefix === '420';
  switch (length) {
    case 10:
    case 11:
    case 12:
    case 14:
    case 15:
    case 18:
      return 'weak';
    case 20:
      return isUspsTwentyDigitPrefix(prefix.slice(0, 2)) ? 'any' : 'weak';
    case 22:
      return /^9[1-6]/.test(prefix) ? 'any' : 'none';
    case 26:
      return /^9[2-5]/.test(prefix) ? 'any' : 'none';
    case 30:
      return routed || prefix.startsWith('94') ? 'any' : 'none';
    case 32:
      if (routed) return 'any';
      return prefix.startsWith('3') ? 'weak' : 'none';
    case 34:
      if (routed) return 'any';
      return /^(?:96|[0-8])/.test(prefix) ? 'weak' : 'none';
    case 28:
    case 38:
      return routed ? 'any' : 'none';
    default:
      return 'none';
  }
}

function isDigits(canonical: string): boolean {
  for (let i = 0; i < canonical.length; i++) {
    const code = canonical.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/**
 * Every reading of an all-digit string, dispatched on length and prefix. A USPS shape (application
 * identifier or `420` routing prefix) is read only as USPS, so that a mistyped USPS number is never
 * passed off as another carrier's whose check happens to pass.
 */
function readDigits(digits: string): Reading[] {
  switch (digits.length) {
    case 10:
    case 11:
    case 14:
      return readDhlDigits(digits);
    case 12:
    case 15:
    case 18:
      return readFedexDigits(digits);
    case 20:
      return digits.startsWith('00') ? readFedexDigits(digits) : readUspsDigits(digits);
    case 22:
      return digits.startsWith('96') ? readFedexDigits(digits) : readUspsDigits(digits);
    case 32:
      return digits.startsWith('3') ? readFedexDigits(digits) : readUspsDigits(digits);
    case 34: {
      const usps = readUspsDigits(digits);
      return usps.length > 0 ? usps : readFedexDigits(digits);
    }
    case 26:
    case 28:
    case 30:
    case 38:
      return readUspsDigits(digits);
    default:
      return [];
  }
}

/** Every way a canonical string can be read; an S10 shape is read only as S10. */
export function readTrackingNumber(canonical: string): Reading[] {
  const length = canonical.length;
  if (length < MIN_NUMBER_LENGTH || length > MAX_NUMBER_LENGTH) return [];
  if (isDigits(canonical)) return readDigits(canonical);
  if (hasS10Shape(canonical)) return readS10(canonical);
  return [...readUps(canonical), ...readDhlLetters(canonical), ...readAmazon(canonical)];
}

const EVIDENCE_RANK: Readonly<Record<Evidence, number>> = {
  self: 3,
  'tracking-context': 2,
  'carrier-named': 1,
  none: 0,
};

const CARRIER_RANK: Readonly<Record<Carrier, number>> = {
  usps: 5,
  'upu-s10': 4,
  ups: 3,
  fedex: 2,
  dhl: 1,
  amazon: 0,
};

/** Orders readings best first: valid, then probable typo, then check digit, evidence, carrier. */
export function compareReadings(a: Reading, b: Reading): number {
  return (
    Number(b.valid) - Number(a.valid) ||
    Number(b.probableTypo) - Number(a.probableTypo) ||
    Number(b.checked) - Number(a.checked) ||
    EVIDENCE_RANK[b.evidence] - EVIDENCE_RANK[a.evidence] ||
    CARRIER_RANK[b.carrier] - CARRIER_RANK[a.carrier]
  );
}

/** The public shape of a reading. */
export function toMatch(reading: Reading, raw: string): TrackingMatch {
  const { evidence: _evidence, checked: _checked, ...match } = reading;
  return { ...match, raw };
}
