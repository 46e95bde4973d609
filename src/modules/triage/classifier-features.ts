/**
 * Text → sparse feature vector for the topic classifier: lower-casing, diacritic folding,
 * a tiny EN/ES/RO tokeniser, word unigrams + bigrams and character 3–5-grams, all hashed
 * to 30-bit ids (FNV-1a) so no vocabulary has to be shipped or kept in sync.
 */

/** Term counts of one text: feature hash → count. */
export type FeatureVector = Map<number, number>;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Distinct seeds keep the namespaces apart: the word "sub" and the trigram " su" never collide by design. */
const SEED_WORD = FNV_OFFSET;
const SEED_BIGRAM = 0x1b873593;
const SEED_CHAR = 0x5bd1e995;

/**
 * 30-bit feature ids: they stay V8 small integers, which makes Map lookups several times
 * faster than with full 32-bit hashes; collisions among ~100k features stay negligible.
 */
const FEATURE_MASK = 0x3fffffff;

const MIN_CHAR_GRAM = 3;
const MAX_CHAR_GRAM = 5;
/** Character n-grams of very long tokens (URLs, base64 debris) add noise and time, not signal. */
const MAX_CHAR_GRAM_TOKEN = 24;

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Lower-cases and removes combining marks, so "pașaport", "paşaport" (cedilla) and
 * "pasaport", or "dirección" and "direccion", become the same string.
 */
export function foldText(text: string): string {
  // Plain ASCII (most English mail) has nothing to decompose.
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}


const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const DIGIT = /\p{N}/u;

/** Character classes for a scan over UTF-16 code units; ASCII is decided without a regular expression. */
const OTHER = 0;
const LETTER = 1;
const NUMBER = 2;

function classify(code: number): number {
  if (code >= 97 && code <= 122) return LETTER;
  if (code >= 48 && code <= 57) return NUMBER;
  if (code < 128 || (code >= 0xd800 && code <= 0xdfff)) return OTHER;
  const char = String.fromCharCode(code);
  return LETTER_OR_DIGIT.test(char) ? (DIGIT.test(char) ? NUMBER : LETTER) : OTHER;
}

/**
 * Splits folded text into runs of letters and digits. Numbers become shape tokens (`#n3`,
 * `#n8`…) and mixed letter-digit tokens (`lx123456785de`) become `#id`: the exact digits of a
 * tracking number say nothing about the topic, that a long number is present does.
 */
export function tokenize(text: string): string[] {
  const folded = foldText(text);
  const tokens: string[] = [];
  let start = -1;
  let letters = 0;
  let digits = 0;
  for (let i = 0; i <= folded.length; i++) {
    const kind = i < folded.length ? classify(folded.charCodeAt(i)) : OTHER;
    if (kind !== OTHER) {
      if (start < 0) start = i;
      if (kind === LETTER) letters++;
      else digits++;
      continue;
    }
    if (start >= 0) tokens.push(digits === 0 ? folded.slice(start, i) : letters === 0 ? numberShape(digits) : '#id');
    start = -1;
    letters = 0;
    digits = 0;
  }
  return tokens;
}

function numberShape(length: number): string {
  return length <= 2 ? '#n1' : length <= 4 ? '#n3' : length <= 7 ? '#n5' : '#n8';
}

function hashString(seed: number, text: string): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  }
  return h & FEATURE_MASK;
}

function add(vector: FeatureVector, feature: number, weight: number): void {
  vector.set(feature, (vector.get(feature) ?? 0) + weight);
}

/** Adds the 3–5-grams of " token " without allocating substrings. */
function addCharGrams(vector: FeatureVector, token: string, weight: number): void {
  const padded = ` ${token} `;
  const last = padded.length;
  for (let start = 0; start + MIN_CHAR_GRAM <= last; start++) {
    let h = SEED_CHAR;
    for (let len = 1; len <= MAX_CHAR_GRAM && start + len <= last; len++) {
      h = Math.imul(h ^ padded.charCodeAt(start + len - 1), FNV_PRIME);
      if (len >= MIN_CHAR_GRAM) add(vector, h & FEATURE_MASK, weight);
    }
  }
}

/** Relative weights of the three feature families before normalisation. */
export type FeatureWeights = { word: number; bigram: number; char: number };

export const DEFAULT_FEATURE_WEIGHTS: FeatureWeights = { word: 1, bigram: 1, char: 1 };

/**
 * Raw term counts of one text: word unigrams, word bigrams and character n-grams of
 * alphabetic tokens, each family scaled by its weight.
 */
export function extractFeatures(text: string, weights: FeatureWeights = DEFAULT_FEATURE_WEIGHTS): FeatureVector {
  const vector: FeatureVector = new Map();
  const tokens = tokenize(text);
  let previous = '#start';
  for (const token of tokens) {
    add(vector, hashString(SEED_WORD, token), weights.word);
    add(vector, hashString(SEED_BIGRAM, `${previous} ${token}`), weights.bigram);
    if (token.charCodeAt(0) !== 35 /* '#' */ && token.length <= MAX_CHAR_GRAM_TOKEN) {
      addCharGrams(vector, token, weights.char);
    }
    previous = token;
  }
  return vector;
}

/** Subject and body as the classifier sees them: the subject first, on its own line. */
export function joinSubject(input: { subject?: string | undefined; text: string }): string {
  return input.subject ? `${input.subject}\n${input.text}` : input.text;
}
