import { describe, expect, it } from 'vitest';
import { prefixTokenOf, toMatchExpression } from './search-expression.js';

describe('prefix words spelled out (for prefixes no FTS5 prefix index serves)', () => {
  it.each<[string, string | null]>([
    ['delivered', 'delivered'],
    ['parcel Delivered', 'delivered'],
    ['Ștefan', 'stefan'],
    ['ada.wilson@mail.example', 'example'],
    ['del', null],
    ['grace.hopper@example.org', null],
    ['stamp.', null],
    ['%', null],
  ])('prefixTokenOf(%j) → %j', (input, expected) => {
    expect(prefixTokenOf(input)).toBe(expected);
  });

  it.each<[string, string[], string]>([
    ['delivered', ['delivered'], '"delivered"'],
    ['deliv', ['delivered', 'delivery'], '("delivered" OR "delivery")'],
    ['parcel deliv', ['delivered', 'delivery'], '"parcel" AND ("delivered" OR "delivery")'],
    ['ada.wilson@mail.exam', ['example', 'exams'], '("ada.wilson@mail.example" OR "ada.wilson@mail.exams")'],
    ['9400 1000 0000', ['0000'], '("9400" AND "1000" AND "0000") OR "940010000000"*'],
  ])('toMatchExpression(%j, %j) → %j', (input, words, expected) => {
    expect(toMatchExpression(input, words)).toBe(expected);
  });

  it('keeps the plain prefix match without words', () => {
    expect(toMatchExpression('deliv', [])).toBe('"deliv"*');
    expect(toMatchExpression('deliv')).toBe('"deliv"*');
  });
});
