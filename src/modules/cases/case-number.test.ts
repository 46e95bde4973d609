import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../kernel/seeded-random.js';
import {
  findCaseNumbers,
  generateCaseNumber,
  isCaseNumber,
  parseCaseNumber,
} from './case-number.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const VALID = 'PD-7K3M-Q9XK';

/** Deterministic byte source so failures reproduce. */
function seededRandomBytes(seed: number): (n: number) => Uint8Array {
  const random = seededRandom(seed);
  return (n) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
}

function symbolsOf(caseNumber: string): string[] {
  return [...caseNumber.replaceAll('-', '').slice(2)];
}

function fromSymbols(symbols: readonly string[]): string {
  const body = symbols.join('');
  return `PD-${body.slice(0, 4)}-${body.slice(4)}`;
}

describe('generateCaseNumber', () => {
  it('builds the check character from the injected bytes', () => {
    const bytes = Uint8Array.from([...'7K3MQ9X'].map((c) => ALPHABET.indexOf(c)));
    expect(generateCaseNumber(() => bytes)).toBe(VALID);
  });

  it('uses only the low 5 bits of each byte', () => {
    const bytes = Uint8Array.from([...'7K3MQ9X'].map((c) => ALPHABET.indexOf(c) | 0xe0));
    expect(generateCaseNumber(() => bytes)).toBe(VALID);
  });

  it('produces canonical, valid numbers from the default crypto source', () => {
    for (let i = 0; i < 50; i++) {
      const caseNumber = generateCaseNumber();
      expect(caseNumber).toMatch(/^PD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(isCaseNumber(caseNumber)).toBe(true);
    }
  });

  it('rejects a byte source that returns too few bytes', () => {
    expect(() => generateCaseNumber(() => new Uint8Array(6))).toThrow(RangeError);
  });
});

describe('parseCaseNumber', () => {
  it.each([
    ['PD-7K3M-Q9XK', 'canonical'],
    ['  pd-7k3m-q9xk\n', 'trimmed, lower case'],
    ['PD7K3MQ9XK', 'no dashes'],
    ['7K3M-Q9XK', 'no prefix'],
    ['7k3mq9xk', 'bare body'],
    ['pd 7k3m q9xk', 'spaces'],
    ['P D - 7 K 3 M - Q 9 X K', 'spaced out'],
    ['PD\u20137K3M\u2013Q9XK', 'en dashes from a word processor'],
  ])('accepts %j (%s)', (input) => {
    expect(parseCaseNumber(input)).toEqual({ ok: true, caseNumber: VALID });
  });

  it.each([
    ['PD-0000-0000', 'PD-0000-0000'],
    ['PD-OOOO-OOOO', 'PD-0000-0000'],
    ['pd-oooo-oooo', 'PD-0000-0000'],
  ])('decodes Crockford aliases in %j', (input, expected) => {
    expect(parseCaseNumber(input)).toEqual({ ok: true, caseNumber: expected });
  });

  it('decodes I and L as 1', () => {
    const withOne = generateCaseNumber(() => Uint8Array.from([1, 1, 1, 1, 1, 1, 1]));
    const typed = withOne.replace('PD-', '').replaceAll('1', 'I').replace(/I/, 'l');
    expect(parseCaseNumber(typed)).toEqual({ ok: true, caseNumber: withOne });
  });

  it('keeps a body that itself starts with PD', () => {
    const payload = Uint8Array.from([...'PD12345'].map((c) => ALPHABET.indexOf(c)));
    const caseNumber = generateCaseNumber(() => payload);
    expect(caseNumber.startsWith('PD-PD12-')).toBe(true);
    expect(parseCaseNumber(caseNumber.slice(3))).toEqual({ ok: true, caseNumber });
    expect(parseCaseNumber(caseNumber.replaceAll('-', ''))).toEqual({ ok: true, caseNumber });
  });

  it.each([
    ['', 'empty'],
    ['PD', 'prefix only'],
    ['PD-7K3M-Q9X', 'too short'],
    ['PD-7K3M-Q9XKK', 'too long'],
    ['XX-7K3M-Q9XK', 'wrong prefix'],
    ['PD-7K3M-Q9UK', 'U is not Crockford'],
    ['PD-7K3M-Q9X*', 'punctuation'],
    ['PD_7K3M_Q9XK', 'underscores'],
    ['PD-7K3M-Q9XÉ', 'non-ASCII letter'],
  ])('rejects %j as format (%s)', (input) => {
    const result = parseCaseNumber(input);
    expect(result).toMatchObject({ ok: false, reason: 'format' });
    if (!result.ok) expect(result.hint).toMatch(/^A case number looks like PD-/);
  });

  it('the format hint example is itself a valid case number', () => {
    const result = parseCaseNumber('');
    const example = !result.ok ? /PD-\w{4}-\w{4}/.exec(result.hint)?.[0] : undefined;
    expect(example && isCaseNumber(example)).toBe(true);
  });

  it.each([
    ['PD-7K3M-Q9XT', 'wrong check character'],
    ['PD-7K3N-Q9XK', 'substitution'],
    ['PD-K73M-Q9XK', 'transposition'],
  ])('rejects %j as check (%s)', (input) => {
    const result = parseCaseNumber(input);
    expect(result).toMatchObject({ ok: false, reason: 'check' });
    if (!result.ok) expect(result.hint).toMatch(/typo/);
  });
});

describe('check character', () => {
  const randomBytes = seededRandomBytes(20_240_601);
  const samples = Array.from({ length: 400 }, () => generateCaseNumber(randomBytes));

  /** Typos that wrongly parse as valid; collected so one assertion lists them all. */
  function escapes(typos: readonly string[]): string[] {
    return typos.filter((typo) => {
      const result = parseCaseNumber(typo);
      return result.ok || result.reason !== 'check';
    });
  }

  it('sampled numbers are all valid and distinct', () => {
    expect(samples.every((s) => isCaseNumber(s))).toBe(true);
    expect(new Set(samples).size).toBe(samples.length);
  });

  it('catches every single-character substitution at every position', () => {
    const typos = samples.flatMap((sample) =>
      symbolsOf(sample).flatMap((original, position, symbols) =>
        [...ALPHABET]
          .filter((replacement) => replacement !== original)
          .map((replacement) => {
            const typo = [...symbols];
            typo[position] = replacement;
            return fromSymbols(typo);
          }),
      ),
    );
    expect(typos).toHaveLength(samples.length * 8 * 31);
    expect(escapes(typos)).toEqual([]);
  });

  it('catches every adjacent transposition of distinct characters, including the check', () => {
    const typos = samples.flatMap((sample) => {
      const symbols = symbolsOf(sample);
      return symbols.slice(0, -1).flatMap((left, i) => {
        const right = symbols[i + 1];
        if (right === undefined || left === right) return [];
        const typo = [...symbols];
        typo[i] = right;
        typo[i + 1] = left;
        return [fromSymbols(typo)];
      });
    });
    expect(typos.length).toBeGreaterThan(samples.length * 6);
    expect(escapes(typos)).toEqual([]);
  });
});

describe('isCaseNumber', () => {
  it.each([
    [VALID, true],
    ['PD-0000-0000', true],
    ['pd-7k3m-q9xk', false],
    ['PD7K3MQ9XK', false],
    ['PD-OOOO-OOOO', false],
    [' PD-7K3M-Q9XK', false],
    ['PD-7K3M-Q9XT', false],
    ['PD-7K3M-Q9XK\n', false],
  ])('%j → %s', (input, expected) => {
    expect(isCaseNumber(input)).toBe(expected);
  });
});

describe('findCaseNumbers', () => {
  const other = generateCaseNumber(() => Uint8Array.from([2, 11, 8, 21, 4, 24, 28]));

  it.each<[string, string[]]>([
    [`Re: [${VALID}] Parcel not delivered`, [VALID]],
    ['my case pd 7k3m q9xk is still open', [VALID]],
    ['case PD7K3MQ9XK.', [VALID]],
    [`AW: AW: [${VALID}] (${VALID.toLowerCase()})`, [VALID]],
    [`first ${other}, then ${VALID}, again ${other}`, [other, VALID]],
    ['PD-7K3M-Q9XT has a typo', []],
    ['UPD-7K3M-Q9XK glued to a word', []],
    ['PD-7K3M-Q9XKZ glued to a word', []],
    ['PD-7K3M-Q9UK has a U', []],
    ['PD-OOOO-OOOO aliases', ['PD-0000-0000']],
    ['no case number here, just PD and words', []],
    ['', []],
  ])('%j', (text, expected) => {
    expect(findCaseNumbers(text)).toEqual(expected);
  });

  it('stays linear on long adversarial input', () => {
    const text = 'PD-7K3M-'.repeat(50_000) + 'pd pd pd-'.repeat(50_000);
    const started = performance.now();
    expect(findCaseNumbers(text)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
