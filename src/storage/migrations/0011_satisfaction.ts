import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Satisfaction surveys (issue #6, item 6). One row per case (`case_id` unique): the row is the
 * "at most one survey per case" rule. It remembers who and which department the case was
 * resolved in (the reports group by them), when the survey may go out, and, once sent, only the
 * SHA-256 of the emailed token, so a copy of the database cannot be turned into working links.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('satisfaction_surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().unique().references('cases.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('skip_reason', 'text')
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
    .addColumn('agent_id', 'text', (c) => c.references('agents.id'))
    .addColumn('resolved_at', time, (c) => c.notNull())
    .addColumn('send_after', time, (c) => c.notNull())
    .addColumn('sent_at', time)
    .addColumn('outbound_mail_id', 'text')
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('expires_at', time)
    .addColumn('rating', 'integer')
    .addColumn('comment', 'text')
    .addColumn('answered_at', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  // The reports select by send time (optionally per department) and page comments by answer time.
  await db.schema.createIndex('satisfaction_surveys_sent').on('satisfaction_surveys').columns(['sent_at', 'department_id']).execute();
  await db.schema.createIndex('satisfaction_surveys_answered').on('satisfaction_surveys').columns(['answered_at', 'id']).execute();
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('satisfaction_surveys').execute();
}
