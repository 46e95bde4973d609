import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_TERMS, toMatchExpression } from './search-expression.js';

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
