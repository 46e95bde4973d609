import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database, Executor } from '../../storage/database.js';
import type { Dialect } from '../../storage/dialect-helpers.js';
import { prefixTokenOf, toMatchExpression, type MatchExpression } from './search-expression.js';

// Full text is the one part of case lists that differs by dialect. SQLite: the FTS5 table
// `case_search` of migration 0005. PostgreSQL: the PostgreSQL issue adds a tsvector column with
// a GIN index and answers in these same functions.

function requireSqlite(dialect: Dialect): void {
  if (dialect !== 'sqlite') throw new Error('Full-text search on PostgreSQL (tsvector + GIN) arrives with the PostgreSQL issue');
}

/** How many documents match, counting no further than `atMost` (to choose how to list them). */
export async function countMatchesUpTo(executor: Executor, dialect: Dialect, expression: MatchExpression, atMost: number): Promise<number> {
  requireSqlite(dialect);
  const matches = executor.selectFrom('case_search').select('case_search.rowid').where('case_search.case_search', 'match', expression).limit(atMost);
  const row = await executor.selectFrom(matches.as('matches')).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Ids of the cases whose subject, messages (visible and full text), customer name or email,
 * tracking numbers or case number match: a subquery the planner drives the list from, for
 * searches with few matches (each match costs a lookup).
 */
export function selectCaseIdsMatching(executor: Executor, dialect: Dialect, expression: MatchExpression) {
  requireSqlite(dialect);
  return executor
    .selectFrom('case_search_docs')
    .select('case_search_docs.case_id')
    .where(
      'case_search_docs.doc_id',
      'in',
      executor.selectFrom('case_search').select('case_search.rowid').where('case_search.case_search', 'match', expression),
    );
}

/**
 * A condition for a list that scans cases in its own order (a queue's index) and keeps those
 * whose document matches: the matching document ids are read from the index once, and the
 * correlated left side keeps the planner from driving the list from them.
 */
export function hasMatchingDocument(dialect: Dialect, expression: MatchExpression) {
  requireSqlite(dialect);
  return (eb: ExpressionBuilder<Database, 'cases'>): Expression<SqlBool> =>
    eb(
      eb.selectFrom('case_search_docs').select('case_search_docs.doc_id').whereRef('case_search_docs.case_id', '=', 'cases.id'),
      'in',
      eb.selectFrom('case_search').select('case_search.rowid').where('case_search.case_search', 'match', expression),
    );
}

/**
 * The matching cases, newest first, read from the index in document order: document ids follow
 * creation time (search.table.ts), so a page stops after `limit` matches however common the words.
 * Callers join the rest and add their filters; `selectCursorDocId` continues after a page.
 */
export function selectCasesMatchingNewestFirst(executor: Executor, dialect: Dialect, expression: MatchExpression) {
  requireSqlite(dialect);
  return executor
    .selectFrom('case_search')
    .innerJoin('case_search_docs', 'case_search_docs.doc_id', 'case_search.rowid')
    .innerJoin('cases', 'cases.id', 'case_search_docs.case_id')
    .where('case_search.case_search', 'match', expression)
    .orderBy('case_search.rowid', 'desc');
}

/**
 * Where the next page of `selectCasesMatchingNewestFirst` starts (exclusive): the document of the
 * case the last page ended with, or, should that case be gone, its creation time.
 */
export function selectCursorDocId(executor: Executor, cursor: { id: string; at: string }) {
  // Without the case, continue after its whole second: a repeat is better than a gap.
  const fallback = (Math.floor(Date.parse(cursor.at) / 1000) + 1) * DOC_IDS_PER_SECOND;
  return executor
    .selectFrom('case_search_docs')
    .select((eb) => eb.fn.coalesce(eb.fn.max('case_search_docs.doc_id'), eb.val(fallback)).as('doc_id'))
    .where('case_search_docs.case_id', '=', cursor.id);
}

/** Document ids are creation time in seconds times this, plus a sequence (migration 0005). */
export const DOC_IDS_PER_SECOND = 4096;

/** At most this many indexed words replace a prefix; a prefix that begins more is left to FTS5. */
export const MAX_PREFIX_TERMS = 24;

/**
 * The indexed words that begin with `prefix`, in order, or null when there are more than
 * `MAX_PREFIX_TERMS`. Each word is one seek in the vocabulary: an `instance` vocabulary yields
 * its first row without reading the word's postings (a `row` one counts them all first).
 */
export async function listPrefixTerms(executor: Executor, dialect: Dialect, prefix: string): Promise<string[] | null> {
  requireSqlite(dialect);
  const chars = Array.from(prefix);
  const last = chars.pop()?.codePointAt(0);
  if (last === undefined) return null;
  const upper = `${chars.join('')}${String.fromCodePoint(last + 1)}`;
  const terms: string[] = [];
  let from = prefix;
  while (terms.length <= MAX_PREFIX_TERMS) {
    const row = await executor.selectFrom('case_search_vocab').select('term')
      .where('term', '>=', from).where('term', '<', upper).limit(1).executeTakeFirst();
    if (!row) return terms;
    terms.push(row.term);
    from = `${row.term}\u0000`;
  }
  return null;
}

/**
 * `toMatchExpression` with the last word's prefix spelled out as the indexed words it begins,
 * when that is cheaper (`prefixTokenOf`) and there are few; otherwise the plain prefix match.
 */
export async function toIndexedMatchExpression(executor: Executor, dialect: Dialect, input: string): Promise<MatchExpression | null> {
  const token = prefixTokenOf(input);
  const terms = token ? await listPrefixTerms(executor, dialect, token) : null;
  // No indexed word at all: the prefix matches nothing either way, unless our case folding
  // differs from the tokenizer's for some letter; the plain prefix match is then the safe side.
  return toMatchExpression(input, terms && terms.length > 0 ? terms : undefined);
}
