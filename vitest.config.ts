import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { findPostgresBinDir } from './test/postgres-cluster.js';

/**
 * The suites that also run on PostgreSQL (issue #7 grows this list until it is every database and
 * integration test). Each runs twice: once in the "sqlite" project, once in the "postgres" project.
 * Not listed: tests of pure rules (no database) and the copy plan's test (about SQLite's tables by
 * design). A suite that injects a failure does it each dialect's way (a SQLite trigger
 * with RAISE or PRAGMA query_only, a PostgreSQL trigger function that raises); one that reads what
 * another process would see (a 250 committed, the crash test's store) opens a connection of its
 * own through test/database-reader.ts.
 */
const POSTGRES_SUITES = [
  'test/storage.db.test.ts',
  'src/jobs/*.db.test.ts',
  'test/intake.routes.test.ts',
  'test/status.routes.test.ts',
  'src/modules/agents/auth.{routes,service.db}.test.ts',
  'src/modules/email-in/mailboxes.{routes,service.db}.test.ts',
  'test/{admin-settings-topics,agent-admin,agent-queues,attachments,auto-assignment,canned-responses}.routes.test.ts',
  'test/{case-calls-tasks,case-merge-links,case-updates,role-boundaries,routing-rules,satisfaction,status-lookup}.routes.test.ts',
  'test/{auto-assignment-email,confirmation-mail,live.ws,replies,restart}.test.ts',
  'test/{imap,inbound-automatic,inbound-corpus,inbound-starttls,inbound-threading}.test.ts',
  'test/{customer-accounts,ops,help-hub-chat-entry}.routes.test.ts',
  'test/registered-customer-email.test.ts',
  'test/attachments-s3.routes.test.ts',
  'test/copy-to-postgres.test.ts',
  'test/demo-data.routes.test.ts',
  'src/modules/search/search.db.test.ts',
  'test/search-indexer.test.ts',
  'test/agent-search.routes.test.ts',
  'test/agent-cases.routes.test.ts',
  'src/modules/knowledge/knowledge.db.test.ts',
  'test/help-articles.routes.test.ts',
  'test/help-hub.routes.test.ts',
  'test/contact-form-aids.routes.test.ts',
  'src/modules/cases/case-queues.db.test.ts',
  'src/storage/*.db.test.ts',
  'test/{graceful-shutdown,scale-out,worker-thread}.test.ts',
  'test/inbound-failure.test.ts',
  'test/inbound-smtp.test.ts',
  'src/modules/ops/ops.db.test.ts',
  'test/console-openapi.test.ts',
  'test/inbound-crash.test.ts',
  'test/e2e/*.e2e.test.ts',
];

/** `POSTDESK_TEST_PG_INCLUDE=<glob>,<glob>` tries other files on PostgreSQL without editing the list. */
const postgresInclude = process.env.POSTDESK_TEST_PG_INCLUDE?.split(',').filter(Boolean) ?? POSTGRES_SUITES;

const shared = {
  exclude: ['node_modules/**'],
  testTimeout: 20_000,
  hookTimeout: 30_000,
  pool: 'forks' as const,
};

const sqlite: TestProjectInlineConfiguration = {
  test: { ...shared, name: 'sqlite', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
};

const postgres: TestProjectInlineConfiguration = {
  test: {
    ...shared,
    name: 'postgres',
    include: postgresInclude,
    env: { POSTDESK_TEST_DATABASE: 'postgres' },
    globalSetup: ['test/postgres-global-setup.ts'],
  },
};

/**
 * PostgreSQL runs when its binaries are here (test/postgres-cluster.ts starts a throw-away server)
 * or `POSTDESK_TEST_PG_URL` names a server. Without either, CI fails and a developer's run skips
 * the PostgreSQL variants, saying so.
 */
function hasPostgres(): boolean {
  if (process.env.POSTDESK_TEST_PG_URL || findPostgresBinDir()) return true;
  const message = 'PostgreSQL not found (no initdb/pg_ctl, POSTDESK_TEST_PG_URL unset): the "postgres" test project is skipped';
  if (process.env.CI && process.env.CI !== 'false') throw new Error(`${message.split(':')[0]}; CI must test both databases (apt-get install postgresql)`);
  console.warn(`${message}. Install Debian's postgresql (or set POSTDESK_TEST_PG_BIN) to run it.`);
  return false;
}

export default defineConfig({
  test: {
    projects: hasPostgres() ? [sqlite, postgres] : [sqlite],
  },
});
