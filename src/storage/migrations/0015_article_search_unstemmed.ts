import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Spanish and Romanian help articles: whole words rank above words that only share a stem
 * (PostgreSQL; nothing changes on SQLite).
 *
 * Migration 0014 indexed these texts with the Snowball stemmers only, so a shared root counted as
 * the same word: "recibido" matched "recibo" in full, and "paquete entregado pero no recibido"
 * ranked "Correo certificado y acuse de recibo" above "Paquete marcado como entregado pero no
 * recibido". `document` now holds the whole words (`postdesk_simple`: accents folded,
 * lower-cased), as FTS5 sees them (migration 0009), and the new `stems` the language's stems,
 * which the ranking counts at a discount, so "reembolsos" still finds "reembolso". English keeps
 * its stemmed `document` (FTS5 stems English too) and has no `stems`.
 *
 * The documents written the old way are removed; start-up indexes those texts again
 * (`indexTextsWithoutSearchDocument`).
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`delete from help_article_search where language in ('es', 'ro')`.execute(db);
  await sql`alter table help_article_search add column stems tsvector`.execute(db);
  await sql`create index help_article_search_stems on help_article_search using gin (stems)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`delete from help_article_search where language in ('es', 'ro')`.execute(db);
  await sql`alter table help_article_search drop column stems`.execute(db);
}
