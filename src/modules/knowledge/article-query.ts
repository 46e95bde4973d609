import type { ArticleLanguage } from './article.js';

/**
 * The words of an article search, built by `toArticleMatchExpression`: the only kind the article
 * search accepts. Each word is letters and digits only (folded: lower case, no diacritics), so
 * what a customer typed never reaches MATCH or tsquery as syntax. `prefixLast`: the last word is
 * still being typed and matches as a prefix.
 */
export type ArticleMatchExpression = { readonly words: readonly string[]; readonly prefixLast: boolean } & { readonly __brand: 'ArticleMatchExpression' };

/** Longest text a suggestion query reads; a description goes on far longer than its subject. */
export const MAX_QUERY_LENGTH = 500;
/** Words beyond this add little to ranking and cost an index lookup each. */
export const MAX_QUERY_TERMS = 24;

const WORD = /[\p{L}\p{N}]+/gu;

const fold = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Words that say nothing about the matter (compared without diacritics). bm25 already weighs
 * words found in most articles at almost nothing; dropping these as well means a text of only
 * such words ("I have a question") suggests nothing rather than three articles at random.
 */
const STOP_WORDS: Record<ArticleLanguage, ReadonlySet<string>> = {
  en: new Set(`a about after again all also am an and any are as at be been before but by can could did do does doing
    for from get got had has have having he hello help her hi his how i if in into is it its just know like me my need no
    not now of on or our please problem question questions she so some still than thank thanks that the their them then
    there these they this those to too up us very want was we were what when where which who why will with would yes you
    your`.split(/\s+/)),
  es: new Set(`a al algo ayuda como con de del desde donde el ella ellos en entre era es esa ese esta estaba este esto estoy
    favor fue gracias ha han hay hola la las le les lo los mas me mi mis muy necesito ni no nos o para pero por porque
    pregunta problema que quiero se ser si sin sobre su sus tambien te tengo tiene todo un una uno unos y ya yo`.split(/\s+/)),
  ro: new Set(`a acest aceasta acum ajutor al ale am ar are as asta au avea buna ca care ce cu da dar de din dupa e este
    eu fi fost iar imi in intrebare la le lui mai mea meu multumesc ne nevoie nici nu o pe pentru prin problema rog sa se
    si sunt tot un una unei unui va vreau`.split(/\s+/)),
};

/** Matches weaker than this share of the best one are noise (one common word in a long body). */
const RELATIVE_RELEVANCE = 0.3;
/** bm25 weighs words found in most articles at almost nothing: matching only those is no match. */
const MIN_RELEVANCE = 0.5;

/**
 * The matches worth showing, in their order: relevant in absolute terms and close enough to the
 * best match of their language (bm25 values of two languages' indexes are not comparable).
 */
export function keepRelevant<T extends { language: string; relevance: number }>(matches: T[]): T[] {
  const best = new Map<string, number>();
  for (const match of matches) best.set(match.language, Math.max(best.get(match.language) ?? 0, match.relevance));
  return matches.filter((match) => match.relevance >= MIN_RELEVANCE && match.relevance >= RELATIVE_RELEVANCE * (best.get(match.language) ?? 0));
}

/**
 * Turns free text (a question, or a description being typed) into the words to search for: its
 * distinctive words, ORed (`toFts5ArticleMatch`) so that an article matching most words ranks
 * first and one matching a few still counts. The last word matches as a prefix while it is being
 * typed (`prefixLast`, no space after it, three characters or more). Null when no word is left.
 */
export function toArticleMatchExpression(
  text: string,
  language: ArticleLanguage,
  options: { prefixLast: boolean } = { prefixLast: false },
): ArticleMatchExpression | null {
  const capped = text.slice(0, MAX_QUERY_LENGTH);
  const words = capped.match(WORD) ?? [];
  const stopWords = STOP_WORDS[language];
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const word of words) {
    const folded = fold(word);
    if ((folded.length < 2 && !/\d/.test(folded)) || stopWords.has(folded) || seen.has(folded)) continue;
    seen.add(folded);
    terms.push(folded);
    if (terms.length === MAX_QUERY_TERMS) break;
  }
  if (terms.length === 0) return null;
  const last = terms[terms.length - 1] ?? '';
  const typingLast = options.prefixLast && /[\p{L}\p{N}]$/u.test(capped) && fold(words[words.length - 1] ?? '') === last;
  return { words: terms, prefixLast: typingLast && last.length >= 3 } as unknown as ArticleMatchExpression;
}

/** The FTS5 expression of an article search (SQLite): each word quoted, ORed, the last one `*` when typed. */
export function toFts5ArticleMatch(expression: ArticleMatchExpression): string {
  const last = expression.words.length - 1;
  return expression.words.map((word, index) => (expression.prefixLast && index === last ? `"${word}"*` : `"${word}"`)).join(' OR ');
}
