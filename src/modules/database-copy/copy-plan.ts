import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE } from 'kysely';
import type { Database } from '../../storage/database.js';

/**
 * What `npx postdesk copy-to-postgres` does with each table of a SQLite installation. Every
 * table is named here on purpose: a migration that adds a table must say whether it is copied,
 * or the copy stops (a SQLite table not named here) and the build fails (a `Database` table not
 * named here), so no future table is silently left behind.
 */

/**
 * Copied row for row, every table after the tables its foreign keys reference. The copy drops the
 * foreign keys for the load and rebuilds them after it, so today the order is not needed for
 * correctness; it is kept (and checked by `findOrderProblems` on every copy) so that a load that
 * keeps its foreign keys, row by row, stays valid too.
 */
export const COPIED_TABLES = [
  'departments', 'topics', 'customers', 'agents', 'agent_sessions', 'agent_departments', 'agent_invitations',
  'cases', 'case_tracking_numbers', 'case_links', 'case_events', 'case_tasks',
  'mailboxes', 'inbound_messages', 'messages', 'attachments', 'outbound_mail',
  'status_links', 'satisfaction_surveys', 'triage_examples', 'routing_rules', 'canned_responses',
  'help_articles', 'help_article_texts', 'help_article_topics', 'help_seeded_articles', 'help_form_visits', 'help_article_events',
  'customer_accounts', 'customer_account_tokens', 'customer_sessions', 'customer_sign_in_failures',
  'jobs', 'audit_log', 'settings',
] as const satisfies readonly (keyof Database)[];

/**
 * Not copied. Search structures, derived from the copied rows: SQLite's (FTS5 indexes, their
 * document numbering and dirty list) and PostgreSQL's own (migration 0014: tsvector documents),
 * which it builds from the rows (`refreshSearchDocuments`; help articles when Postdesk starts).
 * And PostgreSQL's shared request counters (migration 0016), which start empty.
 */
export const DERIVED_TABLES = [
  'case_search', 'case_search_docs', 'case_search_dirty', 'case_search_vocab',
  'help_article_search_en', 'help_article_search_es', 'help_article_search_ro',
  'case_search_documents', 'help_article_search',
  'rate_limit_counters',
] as const satisfies readonly (keyof Database)[];

export type CopiedTable = (typeof COPIED_TABLES)[number];

type Unplanned = Exclude<keyof Database, CopiedTable | (typeof DERIVED_TABLES)[number]>;

/** Does not compile while a table of `Database` is in neither list (the error names it). */
export const EVERY_TABLE_PLANNED: [Unplanned] extends [never] ? true : { unplanned: Unplanned } = true;

/** The tables FTS5 keeps for each full-text index (`<index>_data`, `_idx`, …). */
const FTS5_SHADOW_TABLE = /^(.+)_(data|idx|content|docsize|config)$/;

const INTERNAL_TABLES = new Set<string>([DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);

export type SqliteTableRole = 'copied' | 'derived' | 'internal' | 'unknown';

/**
 * The role of a table found in a SQLite file: `internal` for SQLite's own (`sqlite_sequence`,
 * `sqlite_stat1`) and the migration bookkeeping (the target keeps its own), `unknown` for any
 * table this release does not plan for.
 */
export function roleOfSqliteTable(name: string): SqliteTableRole {
  if ((COPIED_TABLES as readonly string[]).includes(name)) return 'copied';
  if ((DERIVED_TABLES as readonly string[]).includes(name)) return 'derived';
  const shadowOf = FTS5_SHADOW_TABLE.exec(name)?.[1];
  if (shadowOf && (DERIVED_TABLES as readonly string[]).includes(shadowOf)) return 'derived';
  if (name.startsWith('sqlite_') || INTERNAL_TABLES.has(name)) return 'internal';
  return 'unknown';
}

/**
 * Foreign keys the copy order breaks: a copied table that references a copied table listed after
 * it (PostgreSQL checks each row as it is inserted). Empty when the order is sound.
 */
export function findOrderProblems(order: readonly string[], references: readonly { table: string; referenced: string }[]): string[] {
  const position = new Map(order.map((table, index) => [table, index]));
  return references
    .filter(({ table, referenced }) => {
      const from = position.get(table);
      const to = position.get(referenced);
      return from !== undefined && to !== undefined && to > from;
    })
    .map(({ table, referenced }) => `${table} references ${referenced}, which is copied after it`);
}
