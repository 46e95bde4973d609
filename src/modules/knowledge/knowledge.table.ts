import type { Generated } from 'kysely';
import type { DbBool, DbTime } from '../../storage/dialect-helpers.js';

export type HelpArticlesTable = {
  id: string;
  slug: string;
  published: DbBool;
  /** Order within a topic's list (smaller first); the seed's order for default articles. */
  position: number;
  view_count: Generated<number>;
  helpful_yes: Generated<number>;
  helpful_no: Generated<number>;
  created_at: DbTime;
  updated_at: DbTime;
  /** The agent who last edited it; null for a seeded article nobody has edited. */
  updated_by: string | null;
};

/** One language of an article; `doc_id` is its search document's rowid (migration 0009). */
export type HelpArticleTextsTable = {
  doc_id: Generated<number>;
  article_id: string;
  language: string;
  title: string;
  summary: string;
  body: string;
};

export type HelpArticleTopicsTable = { article_id: string; topic_slug: string };

export type HelpSeededArticlesTable = { slug: string; seeded_at: DbTime };

/** One opening of a contact form: a random id and nothing about the person. */
export type HelpFormVisitsTable = {
  id: string;
  topic_slug: string;
  locale: string;
  started_at: DbTime;
  converted_at: DbTime | null;
};

export type HelpArticleEventsTable = {
  id: string;
  article_id: string;
  visit_id: string | null;
  kind: string;
  at: DbTime;
};

/**
 * The FTS5 indexes (SQLite), one per language: contentless, so only `rowid` (= `doc_id`) reads
 * back; the hidden column named after the table is the left side of MATCH.
 */
export type HelpArticleSearchTable = { rowid: number; title: string; summary: string; body: string };

/**
 * The search documents (PostgreSQL, migration 0014): a text's words as a tsvector in its
 * language's configuration (title weight A, summary B, body C) and its length in words, for bm25.
 */
export type HelpArticleSearchDocumentsTable = { doc_id: number; language: string; document: string; stems: string | null; length: number };

export type KnowledgeTables = {
  help_articles: HelpArticlesTable;
  help_article_texts: HelpArticleTextsTable;
  help_article_topics: HelpArticleTopicsTable;
  help_seeded_articles: HelpSeededArticlesTable;
  help_form_visits: HelpFormVisitsTable;
  help_article_events: HelpArticleEventsTable;
  help_article_search_en: HelpArticleSearchTable & { help_article_search_en: string };
  help_article_search_es: HelpArticleSearchTable & { help_article_search_es: string };
  help_article_search_ro: HelpArticleSearchTable & { help_article_search_ro: string };
  help_article_search: HelpArticleSearchDocumentsTable;
};
