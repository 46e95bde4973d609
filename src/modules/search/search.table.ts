import type { Generated } from 'kysely';

/**
 * One search document per case. FTS5 keys documents by integer rowid, and the implicit rowid of
 * `cases` (a text primary key) may change on VACUUM, so each case gets a stable integer here.
 */
export type CaseSearchDocsTable = { doc_id: Generated<number>; case_id: string };

/**
 * The FTS5 index (SQLite): contentless, so only `rowid` (= `doc_id`) can be read back; the
 * hidden column named after the table is the left side of MATCH. Triggers of migration 0005
 * keep it in step with cases, messages, customers and tracking numbers.
 */
export type CaseSearchTable = { rowid: number; case_search: string };

export type SearchTables = { case_search_docs: CaseSearchDocsTable; case_search: CaseSearchTable };
