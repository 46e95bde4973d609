// Check-digit arithmetic for the tracking formats we read. Every function takes the digits the
// check covers (without the check digit) and returns the expected check digit.

const CODE_0 = 48;
const CODE_9 = 57;

function digitAt(digits: string, index: number): number {
  return digits.charCodeAt(index) - CODE_0;
}

/** GS1 mod 10 (USPS IMpb and 20-digit, FedEx Ground, SSCC): weights 3, 1, 3, … from the rightmost digit. */
export function gs1CheckDigit(digits: string): number {
  let sum = 0;
  let weight = 3;
  for (let i = digits.length - 1; i >= 0; i--) {
    sum += digitAt(digits, i) * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * UPS mod 10: a letter counts as (char code − 3) mod 10 (A=2 … H=9, I=0, J=1, …), every second
 * character from the left is doubled (no digit folding, unlike Luhn).
 */
export function upsCheckDigit(chars: string): number {
  let sum = 0;
  for (let i = 0; i < chars.length; i++) {
    const code = chars.charCodeAt(i);
    const value = code <= CODE_9 ? code - CODE_0 : (code - 3) % 10;
    sum += i % 2 === 1 ? value * 2 : value;
  }
  return (10 - (sum % 10)) % 10;
}

/** FedEx Express: weights 1, 3, 7 repeating from the rightmost digit, sum mod 11, then mod 10. */
export function fedexExpressCheckDigit(digits: string): number {
  let sum = 0;
  let position = 0;
  for (let i = digits.length - 1; i >= 0; i--) {
    const weight = position === 0 ? 1 : position === 1 ? 3 : 7;
    sum += digitAt(digits, i) * weight;
    position = (position + 1) % 3;
  }
  return (sum % 11) % 10;
}

const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;

/** UPU S10: weights 8,6,4,2,3,5,9,7 over the 8 serial digits; 11 − (sum mod 11), with 10 → 0 and 11 → 5. */
export function s10CheckDigit(serial: string): number {
  let sum = 0;
  S10_WEIGHTS.forEach((weight, i) => {
    sum += digitAt(serial, i) * weight;
  });
  const check = 11 - (sum % 11);
  if (check === 10) return 0;
  if (check === 11) return 5;
  return check;
}

/** DHL Express: the serial read as a number, mod 7 (computed digit by digit, so any length works). */
export function mod7CheckDigit(digits: string): number {
  let remainder = 0;
  for (let i = 0; i < digits.length; i++) remainder = (remainder * 10 + digitAt(digits, i)) % 7;
  return remainder;
}

/** The digit at `index` of a digit string, as a number. */
export function digitValue(digits: string, index: number): number {
  return digitAt(digits, index);
}

/** Whether a digit string is all zeros: such a serial passes most check rules and is never a real number. */
export function isAllZeros(digits: string): boolean {
  for (let i = 0; i < digits.length; i++) if (digits.charCodeAt(i) !== CODE_0) return false;
  return true;
}
