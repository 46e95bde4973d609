import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Help articles and deflection (issue #6, item 2).
 *
 * `help_articles` holds what is language-neutral (slug, published flag, order, counters);
 * `help_article_texts` one row per language (title, summary, body) with an integer `doc_id`, the
 * key of its search document. `help_article_topics` links articles to topic slugs.
 * `help_seeded_articles` remembers which default articles were once added, so a default an admin
 * deleted is not seeded again on the next start.
 *
 * Search (SQLite): one contentless FTS5 table per language, so that the rarity of a word (bm25's
 * idf) is measured among texts of that language only: "the" is in every English article and
 * weighs nothing, and Spanish or Romanian texts never dilute it. `remove_diacritics 2` lets
 * "envio" find "envío" and "pasaport" find "pașaport"; English also stems (porter), so
 * "receiving" finds "received". The repository writes a text's document in the transaction that
 * writes the text. PostgreSQL: the PostgreSQL issue adds a tsvector column per text instead.
 *
 * Deflection: `help_form_visits` is one opening of a contact form (a random id, no personal data);
 * `help_article_events` records articles shown to, clicked from and rated by such a visit (or, for
 * ratings, by anyone reading an article). One event of a kind per visit and article.
 */

const ARTICLE_SEARCH_TABLES = { en: 'help_article_search_en', es: 'help_article_search_es', ro: 'help_article_search_ro' } as const;
const TOKENIZERS: Record<keyof typeof ARTICLE_SEARCH_TABLES, string> = {
  en: 'porter unicode61 remove_diacritics 2',
  es: 'unicode61 remove_diacritics 2',
  ro: 'unicode61 remove_diacritics 2',
};

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? sql`timestamptz` : sql`text`;
  const bool = pg ? sql`boolean` : sql`integer`;

  await db.schema
    .createTable('help_articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('published', bool, (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('view_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('helpful_yes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('helpful_no', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('agents.id'))
    .execute();

  await db.schema
    .createTable('help_article_texts')
    .addColumn('doc_id', pg ? 'serial' : 'integer', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('help_articles.id'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addUniqueConstraint('help_article_texts_article_language', ['article_id', 'language'])
    .execute();

  await db.schema
    .createTable('help_article_topics')
    .addColumn('article_id', 'text', (c) => c.notNull().references('help_articles.id'))
    .addColumn('topic_slug', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('help_article_topics_pk', ['article_id', 'topic_slug'])
    .execute();
  await db.schema.createIndex('help_article_topics_topic').on('help_article_topics').columns(['topic_slug', 'article_id']).execute();

  await db.schema
    .createTable('help_seeded_articles')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('seeded_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('help_form_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('topic_slug', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('started_at', time, (c) => c.notNull())
    .addColumn('converted_at', time)
    .execute();
  await db.schema.createIndex('help_form_visits_started').on('help_form_visits').columns(['started_at']).execute();

  await db.schema
    .createTable('help_article_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('help_articles.id'))
    .addColumn('visit_id', 'text', (c) => c.references('help_form_visits.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', time, (c) => c.notNull())
    .execute();
  // NULL visit ids are distinct in a unique index (both dialects): ratings without a visit all count.
  await db.schema.createIndex('help_article_events_once').on('help_article_events').columns(['visit_id', 'article_id', 'kind']).unique().execute();
  await db.schema.createIndex('help_article_events_at').on('help_article_events').columns(['at', 'kind']).execute();
  await db.schema.createIndex('help_article_events_article').on('help_article_events').columns(['article_id']).execute();

  if (pg) return;
  for (const [language, table] of Object.entries(ARTICLE_SEARCH_TABLES)) {
    const tokenizer = TOKENIZERS[language as keyof typeof TOKENIZERS];
    await sql.raw(`create virtual table ${table} using fts5(
      title, summary, body, content = '', contentless_delete = 1, tokenize = '${tokenizer}')`).execute(db);
  }
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    for (const table of Object.values(ARTICLE_SEARCH_TABLES)) await sql.raw(`drop table ${table}`).execute(db);
  }
  for (const table of ['help_article_events', 'help_form_visits', 'help_seeded_articles', 'help_article_topics', 'help_article_texts', 'help_articles']) {
    await db.schema.dropTable(table).execute();
  }
}
