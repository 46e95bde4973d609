import type { Generated } from 'kysely';

/**
 * One search document per case (SQLite). FTS5 keys documents by integer rowid (the implicit rowid of
 * `cases` may change on VACUUM), so each case gets a stable integer here: its creation time in
 * seconds × 4096 plus a sequence within the second, assigned by a trigger (migration 0005).
 * Document order is therefore creation order (to the second; within one, arrival order), and the
 * index can list matches newest first and stop early.
 */
export type CaseSearchDocsTable = { doc_id: Generated<number>; case_id: string };

/**
 * The FTS5 index (SQLite): contentless, so only `rowid` (= `doc_id`) can be read back; the
 * hidden column named after the table is the left side of MATCH. Triggers (migrations 0005, 0013)
 * note every case whose cases, messages, customers or tracking numbers change; `refreshSearchDocuments` rebuilds them.
 */
export type CaseSearchTable = { rowid: number; case_search: string };

/** The index's words (SQLite, migration 0007): an `fts5vocab` table of type `instance`, read by term range. */
export type CaseSearchVocabTable = { term: string };

/**
 * Cases whose search document is out of date (SQLite: migration 0013; PostgreSQL: 0014): written
 * by triggers, emptied by `refreshSearchDocuments`.
 */
export type CaseSearchDirtyTable = { case_id: string };

/**
 * The search documents (PostgreSQL, migration 0014): one tsvector per case under a GIN index,
 * written only by `refreshSearchDocuments`. Lists order matches by the case's creation time.
 */
export type CaseSearchDocumentsTable = { case_id: string; document: string };

export type SearchTables = {
  case_search_docs: CaseSearchDocsTable; case_search: CaseSearchTable; case_search_vocab: CaseSearchVocabTable; case_search_dirty: CaseSearchDirtyTable;
  case_search_documents: CaseSearchDocumentsTable;
};
