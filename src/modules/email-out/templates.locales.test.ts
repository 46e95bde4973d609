import { describe, expect, it } from 'vitest';
import en from './locales/en.json' with { type: 'json' };
import es from './locales/es.json' with { type: 'json' };
import ro from './locales/ro.json' with { type: 'json' };
import { renderAcknowledgement } from './acknowledgement.js';
import { catalogFor, renderConfirmation, supportedLocales, type ConfirmationInput } from './templates.js';

const translations = { es, ro } as const;
type Lang = keyof typeof translations;
const langs = Object.keys(translations) as Lang[];

function input(overrides: Partial<ConfirmationInput> = {}): ConfirmationInput {
  return {
    caseNumber: 'PD-AB12-CD34',
    customerName: 'Ana Popescu',
    topicName: 'Colet pierdut',
    subject: '¿Dónde está mi paquete?',
    description: 'Am comandat luni.\nNu a ajuns.',
    expectedReplyBy: new Date('2026-12-01T15:00:00Z'),
    timeZone: 'America/New_York',
    guidance: 'Sunați la 0800 123 456.',
    publicUrl: 'https://help.example.org',
    trackingNumber: 'RR123456789RO',
    ...overrides,
  };
}

/** Every string in a catalog with its dotted path (array items as `key.0`, `key.1`, …). */
function leaves(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, `${path}.${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => leaves(item, path ? `${path}.${key}` : key));
  }
  throw new Error(`unexpected value at ${path}: ${JSON.stringify(value)}`);
}

/** The catalog's structure with every string replaced by the same marker. */
function shape(value: unknown): unknown {
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shape(item)]));
  }
  return typeof value;
}

const placeholders = (s: string): string[] => [...s.matchAll(/\{\{\w+\}\}/g)].map((m) => m[0]).sort();

describe.each(langs)('%s catalog', (lang) => {
  const catalog = translations[lang];
  const translated = new Map(leaves(catalog));

  it('is registered', () => {
    expect(supportedLocales).toContain(lang);
    expect(catalogFor(lang)).toEqual({ lang, catalog });
  });

  it('has exactly the keys of en.json, arrays included', () => {
    expect(shape(catalog)).toStrictEqual(shape(en));
    expect([...translated.keys()]).toStrictEqual(leaves(en).map(([path]) => path));
  });

  it.each(leaves(en))('%s keeps its placeholders and is translated', (path, english) => {
    const text = translated.get(path);
    expect(text, path).toBeTypeOf('string');
    expect(placeholders(text ?? ''), path).toStrictEqual(placeholders(english));
    expect(text?.trim(), path).not.toBe('');
    // Everything except the bare greeting has words of its own to translate.
    if (/[a-z]{3}/i.test(english.replace(/\{\{\w+\}\}/g, ''))) expect(text, path).not.toBe(english);
  });

  it('keeps the case tag first in subjects and the reply-marker shape', () => {
    expect(catalog.confirmation.subject).toMatch(/^\[\{\{caseNumber\}\}\] \S/);
    expect(catalog.acknowledgement.subject).toMatch(/^\[\{\{caseNumber\}\}\] \S/);
    expect(catalog.confirmation.replyAbove).toMatch(/^##- \S.*\S -##$/);
    expect(catalog.confirmation.nextSteps.some((step) => step.includes('[{{caseNumber}}]'))).toBe(true);
  });
});

describe('ro catalog spelling', () => {
  it('uses comma-below ș/ț, never the cedilla forms ş/ţ', () => {
    const all = leaves(ro).map(([, s]) => s).join('\n');
    expect(all).not.toMatch(/[\u015e\u015f\u0162\u0163]/);
    expect(all).toMatch(/[ș]/);
    expect(all).toMatch(/[ț]/);
    expect(all).toMatch(/[ă]/);
    expect(all).toMatch(/[â]/);
    expect(all).toMatch(/[î]/);
  });
});

describe('renderConfirmation in Spanish and Romanian', () => {
  it.each<[Lang, string, string, string]>([
    ['es', '##- Por favor, escriba su respuesta encima de esta línea -##', 'martes, 1 de diciembre de 2026', 'Hola, Ana Popescu:'],
    ['ro', '##- Vă rugăm să scrieți răspunsul deasupra acestei linii -##', 'marți, 1 decembrie 2026', 'Bună ziua, Ana Popescu,'],
  ])('%s', (lang, marker, date, greeting) => {
    const t = translations[lang].confirmation;
    const { subject, text, html } = renderConfirmation(input(), lang);

    expect(subject).toBe(`[PD-AB12-CD34] ${t.subject.replace('[{{caseNumber}}] ', '').replace('{{topicName}}', 'Colet pierdut')}`);
    expect(subject.startsWith('[PD-AB12-CD34] ')).toBe(true);

    expect(text.split('\n')[0]).toBe(marker);
    expect(text).toContain(`${greeting}\n`);
    expect(text).toContain(`${t.expectedReplyLabel}: ${date}\n`);
    expect(text).toContain(`${t.trackingNumberLabel}: RR123456789RO\n`);
    expect(text).toContain('[PD-AB12-CD34]');
    expect(text).toContain('https://help.example.org');
    expect(text).toContain(`*** ${t.guidanceHeading} ***`);
    expect(text).toContain(`${t.youWrote}\n> ${t.subjectLabel}: ¿Dónde está mi paquete?\n`);
    expect(text.endsWith(`\n-- \n${t.footer}\n`)).toBe(true);
    expect(text).not.toMatch(/Tuesday|December|Hello|Case number/);

    expect(html).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${lang}">`));
    expect(html).toContain(date);
    expect(html).toContain(`<p>${greeting}</p>`);
    expect(html).toContain('<a href="https://help.example.org" style="color:#1d4ed8;">https://help.example.org</a>');
    expect(`${subject}${text}${html}`).not.toContain('{{');
  });

  it('prints the date in the case time zone', () => {
    const late = input({ expectedReplyBy: new Date('2026-12-02T03:00:00Z') });
    expect(renderConfirmation(late, 'es').text).toContain('martes, 1 de diciembre de 2026');
    expect(renderConfirmation({ ...late, timeZone: 'Europe/Bucharest' }, 'es').text).toContain(
      'miércoles, 2 de diciembre de 2026',
    );
    expect(renderConfirmation({ ...late, timeZone: 'Europe/Bucharest' }, 'ro').text).toContain(
      'miercuri, 2 decembrie 2026',
    );
  });

  it.each<[Lang, string]>([
    ['es', 'Hola:\n'],
    ['ro', 'Bună ziua,\n'],
  ])('%s greets without a name when it is missing', (lang, greeting) => {
    expect(renderConfirmation(input({ customerName: ' ' }), lang).text).toContain(greeting);
  });
});

