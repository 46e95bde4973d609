import type { Executor } from '../../storage/database.js';
import type { Dialect } from '../../storage/dialect-helpers.js';
import { toCaseNumberCandidate, toCompactIdentifier, toMatchExpression } from './search-expression.js';

/**
 * Ids of the cases an agent's search finds: the case with this number, cases with this tracking
 * number (spaces and dashes ignored), and full-text matches over subject, message text (visible
 * and full), customer name and email, tracking numbers and case number. A subquery, so callers
 * combine it with their own filters, order and keyset pagination.
 */
export function selectCaseIdsMatching(executor: Executor, dialect: Dialect, input: string) {
  const exact = executor
    .selectFrom('cases')
    .select('cases.id as case_id')
    .where('cases.number', '=', toCaseNumberCandidate(input))
    .unionAll(
      executor
        .selectFrom('case_tracking_numbers')
        .select('case_tracking_numbers.case_id')
        .where('case_tracking_numbers.number', '=', toCompactIdentifier(input)),
    );
  const expression = toMatchExpression(input);
  return expression === null ? exact : exact.unionAll(selectFullTextMatches(executor, dialect, expression));
}

/**
 * The dialect-specific half of search. SQLite: the FTS5 table `case_search` (migration 0005).
 * PostgreSQL: the PostgreSQL issue adds a tsvector column with a GIN index and answers here.
 */
function selectFullTextMatches(executor: Executor, dialect: Dialect, expression: string) {
  if (dialect !== 'sqlite') throw new Error('Full-text search on PostgreSQL (tsvector + GIN) arrives with the PostgreSQL issue');
  return executor
    .selectFrom('case_search_docs')
    .select('case_search_docs.case_id')
    .where(
      'case_search_docs.doc_id',
      'in',
      executor.selectFrom('case_search').select('case_search.rowid').where('case_search.case_search', 'match', expression),
    );
}
