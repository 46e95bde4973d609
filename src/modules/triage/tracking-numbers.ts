// Tracking numbers in customers' words: which carrier, which service, whether the check digit
// holds. Pure: the format rules are written here (tracking-*.ts), nothing is loaded at runtime.
import { canonicalize, compareReadings, readTrackingNumber, toMatch } from './tracking-readings.js';
import type { TrackingMatch } from './tracking-types.js';

export type { Carrier, TrackingMatch } from './tracking-types.js';
export type { GuidanceLocale } from './tracking-guidance.js';
export { carrierGuidance } from './tracking-guidance.js';
export { findTrackingNumbers } from './tracking-extract.js';

/**
 * Reads one candidate number (spaces, dashes and lower case tolerated) and returns its best
 * reading: a passing check digit wins; a USPS or S10 shape with a failing one is a probable typo;
 * null when no format fits.
 */
export function validateTrackingNumber(input: string): TrackingMatch | null {
  const canonical = canonicalize(input);
  if (canonical === null) return null;
  const [best] = readTrackingNumber(canonical).sort(compareReadings);
  return best ? toMatch(best, input) : null;
}
