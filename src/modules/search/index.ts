export {
  countMatchesUpTo, hasMatchingDocument, selectCaseIdsMatching, selectCasesMatchingNewestFirst, selectCursorDocId, toIndexedMatchExpression,
} from './search.repository.js';
export { toMatchExpression, type MatchExpression } from './search-expression.js';
export type { SearchTables } from './search.table.js';
