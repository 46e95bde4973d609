import { TextContext } from './tracking-context.js';
import * as readings from './tracking-readings.js';
import type { Reading, TrackingMatch } from './tracking-types.js';

// Finding tracking numbers in free text in one left-to-right pass, without backtracking regexes:
// 1. split the text into alphanumeric tokens; tokens joined by a short run of spaces or one dash
//    form a chain (`9400 1000 …`, `EA 123 456 785 US`);
// 2. from each token, try the windows of up to MAX_WINDOW_TOKENS tokens whose length some format
//    has, and keep the best reading;
// 3. keep the best non-overlapping windows. Work per token is bounded, so the scan is linear.
// Numbers are never cut out of a longer token: `…94001…` inside a 60-digit run is not a number.

// Imported bindings used in the per-token loops are bound once here: transpiled ESM (tsx in
// production, vitest in tests) turns every read of an imported binding into a getter call.
const { MIN_NUMBER_LENGTH, MAX_NUMBER_LENGTH, classifyWindow, compareReadings, readTrackingNumber, toMatch } = readings;

const MAX_WINDOW_TOKENS = 12;
/** Tokens of 1–2 characters a window may hold (`EA … US`, `420 … 92 … 8`); more is a list, not a number. */
const MAX_SHORT_TOKENS = 3;

/** Case numbers (`PD-7K3M-Q9XK`) are ours, not a carrier's: masked before scanning. */
const CASE_NUMBER = /(?<![0-9A-Za-z])PD[\s\-\u2010-\u2015]?[0-9A-Z]{4}[\s\-\u2010-\u2015]?[0-9A-Z]{4}(?![0-9A-Za-z])/gi;

type Candidate = { reading: Reading; first: number; last: number; start: number; end: number };

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** 1–3 characters of spaces and at most one dash: `9400 1000`, `20001-1234`, `EA - 123`. */
function isJoiner(text: string, from: number, to: number): boolean {
  const gap = to - from;
  if (gap < 1 || gap > 3) return false;
  let dashes = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 45 || (code >= 0x2010 && code <= 0x2015)) dashes++;
    else if (code !== 32 && code !== 9 && code !== 0xa0) return false;
  }
  return dashes <= 1;
}

/**
 * The alphanumeric tokens that may be part of a number, as parallel arrays (texts can be large).
 * Words (letters only, longer than `JVGL`) and runs longer than any number are left out and break
 * chains; `joinsPrevious[k]` says whether token k continues the chain of token k − 1.
 */
class Tokens {
  readonly start: number[] = [];
  readonly end: number[] = [];
  readonly digitsOnly: boolean[] = [];
  readonly joinsPrevious: boolean[] = [];
  count = 0;

  constructor(readonly text: string) {
    this.scan();
  }

  length(k: number): number {
    return (this.end[k] ?? 0) - (this.start[k] ?? 0);
  }

  /** The canonical (upper-case) characters of tokens first..last. */
  spell(first: number, last: number): string {
    let spelled = '';
    for (let k = first; k <= last; k++) spelled += this.text.slice(this.start[k], this.end[k]);
    return spelled.toUpperCase();
  }

  /** The first three characters a window starting at token `first` spells. */
  prefix(first: number): string {
    const start = this.start[first] ?? 0;
    if ((this.end[first] ?? 0) - start >= 3) return this.text.slice(start, start + 3).toUpperCase();
    return this.spell(first, Math.min(first + 2, this.count - 1)).slice(0, 3);
  }

