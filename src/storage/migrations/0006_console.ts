import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? sql`timestamptz` : sql`text`;
  const bool = pg ? sql`boolean` : sql`integer`;
  const no = pg ? sql`false` : sql`0`;

  // Agents start unavailable: automatic assignment only reaches people who said they are working.
  await db.schema.alterTable('agents').addColumn('available', bool, (c) => c.notNull().defaultTo(no)).execute();
  await db.schema.alterTable('departments').addColumn('assignment_mode', 'text', (c) => c.notNull().defaultTo('manual')).execute();

  await db.schema
    .createTable('agent_departments')
    .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
    .addColumn('last_assigned_at', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('agent_departments_pk', ['agent_id', 'department_id'])
    .execute();
  await db.schema.createIndex('agent_departments_department').on('agent_departments').column('department_id').execute();

  await db.schema
    .createTable('agent_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id'))
    .addColumn('created_by', 'text')
    .addColumn('expires_at', time, (c) => c.notNull())
    .addColumn('used_at', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agent_invitations_agent').on('agent_invitations').column('agent_id').execute();

  await db.schema
    .createTable('case_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text', (c) => c.notNull().references('agents.id'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('agents.id'))
    .addColumn('due_at', time, (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('completed_at', time)
    .addColumn('completed_by', 'text')
    .execute();
  await db.schema.createIndex('case_tasks_assignee').on('case_tasks').columns(['assignee_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('case_tasks_case').on('case_tasks').columns(['case_id', 'created_at']).execute();

  await db.schema
    .createTable('canned_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('active', bool, (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['canned_responses', 'case_tasks', 'agent_invitations', 'agent_departments']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('departments').dropColumn('assignment_mode').execute();
  await db.schema.alterTable('agents').dropColumn('available').execute();
}
