import { describe, expect, it } from 'vitest';
import { FORM_ERROR_MESSAGES } from '../cases/intake.js';
import en from './locales/en.json' with { type: 'json' };
import es from './locales/es.json' with { type: 'json' };
import ro from './locales/ro.json' with { type: 'json' };
import { chooseLocale, format, negotiateLocale } from './i18n.js';
import { localizeFieldErrors, nestAddress, valuesOf } from './hub-form.js';

/** Every key path of a catalogue, e.g. `form.title`. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keyPaths(child, prefix ? `${prefix}.${key}` : key)).sort();
}

describe('help hub catalogues', () => {
  it.each([['es', es], ['ro', ro]])('%s has exactly the keys of en', (_name, catalogue) => {
    expect(keyPaths(catalogue)).toEqual(keyPaths(en));
  });

  it('has a translation for every intake error, and the English one is the intake\'s own text', () => {
    for (const [key, message] of Object.entries(FORM_ERROR_MESSAGES)) {
      expect(en.errors[key as keyof typeof en.errors], key).toBe(message);
    }
  });
});

describe('negotiateLocale', () => {
  it.each<[string | undefined, string]>([
    [undefined, 'en'],
    ['', 'en'],
    ['es', 'es'],
    ['es-MX,es;q=0.9,en;q=0.8', 'es'],
    ['ro-RO,ro;q=0.9', 'ro'],
    ['de-DE,de;q=0.9', 'en'],
    ['de,ro;q=0.5,es;q=0.7', 'es'],
    ['*', 'en'],
    ['en;q=0.1,ro', 'ro'],
  ])('%s → %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });
});

describe('chooseLocale', () => {
  it('prefers ?lang=, then the cookie, then the header; only ?lang= is remembered', () => {
    expect(chooseLocale({ query: 'ro', cookie: 'es', acceptLanguage: 'en' })).toEqual({ locale: 'ro', remember: true });
    expect(chooseLocale({ query: 'xx', cookie: 'es', acceptLanguage: 'en' })).toEqual({ locale: 'es', remember: false });
    expect(chooseLocale({ query: undefined, cookie: 'zz', acceptLanguage: 'ro' })).toEqual({ locale: 'ro', remember: false });
  });
});

describe('help hub form helpers', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('Hi {{name}}, {{missing}}', { name: 'Ana' })).toBe('Hi Ana, {{missing}}');
  });

  it('nests the urlencoded address and keeps the first of repeated values', () => {
    const fields = nestAddress({ name: ['Ana', 'Eve'], 'address[street]': '1 Main St', 'address[zip]': '20001' });
    expect(fields).toEqual({ name: 'Ana', address: { street: '1 Main St', zip: '20001' } });
    expect(valuesOf(fields)).toEqual({ name: 'Ana', 'address.street': '1 Main St', 'address.zip': '20001' });
  });

  it('translates intake errors by their key and keeps an unknown message as it is', () => {
    const errors = localizeFieldErrors({ name: FORM_ERROR_MESSAGES.name, 'attachments.1': 'x.exe is not an image or a PDF', other: 'Odd' }, ro);
    expect(errors).toEqual({ name: ro.errors.name, attachments: ro.errors.attachmentType, other: 'Odd' });
  });
});