  private scan(): void {
    const { text } = this;
    let chainOpen = false;
    let i = 0;
    while (i < text.length) {
      if (!isAlphanumeric(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i;
      let hasLetter = false;
      let hasDigit = false;
      for (; i < text.length && isAlphanumeric(text.charCodeAt(i)); i++) {
        if (isDigitCode(text.charCodeAt(i))) hasDigit = true;
        else hasLetter = true;
      }
      const length = i - start;
      if (length > MAX_NUMBER_LENGTH || (!hasDigit && length > 4)) {
        chainOpen = false;
        continue;
      }
      const joins = chainOpen && isJoiner(text, this.end[this.count - 1] ?? 0, start);
      this.start.push(start);
      this.end.push(i);
      this.digitsOnly.push(!hasLetter);
      this.joinsPrevious.push(joins);
      this.count++;
      chainOpen = true;
    }
  }
}

const NOT_BEFORE = new Set(['+', '$', '€', '£', '¥']);
const NOT_AFTER = new Set(['%', '$', '€', '£']);

/** Not a phone (`+1…`), a price (`$…`, `…,50`), a decimal or a percentage. */
function standsAlone(text: string, start: number, end: number): boolean {
  const before = text.charAt(start - 1);
  const after = text.charAt(end);
  if (NOT_BEFORE.has(before) || NOT_AFTER.has(after)) return false;
  if ((before === '.' || before === ',') && isDigitCode(text.charCodeAt(start - 2))) return false;
  return !((after === '.' || after === ',') && isDigitCode(text.charCodeAt(end + 1)));
}

/**
 * Between overlapping windows: a valid self-identifying number, then a mistyped one (a USPS-shaped
 * typo says more than a bare 12 digits inside it whose check happens to pass), then the rest.
 */
function tier(reading: Reading): number {
  if (reading.evidence !== 'self') return 0;
  return reading.valid ? 2 : 1;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    tier(b.reading) - tier(a.reading) ||
    compareReadings(a.reading, b.reading) ||
    b.end - b.start - (a.end - a.start) ||
    a.start - b.start
  );
}

/**
 * Reads the windows of one chain (tokens `from`..`to` − 1). Bare numbers without a
 * self-identifying shape (`weak` windows) are only read when written whole or in carrier-style
 * groups of 3–5 digits (`7905 3531 2317`, never phone-style `202 555 0143`), when the words
 * around allow it, and not inside a mistyped USPS/S10 number.
 */
class ChainScan {
  private first = 0;
  private weakAllowed: boolean | undefined;
  /** Starts up to this token lie inside a mistyped self-identifying number. */
  private selfOnlyThrough = -1;

  constructor(
    private readonly tokens: Tokens,
    private readonly to: number,
    private readonly context: TextContext,
  ) {}

  /** The best non-overlapping candidates of the chain starting at token `from`, in text order. */
  collect(from: number, found: Candidate[]): void {
    const candidates: Candidate[] = [];
    for (let first = from; first < this.to; ) {
      const here = this.candidatesAt(first);
      let best: Candidate | undefined;
      for (const candidate of here) {
        candidates.push(candidate);
        if (!best || compareCandidates(candidate, best) < 0) best = candidate;
      }
      const isSelf = best?.reading.evidence === 'self';
      // Nothing overlapping can beat a valid self-identifying number: skip past it.
      if (best && isSelf && best.reading.valid) first = best.last + 1;
      else {
        if (best && isSelf) this.selfOnlyThrough = Math.max(this.selfOnlyThrough, best.last);
        first++;
      }
    }
    resolveOverlaps(candidates, found);
  }

  /** Every reportable reading of the windows starting at token `first` (at most one per window). */
  private candidatesAt(first: number): Candidate[] {
    const { tokens } = this;
    this.first = first;
    this.weakAllowed = undefined;
    const groupSize = tokens.length(first);
    const candidates: Candidate[] = [];
    let prefix: string | undefined;
    let length = 0;
    let shortTokens = 0;
    let allDigits = true;
    let evenGroups = tokens.digitsOnly[first] === true && groupSize >= 3 && groupSize <= 5;
    const stop = Math.min(this.to, first + MAX_WINDOW_TOKENS);
    for (let last = first; last < stop; last++) {
      const size = tokens.length(last);
      if (size <= 2 && ++shortTokens > MAX_SHORT_TOKENS) break;
      length += size;
      if (length > MAX_NUMBER_LENGTH) break;
      const digits = tokens.digitsOnly[last] === true;
      allDigits &&= digits;
      const carrierGrouped = last === first || (evenGroups && digits && size <= groupSize);
      if (last > first) evenGroups &&= digits && size === groupSize;
      if (length < MIN_NUMBER_LENGTH) continue;
      prefix ??= tokens.prefix(first);
      const kind = classifyWindow(length, allDigits, prefix);
      if (kind === 'none' || (kind === 'weak' && !(carrierGrouped && this.allowsWeak()))) continue;
      const candidate = this.read(last, tokens.spell(first, last));
      if (candidate) candidates.push(candidate);
    }
    return candidates;
  }

