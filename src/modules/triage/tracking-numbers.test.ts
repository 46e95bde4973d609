import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateTrackingNumber, type Carrier } from './tracking-numbers.js';

// Shared test vectors: /work/shared/data/tracking/*.json (jkeen/tracking_number_data, MIT), read in
// place, never copied. Fields relied on: the file's `courier_code`, and per format
// `tracking_numbers[].id` (or `name`) for labels and `tracking_numbers[].test_numbers.valid` /
// `.invalid` for the numbers. Regexes, checksum specs and lookups in the files are NOT used: the
// rules under test are our own.
const DATA_DIR = new URL('../../../../shared/data/tracking/', import.meta.url);
const hasData = existsSync(DATA_DIR);
if (!hasData) console.warn(`tracking-number vectors skipped: ${fileURLToPath(DATA_DIR)} not found`);

type CourierFile = {
  courier_code: string;
  tracking_numbers: { id?: string; name: string; test_numbers?: { valid?: string[]; invalid?: string[] } }[];
};
type Vector = { courier: string; format: string; number: string };

/** Courier files we support, with the carriers their valid numbers must be read as. */
const SUPPORTED: Readonly<Record<string, readonly Carrier[]>> = {
  usps: ['usps'],
  s10: ['usps', 'upu-s10'],
  ups: ['ups'],
  fedex: ['fedex'],
  dhl: ['dhl'],
  amazon: ['amazon'],
};

function loadCourierFiles(): CourierFile[] {
  if (!hasData) return [];
  return readdirSync(DATA_DIR)
    .filter((name) => name.endsWith('.json') && name !== 'glossary.json')
    .map((name) => JSON.parse(readFileSync(new URL(name, DATA_DIR), 'utf8')) as CourierFile);
}

function vectors(files: CourierFile[], kind: 'valid' | 'invalid', supported: boolean): Vector[] {
  return files
    .filter((file) => (file.courier_code in SUPPORTED) === supported)
    .flatMap((file) =>
      file.tracking_numbers.flatMap((format) =>
        (format.test_numbers?.[kind] ?? []).map((number) => ({
          courier: file.courier_code,
          format: format.id ?? format.name,
          number,
        })),
      ),
    );
}

const files = loadCourierFiles();
const validVectors = vectors(files, 'valid', true);
const invalidVectors = vectors(files, 'invalid', true);
const otherCourierVectors = vectors(files, 'valid', false);

describe.skipIf(!hasData)('shared vectors', () => {
  it('covers every supported courier file', () => {
    const counted = (list: Vector[]) => new Set(list.map((vector) => vector.courier));
    expect([...counted(validVectors)].sort()).toEqual(Object.keys(SUPPORTED).sort());
    expect([...counted(invalidVectors)].sort()).toEqual(Object.keys(SUPPORTED).sort());
  });

  it.each(validVectors)('valid $courier $format $number', ({ courier, number }) => {
    const match = validateTrackingNumber(number);
    expect(match).toMatchObject({ valid: true, probableTypo: false, raw: number });
    expect(SUPPORTED[courier]).toContain(match?.carrier);
  });

  it.each(invalidVectors)('invalid $courier $format $number', ({ number }) => {
    expect(validateTrackingNumber(number)?.valid ?? false).toBe(false);
  });

  // Not a requirement of the data, a promise to customers: another carrier's number is never
  // answered as a USPS one (nor as a USPS typo).
  it.each(otherCourierVectors)('not USPS: $courier $format $number', ({ number }) => {
    expect(validateTrackingNumber(number)?.carrier).not.toBe('usps');
  });
});

