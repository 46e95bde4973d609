import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database, Executor } from '../../storage/database.js';
import type { Dialect } from '../../storage/dialect-helpers.js';
import { prefixTokenOf, toMatchExpression, toTsSearch, type Fts5MatchExpression, type MatchExpression, type TsSearch } from './search-expression.js';
import { tsqueryOf } from './search-postgres.js';

// Full text is the one part of case lists that differs by dialect. SQLite: the FTS5 table
// `case_search` of migration 0005, documents numbered in creation order. PostgreSQL: a tsvector
// per case in `case_search_documents` under a GIN index (migration 0014, search-postgres.ts),
// listed in the case's creation order. Both answer in these same functions.

function fts5(expression: MatchExpression): Fts5MatchExpression {
  if (typeof expression !== 'string') throw new Error('A PostgreSQL search was given to SQLite');
  return expression;
}

function tsSearch(expression: MatchExpression): TsSearch {
  if (typeof expression === 'string') throw new Error('An FTS5 expression was given to PostgreSQL');
  return expression;
}

/** PostgreSQL: the condition that a row of `case_search_documents` matches. */
function documentMatches(expression: MatchExpression): Expression<SqlBool> {
  return sql<SqlBool>`case_search_documents.document @@ ${tsqueryOf(tsSearch(expression))}`;
}

/** How many documents match, counting no further than `atMost` (to choose how to list them). */
export async function countMatchesUpTo(executor: Executor, dialect: Dialect, expression: MatchExpression, atMost: number): Promise<number> {
  const matches = dialect === 'sqlite'
    ? executor.selectFrom('case_search').select(sql.lit(1).as('one')).where('case_search.case_search', 'match', fts5(expression)).limit(atMost)
    : executor.selectFrom('case_search_documents').select(sql.lit(1).as('one')).where(documentMatches(expression)).limit(atMost);
  const row = await executor.selectFrom(matches.as('matches')).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Ids of the cases whose subject, messages (visible and full text), customer name or email,
 * tracking numbers or case number match: a subquery the planner drives the list from, for
 * searches with few matches (each match costs a lookup).
 */
export function selectCaseIdsMatching(executor: Executor, dialect: Dialect, expression: MatchExpression) {
  if (dialect === 'postgres') {
    return executor.selectFrom('case_search_documents').select('case_search_documents.case_id').where(documentMatches(expression));
  }
  return executor
    .selectFrom('case_search_docs')
    .select('case_search_docs.case_id')
    .where(
      'case_search_docs.doc_id',
      'in',
      executor.selectFrom('case_search').select('case_search.rowid').where('case_search.case_search', 'match', fts5(expression)),
    );
}

/**
 * A condition for a list that scans cases in its own order (a queue's index) and keeps those
 * whose document matches. SQLite: the matching document ids are read from the index once, and the
 * correlated left side keeps the planner from driving the list from them. PostgreSQL plans the
 * semi-join by its statistics.
 */
export function hasMatchingDocument(dialect: Dialect, expression: MatchExpression) {
  if (dialect === 'postgres') {
    return (eb: ExpressionBuilder<Database, 'cases'>): Expression<SqlBool> =>
      eb('cases.id', 'in', eb.selectFrom('case_search_documents').select('case_search_documents.case_id').where(documentMatches(expression)));
  }
  return (eb: ExpressionBuilder<Database, 'cases'>): Expression<SqlBool> =>
    eb(
      eb.selectFrom('case_search_docs').select('case_search_docs.doc_id').whereRef('case_search_docs.case_id', '=', 'cases.id'),
      'in',
      eb.selectFrom('case_search').select('case_search.rowid').where('case_search.case_search', 'match', fts5(expression)),
    );
}

/** Matching cases in list order; callers may refer to `cases` only (the other tables differ by dialect). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type CasesMatching = SelectQueryBuilder<Database, 'cases', {}>;

/**
 * The matching cases, newest first, after `cursor` (the case the previous page ended with) when
 * given. A page stops after `limit` matches however common the words. SQLite reads the index in
 * document order: document ids follow creation time (search.table.ts). PostgreSQL orders by
 * `created_at, id` as the case list does (index `cases_created`), and its planner walks that
 * index, checking each document, when the words are common, or sorts the few matches when not.
 * Callers join the rest and add their filters.
 */
export function selectCasesMatchingNewestFirst(
  executor: Executor, dialect: Dialect, expression: MatchExpression, cursor?: { id: string; at: string },
): CasesMatching {
  if (dialect === 'postgres') {
    let query = executor
      .selectFrom('cases')
      .innerJoin('case_search_documents', 'case_search_documents.case_id', 'cases.id')
      .where(documentMatches(expression))
      .orderBy('cases.created_at', 'desc')
      .orderBy('cases.id', 'desc');
    if (cursor) query = query.where((eb) => eb(eb.refTuple('cases.created_at', 'cases.id'), '<', eb.tuple(cursor.at, cursor.id)));
    return query as unknown as CasesMatching;
  }
  let query = executor
    .selectFrom('case_search')
    .innerJoin('case_search_docs', 'case_search_docs.doc_id', 'case_search.rowid')
    .innerJoin('cases', 'cases.id', 'case_search_docs.case_id')
    .where('case_search.case_search', 'match', fts5(expression))
    .orderBy('case_search.rowid', 'desc');
  if (cursor) query = query.where('case_search.rowid', '<', selectCursorDocId(executor, cursor));
  return query as unknown as CasesMatching;
}

/**
 * Where the next page of `selectCasesMatchingNewestFirst` starts on SQLite (exclusive): the
 * document of the case the last page ended with, or, should that case be gone, its creation time.
 */
function selectCursorDocId(executor: Executor, cursor: { id: string; at: string }) {
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
 * PostgreSQL has no such vocabulary and needs none (GIN reads a prefix's entries in one range
 * scan): null there.
 */
export async function listPrefixTerms(executor: Executor, dialect: Dialect, prefix: string): Promise<string[] | null> {
  if (dialect !== 'sqlite') return null;
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
 * What an agent typed as the dialect's search (null when it matches nothing). SQLite:
 * `toMatchExpression` with the last word's prefix spelled out as the indexed words it begins,
 * when that is cheaper (`prefixTokenOf`) and there are few; otherwise the plain prefix match.
 * PostgreSQL: `toTsSearch`.
 */
export async function toIndexedMatchExpression(executor: Executor, dialect: Dialect, input: string): Promise<MatchExpression | null> {
  if (dialect === 'postgres') return toTsSearch(input);
  const token = prefixTokenOf(input);
  const terms = token ? await listPrefixTerms(executor, dialect, token) : null;
  // No indexed word at all: the prefix matches nothing either way, unless our case folding
  // differs from the tokenizer's for some letter; the plain prefix match is then the safe side.
  return toMatchExpression(input, terms && terms.length > 0 ? terms : undefined);
}
