import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_TERMS, toCaseNumberCandidate, toCompactIdentifier, toMatchExpression } from './search-expression.js';

describe('toMatchExpression', () => {
  it.each<[string, string | null]>([
    ['zeppelin', '"zeppelin"*'],
    ['  zeppelin  stamps ', '"zeppelin" "stamps"*'],
    ['Ștefan', '"Ștefan"*'],
    ['grace.hopper@example.org', '"grace.hopper@example.org"*'],
    ['a', '"a"'],
    ['stamp a', '"stamp" "a"'],
    ['stamp.', '"stamp."'],
    ['say "hi"', '"say" """hi"""'],
    ['NEAR(a b)', '"NEAR(a" "b)"'],
    ['-refund', '"-refund"*'],
    ['subject:vase', '"subject:vase"*'],
    ['vase*', '"vase*"'],
    ['^start OR end', '"^start" "OR" "end"*'],
    ['%', null],
    ['_', null],
    ['" * - : ( )', null],
    ['', null],
    ['   ', null],
  ])('%j → %j', (input, expected) => {
    expect(toMatchExpression(input)).toBe(expected);
  });

  it('keeps at most MAX_SEARCH_TERMS terms', () => {
    const input = Array.from({ length: MAX_SEARCH_TERMS + 5 }, (_, i) => `w${i}`).join(' ');
    expect(toMatchExpression(input)?.split(' ')).toHaveLength(MAX_SEARCH_TERMS);
  });
});

describe('identifier forms', () => {
  it.each<[string, string]>([
    ['9261 2900 1234 5678 9012 34', '9261290012345678901234'],
    ['9261-2900-1234', '926129001234'],
    ['ra 123 456 789 us', 'RA123456789US'],
  ])('compact %j → %j', (input, expected) => {
    expect(toCompactIdentifier(input)).toBe(expected);
  });

  it('upper-cases a case number', () => {
    expect(toCaseNumberCandidate(' pd-abcd-efgh ')).toBe('PD-ABCD-EFGH');
  });
});
