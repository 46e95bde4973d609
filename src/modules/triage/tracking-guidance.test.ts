import { describe, expect, it } from 'vitest';
import { carrierGuidance, validateTrackingNumber, type TrackingMatch } from './tracking-numbers.js';

function read(number: string): TrackingMatch {
  const match = validateTrackingNumber(number);
  if (!match) throw new Error(`fixture ${number} is not a tracking number`);
  return match;
}

describe('carrierGuidance', () => {
  it.each([
    { case: 'UPS en', number: '1Z999AA10123456784', locale: 'en', expected: 'This looks like a UPS tracking number: UPS delivers it, please contact UPS at ups.com.' },
    { case: 'UPS es', number: '1Z999AA10123456784', locale: 'es', expected: 'Parece un número de seguimiento de UPS: lo entrega UPS, por favor contacte con UPS en ups.com.' },
    { case: 'UPS ro', number: '1Z999AA10123456784', locale: 'ro', expected: 'Acesta pare a fi un număr de urmărire UPS: trimiterea este livrată de UPS, vă rugăm să contactați UPS pe ups.com.' },
    { case: 'mistyped 1Z is still UPS', number: '1Z999AA10123456785', locale: 'en', expected: 'This looks like a UPS tracking number: UPS delivers it, please contact UPS at ups.com.' },
    { case: 'FedEx en', number: '790535312317', locale: 'en', expected: 'This looks like a FedEx tracking number: FedEx delivers it, please contact FedEx at fedex.com.' },
    { case: 'DHL es', number: 'JJD0099999999', locale: 'es', expected: 'Parece un número de seguimiento de DHL: lo entrega DHL, por favor contacte con DHL en dhl.com.' },
    { case: 'Amazon en', number: 'TBA123456789012', locale: 'en', expected: 'This looks like an Amazon tracking number: Amazon delivers it, please contact Amazon at amazon.com.' },
    { case: 'USPS typo en', number: '9400111201080805483017', locale: 'en', expected: 'The tracking number 9400111201080805483017 seems to have a typo: please check it against your receipt.' },
    { case: 'USPS typo es', number: 'EA123456789US', locale: 'es', expected: 'El número de seguimiento EA123456789US parece tener un error: por favor, compárelo con su recibo.' },
    { case: 'USPS typo ro', number: 'EA123456789US', locale: 'ro', expected: 'Numărul de urmărire EA123456789US pare să conțină o greșeală: vă rugăm să îl verificați pe chitanță.' },
    { case: 'foreign post en', number: 'RR473124829DE', locale: 'en', expected: 'RR473124829DE is an international item from Deutsche Post (DE): once it reaches the United States, USPS delivers it and you can follow it at usps.com; before that, the sender can ask Deutsche Post about it.' },
    { case: 'foreign post ro', number: 'RR473124829GB', locale: 'ro', expected: 'RR473124829GB este o trimitere internațională de la Royal Mail (GB): după ce ajunge în Statele Unite, o livrează USPS și o puteți urmări pe usps.com; până atunci, expeditorul se poate adresa la Royal Mail.' },
  ] as const)('$case', ({ number, locale, expected }) => {
    expect(carrierGuidance(read(number), locale)).toBe(expected);
  });

  it.each([
    { case: 'valid USPS IMpb', number: '9400111201080805483016' },
    { case: 'valid US S10', number: 'EA123456785US' },
    { case: 'bare 12 digits failing the FedEx check', number: '996578788855' },
  ])('has no guidance for $case', ({ number }) => {
    for (const locale of ['en', 'es', 'ro'] as const) expect(carrierGuidance(read(number), locale)).toBeNull();
  });
});