describe('renderAcknowledgement in Spanish and Romanian', () => {
  it.each<[Lang, string, string]>([
    ['es', 'Hola, Ana Popescu:', 'Hola:'],
    ['ro', 'Bună ziua, Ana Popescu,', 'Bună ziua,'],
  ])('%s', (lang, greeting, greetingWithoutName) => {
    const t = translations[lang].acknowledgement;
    const { subject, text, html } = renderAcknowledgement({ caseNumber: 'PD-AB12-CD34', customerName: 'Ana Popescu' }, lang);
    expect(subject).toBe(t.subject.replace('{{caseNumber}}', 'PD-AB12-CD34'));
    expect(subject.startsWith('[PD-AB12-CD34] ')).toBe(true);
    expect(text).toBe(
      `${greeting}\n\n${t.body.replace('{{caseNumber}}', 'PD-AB12-CD34')}\n\n-- \n${t.footer}\n`,
    );
    expect(html).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${lang}">`));
    expect(html).toContain(`<title>${subject}</title>`);
    expect(`${subject}${text}${html}`).not.toContain('{{');
    expect(renderAcknowledgement({ caseNumber: 'PD-1', customerName: '' }, lang).text.startsWith(`${greetingWithoutName}\n`)).toBe(true);
  });
});

describe('unknown locales', () => {
  it.each(['xx', 'es-MX', 'ES', 'ro_RO', '__proto__', 'constructor', ''])('%j falls back to English', (locale) => {
    expect(renderConfirmation(input(), locale)).toEqual(renderConfirmation(input(), 'en'));
    expect(renderConfirmation(input(), locale).html).toContain('<html lang="en">');
    const ack = { caseNumber: 'PD-AB12-CD34', customerName: 'Ana' };
    expect(renderAcknowledgement(ack, locale)).toEqual(renderAcknowledgement(ack, 'en'));
    expect(renderAcknowledgement(ack, locale).html).toContain('<html lang="en">');
  });
});
