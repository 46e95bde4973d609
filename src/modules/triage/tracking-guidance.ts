import type { Carrier, TrackingMatch } from './tracking-types.js';

/** Languages we write guidance in. */
export type GuidanceLocale = 'en' | 'es' | 'ro';

type OtherCarrier = Exclude<Carrier, 'usps' | 'upu-s10'>;

/** `article` is the English one, by sound: "a UPS", "an Amazon". */
const CARRIERS: Readonly<Record<OtherCarrier, { name: string; site: string; article: 'a' | 'an' }>> = {
  ups: { name: 'UPS', site: 'ups.com', article: 'a' },
  fedex: { name: 'FedEx', site: 'fedex.com', article: 'a' },
  dhl: { name: 'DHL', site: 'dhl.com', article: 'a' },
  amazon: { name: 'Amazon', site: 'amazon.com', article: 'an' },
};

type Phrases = {
  otherCarrier: (carrier: { name: string; site: string; article: 'a' | 'an' }) => string;
  typo: (number: string) => string;
  foreignPost: (number: string, operator: string, country: string) => string;
};

const PHRASES: Readonly<Record<GuidanceLocale, Phrases>> = {
  en: {
    otherCarrier: ({ name, site, article }) =>
      `This looks like ${article} ${name} tracking number: ${name} delivers it, please contact ${name} at ${site}.`,
    typo: (number) =>
      `The tracking number ${number} seems to have a typo: please check it against your receipt.`,
    foreignPost: (number, operator, country) =>
      `${number} is an international item from ${operator} (${country}): once it reaches the United States, ` +
      `USPS delivers it and you can follow it at usps.com; before that, the sender can ask ${operator} about it.`,
  },
  es: {
    otherCarrier: ({ name, site }) =>
      `Parece un número de seguimiento de ${name}: lo entrega ${name}, por favor contacte con ${name} en ${site}.`,
    typo: (number) =>
      `El número de seguimiento ${number} parece tener un error: por favor, compárelo con su recibo.`,
    foreignPost: (number, operator, country) =>
      `${number} es un envío internacional de ${operator} (${country}): cuando llegue a Estados Unidos, ` +
      `lo entrega USPS y puede seguirlo en usps.com; hasta entonces, el remitente puede consultar a ${operator}.`,
  },
  ro: {
    otherCarrier: ({ name, site }) =>
      `Acesta pare a fi un număr de urmărire ${name}: trimiterea este livrată de ${name}, vă rugăm să contactați ${name} pe ${site}.`,
    typo: (number) =>
      `Numărul de urmărire ${number} pare să conțină o greșeală: vă rugăm să îl verificați pe chitanță.`,
    foreignPost: (number, operator, country) =>
      `${number} este o trimitere internațională de la ${operator} (${country}): după ce ajunge în Statele Unite, ` +
      `o livrează USPS și o puteți urmări pe usps.com; până atunci, expeditorul se poate adresa la ${operator}.`,
  },
};

/** Prefixes that name the carrier even when the check digit is wrong. */
const SELF_NAMING = /^(?:1Z|TB[ACM]|J[A-Z]{2})/;

/**
 * The sentence to add to a reply about this number: another carrier's number gets pointed to that
 * carrier, a probable typo gets a request to re-check; a good USPS number needs no guidance (null).
 */
export function carrierGuidance(match: TrackingMatch, locale: GuidanceLocale): string | null {
  const phrases = PHRASES[locale];
  if (match.probableTypo) return phrases.typo(match.number);
  if (match.carrier === 'usps') return null;
  if (match.carrier === 'upu-s10') {
    if (!match.valid) return null;
    return phrases.foreignPost(match.number, match.operator ?? match.country ?? '', match.country ?? '');
  }
  if (!match.valid && !SELF_NAMING.test(match.number)) return null;
  return phrases.otherCarrier(CARRIERS[match.carrier]);
}
