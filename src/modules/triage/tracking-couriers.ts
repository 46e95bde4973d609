import {
  digitValue,
  fedexExpressCheckDigit,
  gs1CheckDigit,
  isAllZeros,
  mod7CheckDigit,
  upsCheckDigit,
} from './tracking-checksums.js';
import type { Carrier, Evidence, Reading } from './tracking-types.js';

// Formats of the private carriers a postal customer quotes by mistake: UPS, FedEx, DHL, Amazon.
// Layouts and check rules follow the carriers' published label specifications as summarised in the
// shared tracking data; none of it is loaded at runtime.

function reading(
  number: string,
  carrier: Carrier,
  service: string,
  valid: boolean,
  evidence: Evidence,
  checked = true,
): Reading {
  return { number, carrier, service, valid, probableTypo: false, evidence: valid ? evidence : 'none', checked };
}

/** True when `body` is a plausible serial and `checkDigit` matches `expected(body)`. */
function passes(body: string, checkDigit: number, expected: (digits: string) => number): boolean {
  return !isAllZeros(body) && expected(body) === checkDigit;
}

const UPS_SERVICES: ReadonlyMap<string, string> = new Map([
  ['01', 'UPS Next Day Air'],
  ['02', 'UPS 2nd Day Air'],
  ['03', 'UPS Ground'],
  ['12', 'UPS 3 Day Select'],
  ['13', 'UPS Next Day Air Saver'],
  ['15', 'UPS Next Day Air Early'],
  ['22', 'UPS Ground (returns)'],
  ['42', 'UPS Ground (signature required)'],
  ['44', 'UPS Next Day Air (Saturday delivery)'],
  ['66', 'UPS Worldwide Express'],
  ['72', 'UPS Ground (collect on delivery)'],
  ['78', 'UPS Ground (returns)'],
  ['90', 'UPS Ground (returns)'],
  ['YW', 'UPS SurePost (last mile by USPS)'],
]);

const UPS_1Z = /^1Z[0-9A-Z]{15}[0-9]$/;
const UPS_WAYBILL = /^[AHJKTV][0-9]{10}$/;
const UPS_WAYBILL_SERVICES: Readonly<Record<string, string>> = {
  J: 'UPS Next Day Express',
  K: 'UPS Ground',
  V: 'UPS Worldwide Express Saver',
};

/** UPS `1Z` numbers (shipper 6, service 2, package 7, check) and 11-character waybills. */
export function readUps(canonical: string): Reading[] {
  const n = canonical.length;
  if (n === 18 && UPS_1Z.test(canonical)) {
    const valid = upsCheckDigit(canonical.slice(2, 17)) === digitValue(canonical, 17);
    const service = UPS_SERVICES.get(canonical.slice(8, 10)) ?? 'UPS';
    // A `1Z` number names its carrier even when mistyped, so it is reported either way.
    return [{ number: canonical, carrier: 'ups', service, valid, probableTypo: false, evidence: 'self', checked: true }];
  }
  if (n === 11 && UPS_WAYBILL.test(canonical)) {
    const valid = passes(canonical.slice(1, 10), digitValue(canonical, 10), upsCheckDigit);
    const service = UPS_WAYBILL_SERVICES[canonical.charAt(0)] ?? 'UPS waybill';
    return [reading(canonical, 'ups', service, valid, 'carrier-named')];
  }
  return [];
}

/**
 * FedEx, from a digit string: Express 12, Ground 15, SSCC 18 (and 20 with the `00` identifier),
 * Ground 96 (22), ASTRA 32, 34-digit barcodes.
 */