  /** The best reportable reading of tokens first..last, if any. */
  private read(last: number, canonical: string): Candidate | null {
    const { tokens, first } = this;
    const start = tokens.start[first] ?? 0;
    const end = tokens.end[last] ?? 0;
    let best: Candidate | null = null;
    for (const reading of readTrackingNumber(canonical)) {
      if (!this.isReportable(reading, start, end)) continue;
      const candidate: Candidate = { reading, first, last, start, end };
      if (!best || compareCandidates(candidate, best) < 0) best = candidate;
    }
    return best;
  }

  /** Weak numbers need a tracking word before them or a carrier named, and no order/phone word closer. */
  private allowsWeak(): boolean {
    if (this.first <= this.selfOnlyThrough) return false;
    if (this.weakAllowed === undefined) {
      const keyword = this.context.keywordBefore(this.tokens.start[this.first] ?? 0);
      this.weakAllowed = keyword === 'tracking' || (keyword === null && this.context.namesAnyCarrier());
    }
    return this.weakAllowed;
  }

  private isReportable(reading: Reading, start: number, end: number): boolean {
    if (reading.evidence === 'none') return false;
    if (reading.evidence === 'self') return true;
    if (!this.allowsWeak() || !standsAlone(this.context.text, start, end)) return false;
    const named = this.context.names(reading.carrier);
    if (reading.evidence === 'carrier-named') return named;
    return named || this.context.keywordBefore(start) === 'tracking';
  }
}

function isFree(used: Set<number>, candidate: Candidate): boolean {
  for (let k = candidate.first; k <= candidate.last; k++) if (used.has(k)) return false;
  return true;
}

/**
 * Keeps the best non-overlapping candidates, in text order. Candidates arrive in start order and
 * span at most MAX_WINDOW_TOKENS tokens, so only runs of mutually overlapping ones need ranking.
 */
function resolveOverlaps(candidates: readonly Candidate[], found: Candidate[]): void {
  let cluster: Candidate[] = [];
  let clusterLast = -1;
  const settle = (): void => {
    const used = new Set<number>();
    const kept = cluster.sort(compareCandidates).filter((candidate) => {
      if (!isFree(used, candidate)) return false;
      for (let k = candidate.first; k <= candidate.last; k++) used.add(k);
      return true;
    });
    // A loop, not push(...kept): a cluster of chained overlaps can be as long as the text.
    for (const candidate of kept.sort((a, b) => a.start - b.start)) found.push(candidate);
    cluster = [];
  };
  for (const candidate of candidates) {
    if (candidate.first > clusterLast) settle();
    cluster.push(candidate);
    clusterLast = Math.max(clusterLast, candidate.last);
  }
  settle();
}

/**
 * Tracking numbers in free text (subject and body of an email), each once, valid ones first and
 * otherwise in order of appearance.
 */
export function findTrackingNumbers(text: string): TrackingMatch[] {
  const masked = text.replace(CASE_NUMBER, (caseNumber) => '|'.repeat(caseNumber.length));
  const tokens = new Tokens(masked);
  const context = new TextContext(text);
  const found: Candidate[] = [];
  for (let from = 0; from < tokens.count; ) {
    let to = from + 1;
    let characters = tokens.length(from);
    for (; to < tokens.count && tokens.joinsPrevious[to] === true; to++) characters += tokens.length(to);
    if (characters >= MIN_NUMBER_LENGTH) new ChainScan(tokens, to, context).collect(from, found);
    from = to;
  }
  const seen = new Set<string>();
  const matches: TrackingMatch[] = [];
  for (const wantValid of [true, false]) {
    for (const { reading, start, end } of found) {
      if (reading.valid !== wantValid || seen.has(reading.number)) continue;
      seen.add(reading.number);
      matches.push(toMatch(reading, text.slice(start, end)));
    }
  }
  return matches;
}
