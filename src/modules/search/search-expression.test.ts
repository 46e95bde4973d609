import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_TERMS, toMatchExpression, toTsSearch } from './search-expression.js';

describe('toMatchExpression', () => {
  it.each<[string, string | null]>([
    ['zeppelin', '"zeppelin"*'],
    ['  zeppelin  stamps ', '"zeppelin" "stamps"*'],
    ['Ștefan', '"Ștefan"*'],
    ['grace.hopper@example.org', '"grace.hopper@example.org"*'],
    ['PD-ABCD-EFG1', '"PD-ABCD-EFG1"*'],
    ['9400 10', '"9400" "10"*'],
    ['9400 1000', '("9400" "1000"*) OR "94001000"*'],
    ['9400 1000 0', '("9400" "1000" "0") OR "940010000"*'],
    ['9261 2900 1234', '("9261" "2900" "1234"*) OR "926129001234"*'],
    ['ra-123-456-785-us', '("ra-123-456-785-us"*) OR "ra123456785us"*'],
    ['a-b', '"a-b"'],
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
    const input = Array.from({ length: MAX_SEARCH_TERMS + 5 }, (_, i) => `word${'s'.repeat(i)}`).join(' ');
    expect(toMatchExpression(input)?.split(' ')).toHaveLength(MAX_SEARCH_TERMS);
  });
});

describe('toTsSearch (PostgreSQL): toMatchExpression\'s rules as tokens', () => {
  const term = (tokens: string[], prefix = false) => ({ tokens, prefix });
  it.each<[string, ReturnType<typeof toTsSearch>]>([
    ['zeppelin', { kind: 'tsquery', terms: [term(['zeppelin'], true)], compact: null }],
    ['  zeppelin  stamps ', { kind: 'tsquery', terms: [term(['zeppelin']), term(['stamps'], true)], compact: null }],
    ['Ștefan', { kind: 'tsquery', terms: [term(['Ștefan'], true)], compact: null }],
    ['grace.hopper@exa', { kind: 'tsquery', terms: [term(['grace', 'hopper', 'exa'], true)], compact: null }],
    ['PD-ABCD-EFG1', { kind: 'tsquery', terms: [term(['PD', 'ABCD', 'EFG1'], true)], compact: null }],
    ['9400 1000', { kind: 'tsquery', terms: [term(['9400']), term(['1000'], true)], compact: '94001000' }],
    ['ra-123-456-785-us', { kind: 'tsquery', terms: [term(['ra', '123', '456', '785', 'us'], true)], compact: 'ra123456785us' }],
    ['stamp a', { kind: 'tsquery', terms: [term(['stamp']), term(['a'])], compact: null }],
    ['stamp.', { kind: 'tsquery', terms: [term(['stamp'])], compact: null }],
    ["a:* & !b | (", { kind: 'tsquery', terms: [term(['a']), term(['b'], false)], compact: null }],
    ["o'brien's", { kind: 'tsquery', terms: [term(['o', 'brien', 's'])], compact: null }],
    ['" * - : ( ) \' \\ & | !', null],
    ['', null],
  ])('%j', (input, expected) => {
    expect(toTsSearch(input)).toEqual(expected);
  });

  it('keeps at most MAX_SEARCH_TERMS terms', () => {
    const input = Array.from({ length: MAX_SEARCH_TERMS + 5 }, (_, i) => `word${i}`).join(' ');
    expect(toTsSearch(input)?.terms).toHaveLength(MAX_SEARCH_TERMS);
  });
});
