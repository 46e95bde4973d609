export { selectCaseIdsMatching } from './search.repository.js';
export { toMatchExpression } from './search-expression.js';
export type { SearchTables } from './search.table.js';
