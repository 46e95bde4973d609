import { digitValue, gs1CheckDigit, isAllZeros } from './tracking-checksums.js';
import type { Reading } from './tracking-types.js';

// USPS numbers (Publication 199 layouts, as summarised in NOTES_check_digits.md):
// - IMpb: application identifier 92/93/94/95, 3-digit service type, 6- or 9-digit mailer ID,
//   package id; 22, 26 or 30 digits, GS1 mod-10 check digit.
// - Legacy: `91` + 2-digit service type + 9-digit mailer + 8-digit package + check (22 digits).
// - 20-digit numbers (Delivery/Signature Confirmation without `91`, Certified Mail `7…`): the check
//   is GS1 over the 19 digits, or over `91` + the 19 digits; both layouts are in use.
// Any of these may be preceded by the routing prefix `420` + ZIP5 or ZIP9, which the check does not
// cover. Which ZIP length was used is only known by trying both.

/** 2-digit service types of legacy and 20-digit numbers (Delivery/Signature Confirmation era). */
const LEGACY_SERVICES: ReadonlyMap<string, string> = new Map([
  ...['01', '05', '07'].map((code): [string, string] => [code, 'Delivery Confirmation (Priority Mail or First-Class)']),
  ...['02', '06', '08'].map((code): [string, string] => [code, 'Delivery Confirmation (Package Services or Parcel Select)']),
  ...['03', '04'].map((code): [string, string] => [code, 'Delivery Confirmation (retail)']),
  ['14', 'Delivery Confirmation'],
  ...['21', '25'].map((code): [string, string] => [code, 'Signature Confirmation (Priority Mail or First-Class)']),
  ...['22', '26'].map((code): [string, string] => [code, 'Signature Confirmation (Package Services or Parcel Select)']),
  ...['23', '24'].map((code): [string, string] => [code, 'Signature Confirmation (retail)']),
  ['34', 'Signature Confirmation'],
  ['73', 'Insured Mail'],
  ...['82', '83', '85'].map((code): [string, string] => [code, 'Merchandise Return']),
]);

const IMPB_LABELS: Readonly<Record<string, string>> = {
  '92': 'Commercial mailer label',
  '93': 'Commercial mailer label',
  '94': 'Online or vendor label',
  '95': 'USPS retail label',
};

/** IMpb 3-digit service types we can name (the rest are reported by label origin). */
const IMPB_SERVICES: ReadonlyMap<string, string> = new Map([['612', 'Parcel Select']]);

/**
 * Whether a 20-digit number starting with these two digits names itself as USPS (Certified Mail
 * `7…`, or a known service type); other 20-digit numbers need a tracking word nearby.
 */
export function isUspsTwentyDigitPrefix(firstTwo: string): boolean {
  return firstTwo.startsWith('7') || LEGACY_SERVICES.has(firstTwo);
}

type SerialReading = { service: string; valid: boolean; distinctive: boolean };

function checkPasses(serial: string): boolean {
  const body = serial.slice(0, -1);
  return !isAllZeros(body) && gs1CheckDigit(body) === digitValue(serial, serial.length - 1);
}

/** IMpb: the mailer ID is 9 digits when it starts with 9, else 6; that fixes which lengths exist. */
function readImpb(serial: string): SerialReading | null {
  const identifier = serial.slice(0, 2);
  const label = IMPB_LABELS[identifier];
  if (label === undefined) return null;
  const longMailerId = serial.charAt(5) === '9';
  if (identifier === '92' && !longMailerId) return null;
  if (identifier === '93' && longMailerId) return null;
  if (serial.length === 30 && !(identifier === '94' && longMailerId)) return null;
  const service = IMPB_SERVICES.get(serial.slice(2, 5)) ?? label;
  return { service, valid: checkPasses(serial), distinctive: true };
}

function readTwentyDigits(serial: string): SerialReading | null {
  // `00…` is left to FedEx (SSCC with application identifier 00); no USPS service type is 00.
  if (serial.startsWith('00')) return null;
  const body = serial.slice(0, -1);
  const check = digitValue(serial, 19);
  const valid = !isAllZeros(body) && (gs1CheckDigit(body) === check || gs1CheckDigit(`91${body}`) === check);
  const service = serial.startsWith('7')
    ? 'Certified Mail'
    : (LEGACY_SERVICES.get(serial.slice(0, 2)) ?? 'USPS tracking (20 digits)');
  return { service, valid, distinctive: isUspsTwentyDigitPrefix(serial.slice(0, 2)) };
}

function readSerial(serial: string): SerialReading | null {
  const length = serial.length;
  if (length === 20) return readTwentyDigits(serial);
  if (length === 22 && serial.startsWith('91')) {
    const service = LEGACY_SERVICES.get(serial.slice(2, 4)) ?? 'USPS tracking (91)';
    return { service, valid: checkPasses(serial), distinctive: true };
  }
  if (length === 22 || length === 26 || length === 30) return readImpb(serial);
  return null;
}

type Layout = { zip?: string; serial: string };

function layouts(digits: string): Layout[] {
  const all: Layout[] = [{ serial: digits }];
  if (digits.startsWith('420') && digits.length >= 28) {
    all.push({ zip: digits.slice(3, 8), serial: digits.slice(8) });
    all.push({ zip: digits.slice(3, 12), serial: digits.slice(12) });
  }
  return all;
}

/** Reads a digit string as a USPS number, trying the bare, ZIP5-routed and ZIP9-routed layouts. */
export function readUspsDigits(canonical: string): Reading[] {
  let fallback: Reading | undefined;
  for (const { zip, serial } of layouts(canonical)) {
    const found = readSerial(serial);
    if (!found) continue;
    const distinctive = found.distinctive || zip !== undefined;
    const reading: Reading = {
      number: serial,
      carrier: 'usps',
      service: found.service,
      valid: found.valid,
      probableTypo: !found.valid,
      ...(zip === undefined ? {} : { destinationZip: zip }),
      evidence: distinctive ? 'self' : found.valid ? 'tracking-context' : 'none',
      checked: true,
    };
    if (reading.valid) return [reading];
    fallback ??= reading;
  }
  return fallback ? [fallback] : [];
}