describe('validateTrackingNumber', () => {
  type Row = { case: string; input: string; expected: Record<string, unknown> | null };
  it.each<Row>([
    { case: 'S10 placeholder EA123456789US fails (NOTES)', input: 'EA123456789US', expected: { carrier: 'usps', valid: false, probableTypo: true } },
    { case: 'S10 EA123456785US passes', input: 'EA123456785US', expected: { number: 'EA123456785US', carrier: 'usps', valid: true, country: 'US', service: 'Priority Mail Express International (EMS)' } },
    { case: 'S10 worked example RR473124829GB', input: 'RR473124829GB', expected: { carrier: 'upu-s10', valid: true, country: 'GB', operator: 'Royal Mail', service: 'Registered letter post' } },
    { case: 'S10 Deutsche Post', input: 'CX123456785DE', expected: { carrier: 'upu-s10', valid: true, country: 'DE', operator: 'Deutsche Post', service: 'Parcel post' } },
    { case: 'S10 Poșta Română, lower case with spaces', input: 'rr 473 124 829 ro', expected: { number: 'RR473124829RO', carrier: 'upu-s10', valid: true, operator: 'Poșta Română' } },
    { case: 'S10 bloodhound example (NOTES)', input: 'EC207920162US', expected: { carrier: 'usps', valid: true } },
    { case: 'S10 unknown country', input: 'RB123456785XX', expected: { carrier: 'upu-s10', valid: false, probableTypo: true, country: 'XX' } },
    { case: 'S10 foreign with wrong check digit', input: 'RR473124828GB', expected: { carrier: 'upu-s10', valid: false, probableTypo: true } },
    { case: '420 + ZIP9 only (NOTES)', input: '4209215512349505500020714300000128', expected: { number: '9505500020714300000128', destinationZip: '921551234', carrier: 'usps', valid: true } },
    { case: '420 + ZIP5 only (NOTES)', input: '4206810692612927005269000028978091', expected: { number: '92612927005269000028978091', destinationZip: '68106', carrier: 'usps', valid: true } },
    { case: 'IMpb with dashes and spaces', input: '9400-1112-0108-0805-4830-16', expected: { number: '9400111201080805483016', carrier: 'usps', valid: true } },
    { case: 'IMpb one digit changed', input: '9400 1112 0108 0805 4830 26', expected: { carrier: 'usps', valid: false, probableTypo: true } },
    { case: 'IMpb two digits swapped', input: '9400 1112 0108 0805 4803 16', expected: { carrier: 'usps', valid: false, probableTypo: true } },
    { case: '420-routed number with a typo keeps its ZIP', input: '420 22153 9101026837331000039522', expected: { carrier: 'usps', valid: false, probableTypo: true, destinationZip: '22153' } },
    { case: 'Certified Mail', input: '7196 9010 7560 0307 7385', expected: { carrier: 'usps', valid: true, service: 'Certified Mail' } },
    { case: 'UPS lower case', input: '1z999aa10123456784', expected: { number: '1Z999AA10123456784', carrier: 'ups', valid: true, probableTypo: false } },
    { case: 'UPS wrong check is not a USPS typo', input: '1Z999AA10123456785', expected: { carrier: 'ups', valid: false, probableTypo: false } },
    { case: '12 digits: FedEx Express when its check passes', input: '7905 3531 2317', expected: { carrier: 'fedex', valid: true } },
    { case: 'Amazon Logistics', input: 'TBA 123456789012', expected: { carrier: 'amazon', valid: true } },
    { case: 'all zeros is no number', input: '000000000000', expected: { valid: false } },
    { case: 'too short', input: '123456789', expected: null },
    { case: 'punctuation inside', input: '9400.1112.0108.0805.4830.16', expected: null },
    { case: 'empty', input: '', expected: null },
  ])('$case', ({ input, expected }) => {
    const match = validateTrackingNumber(input);
    if (expected === null) expect(match).toBeNull();
    else expect(match).toMatchObject({ ...expected, raw: input });
  });

  it('flags every single-digit change of a valid USPS number as a probable typo', () => {
    const valid = '9400111201080805483016';
    for (let position = 0; position < valid.length; position++) {
      for (let digit = 0; digit <= 9; digit++) {
        if (String(digit) === valid[position]) continue;
        const changed = `${valid.slice(0, position)}${digit}${valid.slice(position + 1)}`;
        const match = validateTrackingNumber(changed);
        // A change in the application identifier may leave the USPS shape altogether.
        if (position < 2 && match?.carrier !== 'usps') continue;
        expect(match, changed).toMatchObject({ carrier: 'usps', valid: false, probableTypo: true });
      }
    }
  });
});
