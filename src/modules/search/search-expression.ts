/**
 * Characters the FTS5 `unicode61` tokenizer keeps inside tokens by default (categories L*, N*,
 * Co); everything else separates tokens.
 */
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;
const LAST_TOKEN = /[\p{L}\p{N}\p{Co}]+$/u;

/** Searches with more words than this keep the first ones: a longer AND list only narrows. */
export const MAX_SEARCH_TERMS = 16;

/** The shortest last word that is matched as a prefix; one letter would match most of the index. */
export const MIN_PREFIX_LENGTH = 2;

/**
 * Turns what an agent typed into a safe FTS5 MATCH expression, never passing FTS5 syntax
 * through: each whitespace-separated term becomes a quoted string (inside quotes `NEAR(`,
 * `-`, `:`, `*`, `^`, `AND`/`OR`/`NOT` are plain text, and `"` is escaped by doubling), terms
 * are ANDed, and the last term matches as a prefix so results follow typing. A term with
 * punctuation (`grace.hopper@example.org`) is a phrase of its tokens. Returns null when no term
 * has a letter or digit, so that `%` or `"` alone matches nothing rather than failing.
 */
export function toMatchExpression(input: string): string | null {
  const terms = input.split(/\s+/u).filter((term) => TOKEN_CHAR.test(term)).slice(0, MAX_SEARCH_TERMS);
  if (terms.length === 0) return null;
  return terms
    .map((term, index) => {
      const quoted = `"${term.replaceAll('"', '""')}"`;
      const isLast = index === terms.length - 1;
      return isLast && (LAST_TOKEN.exec(term)?.[0].length ?? 0) >= MIN_PREFIX_LENGTH ? `${quoted}*` : quoted;
    })
    .join(' ');
}

/**
 * The identifier form of a search: tracking numbers are stored without spaces or dashes and in
 * upper case (`9261 2900 …` and `9261-2900-…` both find `92612900…`), as are case numbers.
 */
export function toCompactIdentifier(input: string): string {
  return input.replace(/[\s-]/gu, '').toUpperCase();
}

/** A case number as typed (`pd-abcd-efgh` works too). */
export function toCaseNumberCandidate(input: string): string {
  return input.trim().toUpperCase();
}
