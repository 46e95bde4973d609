import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Full-text search on PostgreSQL (issue #7): case search and help-article search, which SQLite
 * does with FTS5 (migrations 0005, 0007, 0009, 0013). Nothing changes on SQLite.
 *
 * Text search configurations. `postdesk_simple` is `simple` (every word as it is, lower-cased)
 * and `postdesk_english`/`_spanish`/`_romanian` stem with the language's Snowball stemmer, each
 * with the `unaccent` dictionary in front for words that may carry diacritics, so "Ștefan",
 * "Ştefan" (cedilla) and "stefan" are one word, as FTS5's `remove_diacritics 2` makes them.
 * Folding in the configuration rather than calling `unaccent()` on text means a query is folded
 * after it is parsed: unaccent turns some letters into `'`, which must never reach tsquery syntax.
 *
 * Case search. `case_search_documents` holds one tsvector per case: number, subject, customer
 * name and email, tracking numbers and message text (visible and full) in `postdesk_simple`
 * (weight D), so exact words and prefixes match in any language, plus subject and messages in the
 * case language's stemming configuration with a weight per language (A English, B Spanish,
 * C Romanian), so a query's English stems only meet English stems. A GIN index serves `@@`.
 * Writes only note a case in `case_search_dirty`, as 0013 does on SQLite; `refreshSearchDocuments`
 * (src/modules/search) rebuilds the noted documents in batches. A note takes the row's lock even
 * when the row is already there (`on conflict do update … where false` writes nothing), so a
 * rebuild claiming notes with `for update skip locked` never takes one whose writer has not
 * committed: it would rebuild without that write and then forget the note. Cases that exist now
 * are noted, and the first refresh builds their documents.
 *
 * Help articles. `help_article_search` holds one tsvector per text in its language's
 * configuration, title weight A, summary B, body C (bm25's column weights in the repository), and
 * the text's length in words (bm25's document length). The repository writes it with the text;
 * texts written before this migration are indexed at start-up (their bodies need the markup
 * parser, which lives in TypeScript).
 */

const STEMMED_CONFIGURATIONS = { postdesk_english: 'english', postdesk_spanish: 'spanish', postdesk_romanian: 'romanian' } as const;
/** Token types of words; those that may hold non-ASCII letters are folded by `unaccent` first. */
const ASCII_WORD_TOKENS = 'asciiword, asciihword, hword_asciipart';
const WORD_TOKENS = 'word, hword, hword_part';
const NUMBER_WORD_TOKENS = 'numword, numhword, hword_numpart';

/** Notes a case for a rebuild, locking its note (see above). */
const NOTE_CASE = `
  create function case_search_note(noted_case_id text) returns void language sql as $$
    insert into case_search_dirty (case_id) values (noted_case_id)
    on conflict (case_id) do update set case_id = excluded.case_id where false
  $$`;

const TRIGGER_FUNCTIONS: Record<string, string> = {
  case_search_case_written: `begin
    if tg_op = 'DELETE' then
      delete from case_search_documents where case_id = old.id;
      delete from case_search_dirty where case_id = old.id;
    else
      perform case_search_note(new.id);
    end if;
    return null; end`,
  case_search_case_part_written: `begin
    if tg_op = 'INSERT' then
      perform case_search_note(new.case_id);
    else
      perform case_search_note(old.case_id);
      if tg_op = 'UPDATE' and new.case_id is distinct from old.case_id then perform case_search_note(new.case_id); end if;
    end if;
    return null; end`,
  case_search_customer_written: `begin
    perform case_search_note(id) from cases where customer_id = new.id;
    return null; end`,
};

const TRIGGERS: Record<string, string> = {
  case_search_case_inserted: 'after insert on cases for each row execute function case_search_case_written()',
  case_search_case_updated: `after update of number, subject, customer_id, language on cases for each row
    when (old.number is distinct from new.number or old.subject is distinct from new.subject
          or old.customer_id is distinct from new.customer_id or old.language is distinct from new.language)
    execute function case_search_case_written()`,
  case_search_case_deleted: 'after delete on cases for each row execute function case_search_case_written()',
  case_search_message_inserted: 'after insert on messages for each row execute function case_search_case_part_written()',
  case_search_message_updated: `after update of text, full_text, case_id on messages for each row
    when (old.text is distinct from new.text or old.full_text is distinct from new.full_text or old.case_id is distinct from new.case_id)
    execute function case_search_case_part_written()`,
  case_search_message_deleted: 'after delete on messages for each row execute function case_search_case_part_written()',
  case_search_tracking_written: 'after insert or update or delete on case_tracking_numbers for each row execute function case_search_case_part_written()',
  case_search_customer_updated: `after update of name, email on customers for each row
    when (old.name is distinct from new.name or old.email is distinct from new.email)
    execute function case_search_customer_written()`,
};

