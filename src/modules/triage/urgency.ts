import { CUES, type CueFamily } from './urgency-patterns.js';

export type UrgencyLevel = 'urgent' | 'high';

/** `signals` are the phrases that decided the level, as the customer wrote them. */
export type UrgencyAssessment = { level: UrgencyLevel | null; signals: string[] };

/**
 * Lower-cased, diacritic-free text plus, for each of its characters, where it came from, so
 * a match in the folded text can be quoted from the original.
 */
type FoldedText = { text: string; origin: number[] };

function foldWithOrigin(text: string): FoldedText {
  // ASCII folds to the same length: character i comes from character i.
  if (/^[\x00-\x7f]*$/.test(text)) return { text: text.toLowerCase(), origin: [] };
  let folded = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of text) {
    // Curly apostrophes become straight ones so "can’t" matches like "can't".
    const piece = char.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[’‘]/gu, "'");
    for (let i = 0; i < piece.length; i++) origin.push(index);
    folded += piece;
    index += char.length;
  }
  origin.push(index);
  return { text: folded, origin };
}

type Found = Map<CueFamily, string[]>;

function findCues(text: string): Found {
  const folded = foldWithOrigin(text);
  const found: Found = new Map();
  for (const [family, pattern] of Object.entries(CUES) as [CueFamily, RegExp][]) {
    for (const match of folded.text.matchAll(pattern)) {
      const identity = folded.origin.length === 0;
      const start = identity ? match.index : (folded.origin[match.index] ?? 0);
      const end = identity ? match.index + match[0].length : (folded.origin[match.index + match[0].length] ?? text.length);
      const phrases = found.get(family) ?? [];
      const phrase = text.slice(start, end);
      if (!phrases.some((p) => p.toLowerCase() === phrase.toLowerCase())) phrases.push(phrase);
      found.set(family, phrases);
    }
  }
  return found;
}

type Rule = { level: UrgencyLevel; when: (has: (family: CueFamily) => boolean, isPassport: boolean) => boolean; families: CueFamily[] };

/**
 * In order of strength. Legal matters are urgent by themselves; medication, passports and
 * express items are urgent with a deadline, a need or travel, and `high` without one.
 */
const RULES: Rule[] = [
  { level: 'urgent', when: (has) => has('legal'), families: ['legal', 'express', 'time'] },
  { level: 'urgent', when: (has) => has('medication') && (has('need') || has('time') || has('alarm')), families: ['medication', 'need', 'time', 'alarm'] },
  {
    level: 'urgent',
    when: (has, isPassport) =>
      isPassport && (has('travel') || has('time') || has('date') || has('alarm') || (has('passportDocument') && has('need'))),
    families: ['passport', 'travel', 'time', 'date', 'alarm', 'passportDocument'],
  },
  { level: 'urgent', when: (has) => has('express') && (has('time') || has('alarm')), families: ['express', 'time', 'alarm'] },
  { level: 'high', when: (has, isPassport) => isPassport || has('medication') || has('express') || has('alarm'), families: ['passport', 'medication', 'express', 'alarm'] },
];

/**
 * Finds urgency in a message (English, Spanish, Romanian): legal or court documents,
 * medication, passports needed for travel, Priority Mail Express / overnight items with a
 * deadline. A known topic of `passport` counts as a passport mention.
 */
export function detectUrgency(text: string, context: { topic?: string | undefined } = {}): UrgencyAssessment {
  const found = findCues(text);
  const has = (family: CueFamily): boolean => found.has(family);
  const isPassport = has('passport') || context.topic === 'passport';
  const rule = RULES.find((r) => r.when(has, isPassport));
  if (!rule) return { level: null, signals: [] };
  const signals = rule.families.flatMap((family) => found.get(family) ?? []);
  if (signals.length === 0 && context.topic === 'passport') signals.push('topic: passport');
  return { level: rule.level, signals };
}
