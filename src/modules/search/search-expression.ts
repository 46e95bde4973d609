/**
 * Characters the FTS5 `unicode61` tokenizer keeps inside tokens by default (categories L*, N*,
 * Co); everything else separates tokens.
 */
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;
const LAST_TOKEN = /[\p{L}\p{N}\p{Co}]+$/u;
/** A tracking number once spaces and dashes are gone: letters and digits, at least six of them digits. */
const TRACKING_LIKE = /^(?=(?:[A-Za-z]*[0-9]){6})[0-9A-Za-z]{8,40}$/;

/** Searches with more words than this keep the first ones: a longer AND list only narrows. */
export const MAX_SEARCH_TERMS = 16;

/** The shortest last word that is matched as a prefix; one letter would match most of the index. */
export const MIN_PREFIX_LENGTH = 2;

/**
 * An FTS5 MATCH expression built by `toMatchExpression`: the only kind the search repository
 * accepts, so raw input can never reach MATCH.
 */
export type MatchExpression = string & { readonly __brand: 'MatchExpression' };

/**
 * Turns what an agent typed into a safe FTS5 MATCH expression, never passing FTS5 syntax
 * through: each whitespace-separated term becomes a quoted string (inside quotes `NEAR(`,
 * `-`, `:`, `*`, `^`, `AND`/`OR`/`NOT` are plain text, and `"` is escaped by doubling), terms
 * are ANDed, and the last term matches as a prefix so results follow typing. A term with
 * punctuation (`grace.hopper@example.org`) is a phrase of its tokens. Input with spaces or
 * dashes that looks like a tracking number once they are removed (`9261 2900 1234…`,
 * `RA-123-456-785-US`) also matches that compact form, which is how tracking numbers are
 * indexed. Returns null when
 * no term has a letter or digit, so that `%` or `"` alone matches nothing rather than failing.
 */
export function toMatchExpression(input: string): MatchExpression | null {
  const terms = input.split(/\s+/u).filter((term) => TOKEN_CHAR.test(term)).slice(0, MAX_SEARCH_TERMS);
  if (terms.length === 0) return null;
  const words = terms
    .map((term, index) => {
      const quoted = `"${term.replaceAll('"', '""')}"`;
      const isLast = index === terms.length - 1;
      return isLast && (LAST_TOKEN.exec(term)?.[0].length ?? 0) >= MIN_PREFIX_LENGTH ? `${quoted}*` : quoted;
    })
    .join(' ');
  const compact = input.replace(/[\s-]/gu, '');
  const hasSeparators = compact.length !== input.trim().length;
  return (hasSeparators && TRACKING_LIKE.test(compact) ? `(${words}) OR "${compact}"*` : words) as MatchExpression;
}
