export {
  countMatchesUpTo, hasMatchingDocument, selectCaseIdsMatching, selectCasesMatchingNewestFirst, toIndexedMatchExpression, type CasesMatching,
} from './search.repository.js';
export { toMatchExpression, toTsSearch, type MatchExpression } from './search-expression.js';
export type { SearchTables } from './search.table.js';
export { FORGET_NOTED_DOCUMENTS_SQL, REFRESH_NOTED_DOCUMENTS_SQL, SEARCH_REFRESH_BATCH, refreshSearchDocuments } from './search-refresh.js';
export { startSearchIndexer, type SearchIndexer } from './search-indexer.js';