export function readFedexDigits(canonical: string): Reading[] {
  const n = canonical.length;
  const check = digitValue(canonical, n - 1);
  const body = canonical.slice(0, -1);
  switch (n) {
    case 12:
      return [reading(canonical, 'fedex', 'FedEx Express', passes(body, check, fedexExpressCheckDigit), 'tracking-context')];
    case 15:
      return [reading(canonical, 'fedex', 'FedEx Ground', passes(body, check, gs1CheckDigit), 'tracking-context')];
    case 18:
      return [reading(canonical, 'fedex', 'FedEx Ground (SSCC)', passes(body, check, gs1CheckDigit), 'tracking-context')];
    case 20:
      if (!canonical.startsWith('00')) return [];
      return [reading(canonical, 'fedex', 'FedEx Ground (SSCC)', passes(canonical.slice(2, 19), check, gs1CheckDigit), 'tracking-context')];
    case 22:
      // 96 + carrier code 2 + service 3 + the 15-digit Ground number, whose check covers its own 14 digits.
      if (!canonical.startsWith('96')) return [];
      return [reading(canonical, 'fedex', 'FedEx Ground', passes(canonical.slice(7, 21), check, gs1CheckDigit), 'self')];
    // The long barcodes below are checked on 12–14 of their digits only, so in free text they need
    // context like bare numbers do: otherwise any 20 digits before a valid-looking 14 would pass.
    case 32: {
      // ASTRA: positions 17–28 hold a 12-digit Express number; the barcode carries no other check.
      if (!canonical.startsWith('3')) return [];
      const valid = passes(canonical.slice(16, 27), digitValue(canonical, 27), fedexExpressCheckDigit);
      return [reading(canonical, 'fedex', 'FedEx Express (ASTRA barcode)', valid, 'tracking-context')];
    }
    case 34: {
      // Express (first digit 0–8) and Ground GSN (96…) barcodes end in a 14-digit block with the Express check.
      const isGround = canonical.startsWith('96');
      if (canonical.startsWith('9') && !isGround) return [];
      const valid = passes(canonical.slice(20, 33), check, fedexExpressCheckDigit);
      const service = isGround ? 'FedEx Ground (34-digit barcode)' : 'FedEx Express (34-digit barcode)';
      return [reading(canonical, 'fedex', service, valid, 'tracking-context')];
    }
    default:
      return [];
  }
}

const DHL_PIECE_ID = /^J[A-Z]{2,3}[0-9]{9,10}$/;
/** JJD and JVGL name DHL; other J-prefixes of this shape are shared with other carriers (Purolator). */
const DHL_OWN_PIECE_PREFIX = /^J(?:JD|VGL)/;
/** Prefixes of DHL eCommerce numbers (12 to 41 characters, no check digit). */
export const DHL_ECOMMERCE_PREFIXES: ReadonlySet<string> = new Set(['GM', 'LX', 'RX', 'UV', 'CN', 'SG', 'TH', 'IN', 'HK', 'MY']);
const ALPHANUMERIC = /^[0-9A-Z]+$/;
const HAS_DIGIT = /[0-9]/;

/** DHL, from a digit string: Express waybills (10–11 digits, mod 7), eCommerce (14 digits, unchecked). */
export function readDhlDigits(canonical: string): Reading[] {
  const n = canonical.length;
  if (n === 10 || n === 11) {
    const valid = passes(canonical.slice(0, -1), digitValue(canonical, n - 1), mod7CheckDigit);
    return [reading(canonical, 'dhl', 'DHL Express', valid, 'carrier-named')];
  }
  if (n === 14) return [reading(canonical, 'dhl', 'DHL eCommerce', !isAllZeros(canonical), 'carrier-named', false)];
  return [];
}

/** DHL, from a string with letters: piece IDs (`JJD…`), eCommerce (`GM…` and other prefixes). */
export function readDhlLetters(canonical: string): Reading[] {
  const n = canonical.length;
  if (n <= 14 && DHL_PIECE_ID.test(canonical)) {
    const evidence = DHL_OWN_PIECE_PREFIX.test(canonical) ? 'self' : 'carrier-named';
    return [reading(canonical, 'dhl', 'DHL Express (piece ID)', true, evidence, false)];
  }
  const isEcommerce =
    n >= 12 && DHL_ECOMMERCE_PREFIXES.has(canonical.slice(0, 2)) && ALPHANUMERIC.test(canonical) && HAS_DIGIT.test(canonical.slice(2));
  if (isEcommerce) {
    return [reading(canonical, 'dhl', 'DHL eCommerce', true, 'carrier-named', false)];
  }
  return [];
}

const AMAZON_LOGISTICS = /^TB[ACM][0-9]{12}$/;
const AMAZON_INTERNATIONAL = /^[AFC][0-9]{10}$/;

/** Amazon Logistics (`TBA`/`TBC`/`TBM` + 12 digits) and Amazon international (A/F/C + 10 digits); no check digit. */
export function readAmazon(canonical: string): Reading[] {
  if (canonical.length === 15 && AMAZON_LOGISTICS.test(canonical)) {
    return [reading(canonical, 'amazon', 'Amazon Logistics', true, 'self', false)];
  }
  if (canonical.length === 11 && AMAZON_INTERNATIONAL.test(canonical)) {
    return [reading(canonical, 'amazon', 'Amazon (international)', true, 'carrier-named', false)];
  }
  return [];
}
