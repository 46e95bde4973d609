// The one-number check, apart from free-text extraction and customer guidance: the help hub's
// browser script imports this file, so it pulls in only the format readers (a few KB).
import { canonicalize, compareReadings, readTrackingNumber, toMatch } from './tracking-readings.js';
import type { TrackingMatch } from './tracking-types.js';

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
