import { sql, type RawBuilder } from 'kysely';
import type { TsSearch, TsSearchTerm } from './search-expression.js';

/**
 * Case search on PostgreSQL (migration 0014): how a case's document is built and how a search
 * becomes a tsquery. The text search configurations fold case and diacritics (`unaccent`);
 * `postdesk_simple` keeps every word as it is (weight D), and the case language's stemming
 * configuration adds the stems of subject and messages under a weight of its own, so that a
 * query's English stems only meet English stems.
 */

export const SIMPLE_CONFIGURATION = 'postdesk_simple';

/** Case languages with a stemming configuration, and the weight their stems carry in a document. */
export const STEMMED_LANGUAGES = [
  { language: 'en', configuration: 'postdesk_english', weight: 'A' },
  { language: 'es', configuration: 'postdesk_spanish', weight: 'B' },
  { language: 'ro', configuration: 'postdesk_romanian', weight: 'C' },
] as const;

/**
 * ASCII punctuation (a regular expression of code-point ranges, the same in every locale), turned
 * into spaces before PostgreSQL's parser sees a document, so that words split as FTS5's
 * `unicode61` splits them (and as `toTsSearch` splits a query): the parser would otherwise keep
 * `ada@example.org`, `example.org` and `PD-AB12-CD34` as single tokens, where a search for
 * `example.org` or a partial address must find the parts. Other punctuation is a separator to the
 * parser already (in a database whose locale knows Unicode; a `C` locale database treats every
 * non-ASCII character as a letter). `regexp_replace` rather than `translate`: 20 times faster.
 */
export const ASCII_PUNCTUATION_PATTERN = '[!-/:-@[-`{-~]+';

/**
 * The longest message text (in characters) a document holds in each of its two parts. A tsvector
 * is at most 1 MB of words; 100,000 characters stay below that even if every word is distinct
 * and four bytes a letter, so a huge mail never makes a rebuild fail (and block the ones after it).
 * About 15,000 words: longer threads are matched on their beginning.
 */
export const MAX_INDEXED_TEXT = 100_000;

/**
 * Rebuilds the documents of the cases in the array parameter `ids` (one statement). Identifiers
 * and words (`postdesk_simple`, weight D) first, then the stems of subject and messages in the
 * case language's configuration, weighted by language.
 */
export function rebuildDocumentsQuery(ids: readonly string[]): RawBuilder<unknown> {
  const words = (text: RawBuilder<unknown>) => sql`regexp_replace(${text}, ${ASCII_PUNCTUATION_PATTERN}, ' ', 'g')`;
  const stems = sql.join(STEMMED_LANGUAGES.map(({ language, configuration, weight }) =>
    sql`when ${sql.lit(language)} then setweight(to_tsvector(${sql.lit(configuration)}, prose.text), ${sql.lit(weight)})`), sql` `);
  return sql`
    insert into case_search_documents (case_id, document)
    select c.id,
      to_tsvector(${sql.lit(SIMPLE_CONFIGURATION)}, ${words(sql`concat_ws(' ', c.number, cu.name, cu.email, tracking.numbers)`)} || ' ' || prose.text)
      || case c.language ${stems} else ''::tsvector end
    from cases c
    join customers cu on cu.id = c.customer_id
    cross join lateral (select string_agg(t.number, ' ') as numbers from case_tracking_numbers t where t.case_id = c.id) tracking
    cross join lateral (
      select string_agg(case when m.full_text is null or m.full_text = m.text then m.text else m.text || E'\\n' || m.full_text end,
                        E'\\n' order by m.created_at, m.id) as text
      from messages m where m.case_id = c.id) body
    cross join lateral (select left(${words(sql`concat_ws(' ', c.subject, body.text)`)}, ${MAX_INDEXED_TEXT}) as text) prose
    where c.id = any(${ids}::text[])
    on conflict (case_id) do update set document = excluded.document`;
}

/**
 * One operand of tsquery text: a token in quotes, then `:` and its suffix (prefix `*`, weights).
 * Tokens hold only letters, digits and private-use characters (`toTsSearch`), so there is nothing
 * to escape; quotes and backslashes are doubled all the same, should that ever change.
 */
function operand(token: string, suffix: string): string {
  return `'${token.replace(/['\\]/gu, (c) => c + c)}':${suffix}`;
}

const LETTER = /\p{L}/u;

/**
 * The tsquery of a search, built from bound parameters only: each term matches its words in
 * `postdesk_simple` (a phrase when it has several; the last a prefix while it is typed) or, for a
 * single word, its stem in any of the stemming configurations; terms are ANDed, and a tracking
 * number typed with separators also matches its compact form as a prefix.
 */
export function tsqueryOf(search: TsSearch): RawBuilder<unknown> {
  const term = ({ tokens, prefix }: TsSearchTerm) => {
    const words = tokens.map((token, index) => operand(token, prefix && index === tokens.length - 1 ? '*D' : 'D')).join(' <-> ');
    const alternatives = [sql`to_tsquery(${sql.lit(SIMPLE_CONFIGURATION)}, ${words})`];
    const [word] = tokens;
    if (tokens.length === 1 && word !== undefined && LETTER.test(word)) {
      for (const { configuration, weight } of STEMMED_LANGUAGES) alternatives.push(sql`to_tsquery(${sql.lit(configuration)}, ${operand(word, weight)})`);
    }
    return sql`(${sql.join(alternatives, sql` || `)})`;
  };
  const terms = sql`(${sql.join(search.terms.map(term), sql` && `)})`;
  return search.compact === null ? terms : sql`(${terms} || to_tsquery(${sql.lit(SIMPLE_CONFIGURATION)}, ${operand(search.compact, '*D')}))`;
}
