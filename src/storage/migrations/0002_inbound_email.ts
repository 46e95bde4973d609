import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? sql`timestamptz` : sql`text`;
  const bool = pg ? sql`boolean` : sql`integer`;
  const json = pg ? sql`jsonb` : sql`text`;
  const bytes = pg ? sql`bytea` : sql`blob`;

  await db.schema
    .createTable('mailboxes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('tls', bool, (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('password_encrypted', 'text', (c) => c.notNull())
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('processed_folder', 'text')
    .addColumn('uid_validity', 'text')
    .addColumn('last_uid', 'bigint', (c) => c.notNull())
    .addColumn('active', bool, (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('last_polled_at', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('inbound_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('mailbox_id', 'text', (c) => c.references('mailboxes.id'))
    .addColumn('envelope_from', 'text')
    .addColumn('envelope_to', json, (c) => c.notNull())
    .addColumn('remote_address', 'text')
    .addColumn('helo', 'text')
    .addColumn('raw', bytes, (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('message_id_header', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', json)
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('received_at', time, (c) => c.notNull())
    .addColumn('processed_at', time)
    .execute();
  await db.schema.createIndex('inbound_messages_received').on('inbound_messages').column('received_at').execute();

  await db.schema.alterTable('messages').addColumn('inbound_id', 'text', (c) => c.references('inbound_messages.id')).execute();
  await db.schema.alterTable('messages').addColumn('full_text', 'text').execute();
  await db.schema.alterTable('messages').addColumn('sender_email', 'text').execute();
  await db.schema.alterTable('messages').addColumn('auth', json).execute();
  await db.schema.alterTable('messages').addColumn('flags', json).execute();
  await db.schema.createIndex('messages_email_message_id').on('messages').column('email_message_id').execute();

  await db.schema.alterTable('customers').addColumn('email_bounced_at', time).execute();
  await db.schema.alterTable('outbound_mail').addColumn('bounced_at', time).execute();
  await db.schema.createIndex('outbound_mail_to').on('outbound_mail').columns(['to_address', 'created_at']).execute();
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbound_mail_to').execute();
  await db.schema.alterTable('outbound_mail').dropColumn('bounced_at').execute();
  await db.schema.alterTable('customers').dropColumn('email_bounced_at').execute();
  await db.schema.dropIndex('messages_email_message_id').execute();
  for (const column of ['flags', 'auth', 'sender_email', 'full_text', 'inbound_id']) {
    await db.schema.alterTable('messages').dropColumn(column).execute();
  }
  await db.schema.dropTable('inbound_messages').execute();
  await db.schema.dropTable('mailboxes').execute();
}
