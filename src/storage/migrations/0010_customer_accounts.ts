import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Customer accounts on the help hub (issue #6, item 5). An account is linked to its customer row
 * only once its email address is verified; until then it is a pending sign-up that nobody can
 * sign in to. Emailed-link tokens and session tokens are stored as SHA-256 hashes, so a copy of
 * the database yields no working link or cookie. Failed sign-ins are counted per address (hashed,
 * whether or not an account exists), so the lock-out itself tells nobody which addresses have one.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('customer_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.references('customers.id').unique())
    .addColumn('verified_at', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('customer_account_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('customer_accounts.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .addColumn('used_at', time)
    .execute();
  await db.schema.createIndex('customer_account_tokens_account').on('customer_account_tokens').columns(['account_id', 'purpose']).execute();

  await db.schema
    .createTable('customer_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('customer_accounts.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customer_sessions_account').on('customer_sessions').column('account_id').execute();

  await db.schema
    .createTable('customer_sign_in_failures')
    .addColumn('email_key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('first_failed_at', time, (c) => c.notNull())
    .addColumn('locked_until', time)
    .execute();
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('customer_sign_in_failures').execute();
  await db.schema.dropTable('customer_sessions').execute();
  await db.schema.dropTable('customer_account_tokens').execute();
  await db.schema.dropTable('customer_accounts').execute();
}
