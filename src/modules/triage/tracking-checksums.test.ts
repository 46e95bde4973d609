import { describe, expect, it } from 'vitest';
import {
  fedexExpressCheckDigit,
  gs1CheckDigit,
  mod7CheckDigit,
  s10CheckDigit,
  upsCheckDigit,
} from './tracking-checksums.js';

// Expected digits are worked out by hand (sums in the case names), not with the code under test.
describe('check digits', () => {
  it.each([
    { case: 'S10 worked example 47312482: S = 200, 11 - 2 = 9', serial: '47312482', expected: 9 },
    { case: 'S10 12345678: S = 204, 11 - 6 = 5 (EA123456785US)', serial: '12345678', expected: 5 },
    { case: 'S10 remainder 0: 11 becomes 5', serial: '00000000', expected: 5 },
    { case: 'S10 remainder 1: 10 becomes 0 (3 x 4 = 12)', serial: '00300000', expected: 0 },
  ])('$case', ({ serial, expected }) => {
    expect(s10CheckDigit(serial)).toBe(expected);
  });

  it.each([
    { case: 'GS1 9400 1000 … 0: 9x3 + 4x1 + 1x3 = 34', digits: '940010000000000000000', expected: 6 },
    { case: 'GS1 weights start with 3 at the right: 1x3 = 3', digits: '01', expected: 7 },
    { case: 'GS1 sum multiple of 10', digits: '000', expected: 0 },
  ])('$case', ({ digits, expected }) => {
    expect(gs1CheckDigit(digits)).toBe(expected);
  });

  it('UPS: letters count (code - 3) mod 10, odd positions doubled (1Z999AA10123456784: sum 96)', () => {
    expect(upsCheckDigit('999AA1012345678')).toBe(4);
  });

  it.each([
    { case: 'FedEx 98657878885: sum 269, mod 11 = 5', digits: '98657878885', expected: 5 },
    { case: 'FedEx remainder 10 becomes 0: 7 + 3', digits: '00000000110', expected: 0 },
  ])('$case', ({ digits, expected }) => {
    expect(fedexExpressCheckDigit(digits)).toBe(expected);
  });

  it('DHL: 331881002 mod 7 = 5', () => {
    expect(mod7CheckDigit('331881002')).toBe(5);
  });
});