const TRIGGER_TABLES: Record<string, string> = {
  case_search_case_inserted: 'cases', case_search_case_updated: 'cases', case_search_case_deleted: 'cases',
  case_search_message_inserted: 'messages', case_search_message_updated: 'messages', case_search_message_deleted: 'messages',
  case_search_tracking_written: 'case_tracking_numbers', case_search_customer_updated: 'customers',
};

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;

  // Trusted since PostgreSQL 13: a database owner may create it. Part of PostgreSQL's contrib.
  await sql`create extension if not exists unaccent`.execute(db);
  await sql`create text search configuration postdesk_simple (copy = simple)`.execute(db);
  await sql.raw(`alter text search configuration postdesk_simple alter mapping for ${WORD_TOKENS}, ${NUMBER_WORD_TOKENS} with unaccent, simple`).execute(db);
  for (const [name, language] of Object.entries(STEMMED_CONFIGURATIONS)) {
    // The language's Snowball stemmer without its stop-word list: FTS5 drops no words either, so
    // bm25 sees the same words, and help-article queries drop their own (article-query.ts).
    await sql.raw(`create text search dictionary ${name}_stem (template = snowball, language = ${language})`).execute(db);
    await sql.raw(`create text search configuration ${name} (copy = ${language})`).execute(db);
    await sql.raw(`alter text search configuration ${name} alter mapping for ${ASCII_WORD_TOKENS} with ${name}_stem`).execute(db);
    await sql.raw(`alter text search configuration ${name} alter mapping for ${WORD_TOKENS} with unaccent, ${name}_stem`).execute(db);
    await sql.raw(`alter text search configuration ${name} alter mapping for ${NUMBER_WORD_TOKENS} with unaccent, simple`).execute(db);
  }

  await sql`create table case_search_dirty (case_id text primary key)`.execute(db);
  await sql`create table case_search_documents (case_id text primary key, document tsvector not null)`.execute(db);
  await sql`create index case_search_documents_document on case_search_documents using gin (document)`.execute(db);
  // Lists stop early by walking cases newest first only when the planner expects many matches. It
  // guesses a word it has no statistics for as common as the rarest it has: with the default 1,000
  // most common words kept, a rare name looked common enough to walk every case (0.3 s at 100,000
  // cases, against 4 ms through the GIN index); 10,000 tell rare from common.
  await sql`alter table case_search_documents alter column document set statistics 1000`.execute(db);
  await sql.raw(NOTE_CASE).execute(db);
  for (const [name, body] of Object.entries(TRIGGER_FUNCTIONS)) {
    await sql.raw(`create function ${name}() returns trigger language plpgsql as $$ ${body} $$`).execute(db);
  }
  for (const [name, definition] of Object.entries(TRIGGERS)) await sql.raw(`create trigger ${name} ${definition}`).execute(db);
  await sql`insert into case_search_dirty (case_id) select id from cases`.execute(db);

  await sql`create table help_article_search (
    doc_id integer primary key references help_article_texts (doc_id) on delete cascade,
    language text not null,
    document tsvector not null,
    length integer not null)`.execute(db);
  await sql`create index help_article_search_document on help_article_search using gin (document)`.execute(db);
  // bm25 reads the number of texts and their average length per language at every search.
  await sql`create index help_article_search_language on help_article_search (language, length)`.execute(db);
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop table help_article_search`.execute(db);
  for (const name of Object.keys(TRIGGERS)) await sql.raw(`drop trigger ${name} on ${TRIGGER_TABLES[name]}`).execute(db);
  for (const name of Object.keys(TRIGGER_FUNCTIONS)) await sql.raw(`drop function ${name}()`).execute(db);
  await sql`drop function case_search_note(text)`.execute(db);
  await sql`drop table case_search_documents`.execute(db);
  await sql`drop table case_search_dirty`.execute(db);
  await sql`drop text search configuration postdesk_simple`.execute(db);
  for (const name of Object.keys(STEMMED_CONFIGURATIONS)) {
    await sql.raw(`drop text search configuration ${name}`).execute(db);
    await sql.raw(`drop text search dictionary ${name}_stem`).execute(db);
  }
  // The unaccent extension stays: it may have been there before, and other schemas may use it.
}
