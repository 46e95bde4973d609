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

/** An FTS5 MATCH expression (SQLite) built by `toMatchExpression`. */
export type Fts5MatchExpression = string & { readonly __brand: 'Fts5MatchExpression' };

/** One term of a search for PostgreSQL: its tokens (a phrase when several), the last a prefix or not. */
export type TsSearchTerm = { readonly tokens: readonly string[]; readonly prefix: boolean };

/**
 * A search for PostgreSQL built by `toTsSearch`: the terms' tokens (letters, digits and
 * private-use characters only) and the compact form of a tracking number typed with separators.
 * The repository turns it into a tsquery from bound parameters (search-postgres.ts).
 */
export type TsSearch = { readonly kind: 'tsquery'; readonly terms: readonly TsSearchTerm[]; readonly compact: string | null };

/**
 * What the search repository accepts, built only here from what an agent typed, so raw input can
 * never reach MATCH or tsquery syntax: FTS5 text on SQLite, tokens on PostgreSQL.
 */
export type MatchExpression = Fts5MatchExpression | TsSearch;

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
 * `prefixTerms`, the indexed words the last term's last token begins (`prefixTokenOf`), replace
 * its prefix match with an OR of exact ones: same matches, far cheaper for common words.
 */
export function toMatchExpression(input: string, prefixTerms?: readonly string[]): Fts5MatchExpression | null {
  const terms = searchTermsOf(input);
  if (terms.length === 0) return null;
  const quote = (term: string) => `"${term.replaceAll('"', '""')}"`;
  const words = terms
    .map((term, index) => {
      const isLast = index === terms.length - 1;
      const lastToken = LAST_TOKEN.exec(term)?.[0] ?? '';
      if (!isLast || lastToken.length < MIN_PREFIX_LENGTH) return quote(term);
      if (!prefixTerms || prefixTerms.length === 0) return `${quote(term)}*`;
      // The same term once per indexed word its last token begins: exact phrases, read lazily.
      const stem = term.slice(0, term.length - lastToken.length);
      const alternatives = prefixTerms.map((word) => quote(`${stem}${word}`));
      return alternatives.length === 1 ? (alternatives[0] ?? '') : `(${alternatives.join(' OR ')})`;
    })
    .join(prefixTerms && prefixTerms.length > 0 && terms.length > 1 ? ' AND ' : ' ');
  const compact = compactTrackingNumberOf(input);
  return (compact !== null ? `(${words}) OR "${compact}"*` : words) as Fts5MatchExpression;
}

/** The whitespace-separated terms that have a letter or digit, at most `MAX_SEARCH_TERMS`. */
function searchTermsOf(input: string): string[] {
  return input.split(/\s+/u).filter((term) => TOKEN_CHAR.test(term)).slice(0, MAX_SEARCH_TERMS);
}

/** Input with spaces or dashes that is a tracking number once they are gone: that compact form. */
function compactTrackingNumberOf(input: string): string | null {
  const compact = input.replace(/[\s-]/gu, '');
  const hasSeparators = compact.length !== input.trim().length;
  return hasSeparators && TRACKING_LIKE.test(compact) ? compact : null;
}

const TOKENS = /[\p{L}\p{N}\p{Co}]+/gu;

/**
 * `toMatchExpression`'s rules for PostgreSQL: the same terms (at most `MAX_SEARCH_TERMS`, ANDed),
 * each split into its tokens as FTS5's `unicode61` splits it (a term with punctuation is a phrase
 * of its tokens), the last term a prefix when its last token has `MIN_PREFIX_LENGTH` characters
 * and ends it, and the compact form of a tracking number typed with separators. Returns null when
 * no term has a letter or digit. Case and diacritics are folded by the text search configuration,
 * after the query is parsed.
 */
export function toTsSearch(input: string): TsSearch | null {
  const terms = searchTermsOf(input);
  if (terms.length === 0) return null;
  return {
    kind: 'tsquery',
    terms: terms.map((term, index) => ({
      tokens: term.match(TOKENS) ?? [],
      prefix: index === terms.length - 1 && (LAST_TOKEN.exec(term)?.[0] ?? '').length >= MIN_PREFIX_LENGTH,
    })),
    compact: compactTrackingNumberOf(input),
  };
}

/** Prefixes up to this length have their own FTS5 prefix index (migration 0005: `prefix = '2 3'`). */
const INDEXED_PREFIX_LENGTH = 3;

/**
 * The last token of the last term, as the tokenizer indexes it (lower case, no diacritics), when
 * `toMatchExpression` would match it as a prefix that no prefix index serves. FTS5 answers such a
 * prefix by merging every posting of every word it begins before returning the first row — for
 * `delivered*` or `tracking*` most of the index (≈ 0.2 s at a million cases) — while an exact word
 * is read lazily, newest first, and stops at the page's end. Null otherwise.
 */
export function prefixTokenOf(input: string): string | null {
  const terms = searchTermsOf(input);
  const token = LAST_TOKEN.exec(terms[terms.length - 1] ?? '')?.[0];
  if (!token || token.length <= INDEXED_PREFIX_LENGTH) return null;
  // unicode61 with remove_diacritics 2: case folded, combining marks dropped ("Ștefan" → "stefan").
  return token.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
