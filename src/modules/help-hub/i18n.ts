import Negotiator from 'negotiator';
import en from './locales/en.json' with { type: 'json' };
import es from './locales/es.json' with { type: 'json' };
import ro from './locales/ro.json' with { type: 'json' };

/** Every customer-facing string of the help hub, in one language; en.json is the shape the others must match. */
export type Messages = typeof en;

export const HUB_LOCALES = ['en', 'es', 'ro'] as const;
export type HubLocale = (typeof HUB_LOCALES)[number];

// Typed against en.json: a key missing from es.json or ro.json fails the type check, not a customer's page.
const CATALOGUES: Record<HubLocale, Messages> = { en, es, ro };

export function messagesFor(locale: HubLocale): Messages {
  return CATALOGUES[locale];
}

export function isHubLocale(value: unknown): value is HubLocale {
  return typeof value === 'string' && (HUB_LOCALES as readonly string[]).includes(value);
}

/**
 * The best of our languages for an `Accept-Language` header (RFC 9110 §12.5.4), English when none
 * fits. `negotiator` does the q-values and lets `es-MX` choose `es`.
 */
export function negotiateLocale(acceptLanguage: string | undefined): HubLocale {
  if (!acceptLanguage) return 'en';
  const best = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).language([...HUB_LOCALES]);
  return isHubLocale(best) ? best : 'en';
}

/** Which language a page is in: an explicit `?lang=` wins, then the remembered choice, then the browser's. */
export function chooseLocale(input: { query: unknown; cookie: unknown; acceptLanguage: string | undefined }): { locale: HubLocale; remember: boolean } {
  if (isHubLocale(input.query)) return { locale: input.query, remember: true };
  if (isHubLocale(input.cookie)) return { locale: input.cookie, remember: false };
  return { locale: negotiateLocale(input.acceptLanguage), remember: false };
}

/** Fills `{{name}}` placeholders; unknown names stay visible so a translation slip is noticed. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/** A date a customer reads: weekday, day, month and year in their language and our business time zone. */
export function formatDate(date: Date, locale: HubLocale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-US' : locale, { dateStyle: 'full', timeZone }).format(date);
}
