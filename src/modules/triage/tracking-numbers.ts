// Tracking numbers in customers' words: which carrier, which service, whether the check digit
// holds. Pure: the format rules are written here (tracking-*.ts), nothing is loaded at runtime.
export type { Carrier, TrackingMatch } from './tracking-types.js';
export type { GuidanceLocale } from './tracking-guidance.js';
export { carrierGuidance } from './tracking-guidance.js';
export { findTrackingNumbers } from './tracking-extract.js';
export { validateTrackingNumber } from './tracking-validate.js';
