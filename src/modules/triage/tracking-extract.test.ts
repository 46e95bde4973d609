import { describe, expect, it } from 'vitest';
import { findTrackingNumbers, validateTrackingNumber, type TrackingMatch } from './tracking-numbers.js';

const brief = (matches: TrackingMatch[]) =>
  matches.map(({ number, carrier, valid, probableTypo }) => ({ number, carrier, valid, probableTypo }));

describe('findTrackingNumbers', () => {
  type Row = { case: string; text: string; expected: { number: string; carrier: string; valid: boolean; probableTypo?: boolean }[] };
  it.each<Row>([
    {
      case: 'EN, IMpb in groups of four',
      text: "Hello, my package 9400 1112 0108 0805 4830 16 hasn't arrived since last Tuesday. Can you help?",
      expected: [{ number: '9400111201080805483016', carrier: 'usps', valid: true }],
    },
    {
      case: 'ES, IMpb in groups',
      text: 'Buenos días: mi paquete 9400 1000 0000 0000 0000 06 no ha llegado y ya pasaron dos semanas.',
      expected: [{ number: '9400100000000000000006', carrier: 'usps', valid: true }],
    },
    {
      case: 'RO, S10 with diacritics around it',
      text: 'Bună ziua, coletul cu numărul EA123456785US nu a ajuns încă la destinație.',
      expected: [{ number: 'EA123456785US', carrier: 'usps', valid: true }],
    },
    {
      case: 'S10 written in groups',
      text: 'Tracking: EA 123 456 785 US (Priority Mail Express International).',
      expected: [{ number: 'EA123456785US', carrier: 'usps', valid: true }],
    },
    {
      case: 'UPS in lower case',
      text: 'The seller says it went with 1z999aa10123456784, where is it?',
      expected: [{ number: '1Z999AA10123456784', carrier: 'ups', valid: true }],
    },
    {
      case: 'foreign post, ES',
      text: 'Me enviaron desde Alemania el envío RR 473 124 829 DE y no llega.',
      expected: [{ number: 'RR473124829DE', carrier: 'upu-s10', valid: true }],
    },
    {
      case: '420 + ZIP9 routing prefix in groups (NOTES)',
      text: 'Label says 420 92155 1234 9505 5000 2071 4300 0001 28',
      expected: [{ number: '9505500020714300000128', carrier: 'usps', valid: true }],
    },
    {
      case: '420 + ZIP5 routing prefix in one piece (NOTES)',
      text: 'Scanned barcode: 4206810692612927005269000028978091.',
      expected: [{ number: '92612927005269000028978091', carrier: 'usps', valid: true }],
    },
    {
      case: 'S10 placeholder with a wrong check digit (NOTES)',
      text: 'My number is EA123456789US',
      expected: [{ number: 'EA123456789US', carrier: 'usps', valid: false, probableTypo: true }],
    },
    {
      case: 'USPS typo: one digit changed',
      text: 'Tracking 9400 1112 0108 0805 4830 17 says nothing.',
      expected: [{ number: '9400111201080805483017', carrier: 'usps', valid: false, probableTypo: true }],
    },
    {
      case: 'a USPS typo is not read as the FedEx-valid 12 digits inside it',
      text: 'Tracking number 9400 1112 0008 0805 4830 18',
      expected: [{ number: '9400111200080805483018', carrier: 'usps', valid: false, probableTypo: true }],
    },
    {
      case: 'the same parcel with and without routing prefix, once; valid before typo',
      text: 'First EA123456789US, then 420 22153 9101026837331000039521, again 9101 0268 3733 1000 0395 21',
      expected: [
        { number: '9101026837331000039521', carrier: 'usps', valid: true },
        { number: 'EA123456789US', carrier: 'usps', valid: false, probableTypo: true },
      ],
    },
    {
      case: 'number next to a ZIP+4 and a case number',
      text: 'Re: PD-7K3M-Q9XK — Washington DC 20001-1234 9400 1112 0108 0805 4830 16 thanks',
      expected: [{ number: '9400111201080805483016', carrier: 'usps', valid: true }],
    },
    {
      case: 'FedEx 12 digits after a tracking word',
      text: 'Mi número de rastreo es 7905 3531 2317',
      expected: [{ number: '790535312317', carrier: 'fedex', valid: true }],
    },
    {
      case: 'DHL waybill when DHL is named',
      text: 'I sent it with DHL, waybill 3318810025.',
      expected: [{ number: '3318810025', carrier: 'dhl', valid: true }],
    },
    {
      case: 'UPS grouped as printed on the label',
      text: 'UPS label: 1Z 999 AA1 01 2345 6784',
      expected: [{ number: '1Z999AA10123456784', carrier: 'ups', valid: true }],
    },
    {
      case: 'RO, DHL air waybill',
      text: 'Am trimis coletul prin DHL, AWB 3318810025, dar nu a ajuns.',
      expected: [{ number: '3318810025', carrier: 'dhl', valid: true }],
    },
    {
      case: 'two numbers separated by a space only',
      text: 'FedEx 7905 3531 2317 9400 1112 0108 0805 4830 16',
      expected: [
        { number: '790535312317', carrier: 'fedex', valid: true },
        { number: '9400111201080805483016', carrier: 'usps', valid: true },
      ],
    },
    {
      case: 'number alone, at the very start and end',
      text: '9400111201080805483016',
      expected: [{ number: '9400111201080805483016', carrier: 'usps', valid: true }],
    },
    {
      case: 'Amazon Logistics',
      text: 'Amazon says TBA123456789012 was handed to the post office',
      expected: [{ number: 'TBA123456789012', carrier: 'amazon', valid: true }],
    },
  ])('$case', ({ text, expected }) => {
    expect(brief(findTrackingNumbers(text))).toEqual(
      expected.map((match) => ({ probableTypo: false, ...match })),
    );
  });

  it.each([
    { case: 'phone', text: 'Tracking question, call me at +1 (202) 555-0143 or 202-555-0143 (FedEx, DHL)' },
    { case: 'phone RO', text: 'Coletul DHL: telefon +40 721 234 567, sau 0721234567' },
    { case: 'date', text: 'Shipped 2026-11-25, tracking says 25/11/2026 14:30' },
    { case: 'ZIP+4', text: 'Deliver to 20001-1234, tracking pending' },
    { case: 'case number', text: 'About case PD-7K3M-Q9XK and PD 7K3M Q9XK, tracking' },
    { case: 'price', text: 'The package cost $1,234,567.89 and 1 234 567,89 € via FedEx' },
    { case: 'order number after a tracking word', text: 'Tracking? Order 112-4567890-1234567, order #790535312317' },
    { case: 'bare 12 digits without context', text: 'Reference 790535312317 in our system' },
    { case: 'DHL-valid digits without DHL named', text: 'Package 3318810025 never came' },
    { case: 'DHL-valid phone number with DHL named', text: 'DHL never came, call me: 3318810025' },
    { case: 'long ID', text: 'Package ID 940011120108080548301600000000000000000000000000 tracking' },
    { case: 'digits glued to a word', text: 'Invoice INV9400111201080805483016X' },
  ])('does not extract: $case', ({ text }) => {
    expect(findTrackingNumbers(text)).toEqual([]);
  });

  it('keeps the text as written in raw', () => {
    const [match] = findTrackingNumbers('ea 123 456 785 us');
    expect(match).toMatchObject({ number: 'EA123456785US', raw: 'ea 123 456 785 us', valid: true });
  });

  it('guards the fixture above: the inner 12 digits do pass the FedEx check', () => {
    expect(validateTrackingNumber('111200080805')).toMatchObject({ carrier: 'fedex', valid: true });
  });

  // ReDoS guard, not a benchmark: the scan is one pass with bounded work per token, so its cost
  // grows linearly with the input. Ten times the input must cost far less than a hundred times the
  // CPU (what a quadratic matcher needs); a ratio of two measurements taken side by side holds on a
  // loaded machine, where an absolute time limit does not. Best of three, after a warm-up.
  it.each([
    { case: 'spaced digits', unit: '1 ' },
    { case: 'digit groups', unit: '9400 ' },
    { case: 'dashed groups', unit: '123-' },
    { case: 'one long digit run', unit: '9' },
    { case: 'letters and digits', unit: 'AB12 ' },
    { case: 'repeated typos', unit: '9400 1000 0000 0000 0000 07 ' },
    { case: 'repeated S10 in groups', unit: 'EA 123 456 785 US ' },
    { case: 'weak numbers in context', unit: 'FedEx tracking 7905 3531 2317 ' },
  ])('scans $case in time linear in the input (500 KB vs 50 KB)', ({ unit }) => {
    const large = unit.repeat(Math.ceil(500_000 / unit.length)).slice(0, 500_000);
    const small = large.slice(0, 50_000);
    findTrackingNumbers(small);
    const cpuOf = (text: string) => {
      let best = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run++) {
        const before = process.cpuUsage();
        findTrackingNumbers(text);
        const used = process.cpuUsage(before);
        best = Math.min(best, (used.user + used.system) / 1000);
      }
      return best;
    };
    // A floor of 1 ms keeps a scan too fast to measure from dividing by zero.
    const ratio = cpuOf(large) / Math.max(cpuOf(small), 1);
    expect(ratio).toBeLessThan(30);
  });
});
