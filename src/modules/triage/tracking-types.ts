/** Who carries an item; `upu-s10` is a foreign postal operator named by an S10 country code. */
export type Carrier = 'usps' | 'ups' | 'fedex' | 'dhl' | 'amazon' | 'upu-s10';

/** One tracking number read from a customer's words, with what its format says about it. */
export type TrackingMatch = {
  /** Canonical: uppercase, no separators, without a USPS `420`+ZIP routing prefix. */
  number: string;
  carrier: Carrier;
  service?: string;
  /** Check digit right (S10: and a known country code); formats without a check digit pass by shape. */
  valid: boolean;
  /** Shaped like a USPS or S10 number but failing its check: most likely mistyped or misread. */
  probableTypo: boolean;
  /** ISO 3166 code of the issuing postal operator (S10 numbers only). */
  country?: string;
  operator?: string;
  /** ZIP (5 or 9 digits) taken from a USPS `420` routing prefix, when the number carried one. */
  destinationZip?: string;
  /** The number as the customer wrote it. */
  raw: string;
};

/**
 * What the surrounding text must say before `findTrackingNumbers` reports a reading:
 * `self` — the format identifies itself (S10, `1Z`, `TBA`, USPS application identifier or routing prefix);
 * `tracking-context` — a bare number with a check digit, reported after a tracking word or the carrier's name;
 * `carrier-named` — a short or unchecked format, reported only when the text names the carrier;
 * `none` — only ever returned by `validateTrackingNumber`.
 */
export type Evidence = 'self' | 'tracking-context' | 'carrier-named' | 'none';

/** One way of reading a canonical string; a string may have several (a 12-digit number, a 420+ZIP prefix). */
export type Reading = Omit<TrackingMatch, 'raw'> & {
  evidence: Evidence;
  /** The format carries a check digit, so `valid` means more than "has the right shape". */
  checked: boolean;
};
