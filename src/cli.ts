import { parseArgs } from 'node:util';
import { ConfigError, describeEnvironment, loadConfig, type Config } from './config.js';
import { createContainer, type Container } from './container.js';
import { AppError } from './kernel/errors.js';
import { isAgentRole } from './modules/agents/agent.js';
import { generatePassword } from './modules/agents/passwords.js';
import { migrateToLatest } from './storage/db.js';
import { requeueInbound } from './modules/email-in/reprocess.js';
import { runGenerateDemo } from './modules/demo/generate-demo.command.js';
import { runCopyToPostgres } from './modules/database-copy/index.js';

const HELP = `Usage: npx postdesk <command> [options]

Commands:
  migrate                         apply pending database migrations
  seed                            add the default departments, topics and help articles that are
                                  missing (never overwrites edits, never re-adds deleted articles)
  create-agent --email E --name N [--role agent|supervisor|admin] [--password P]
                                  create a staff account (a password is generated when omitted)
  reprocess <inbound-id> [--force]
                                  run a stored inbound email through processing again (after a fix);
                                  --force also re-runs one that already completed
  generate-demo [--cases N] [--messages-per-case M] [--seed S] [--agent-password P] [--force]
                                  fill the database with a reproducible demo data set (default
                                  10000 cases, 3 messages each); refuses a database with cases
                                  unless --force
  copy-to-postgres --from FILE [--to postgres://…]
                                  copy a SQLite installation (its postdesk.sqlite) into an empty
                                  PostgreSQL database (default: POSTDESK_DATABASE_URL), in one
                                  transaction, then check every table's row count; refuses a target
                                  that has cases
  config                          list the environment variables with their defaults
  help                            show this text

Configuration comes from the POSTDESK_* environment variables (see README.md).`;

type Command = (container: Container, args: string[]) => Promise<void>;

const commands: Record<string, Command> = {
  async migrate(container) {
    const result = await migrateToLatest(container.database.db);
    const applied = result.results?.map((r) => r.migrationName) ?? [];
    print(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
  },
  async seed(container) {
    await migrateToLatest(container.database.db);
    const added = await container.services.topics.seedDefaults(container.clock.now());
    const articles = await container.services.helpArticles.seedDefaults(container.clock.now());
    print(`Added ${added.departments} department(s), ${added.topics} topic(s) and ${articles} help article(s).`);
  },
  async 'create-agent'(container, args) {
    const { values } = parseArgs({
      args,
      options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'agent' }, password: { type: 'string' } },
    });
    if (!values.email || !values.name) throw new UsageError('create-agent needs --email and --name');
    if (!isAgentRole(values.role)) throw new UsageError('--role must be agent, supervisor or admin');
    await migrateToLatest(container.database.db);
    const password = values.password ?? generatePassword();
    const agent = await container.services.auth.createAgent({ email: values.email, name: values.name, role: values.role, password });
    print(`Created ${agent.role} ${agent.email}.`);
    if (!values.password) print(`Password (shown once): ${password}`);
  },
  async reprocess(container, args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
    const id = positionals[0];
    if (!id) throw new UsageError('reprocess needs the id of an inbound message (see GET /api/v1/admin/inbound)');
    await migrateToLatest(container.database.db);
    const result = await requeueInbound(container, id, values.force ?? false);
    print(result);
  },
  async 'generate-demo'(container, args) {
    await migrateToLatest(container.database.db);
    await container.services.topics.seedDefaults(container.clock.now());
    await runGenerateDemo(container.config, args, { print, usage: (message) => new UsageError(message) });
  },
};

/** Commands that open their own databases instead of the configured one. */
const standaloneCommands: Record<string, (config: Config, args: string[]) => Promise<void>> = {
  async 'copy-to-postgres'(config, args) {
    await runCopyToPostgres(config, args, { print, usage: (message) => new UsageError(message) });
  },
};

class UsageError extends Error {}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function run(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    print(HELP);
    return name ? 0 : 1;
  }
  if (name === 'config') {
    for (const variable of describeEnvironment()) print(`${variable.name}=${variable.default ?? ''}  # ${variable.description ?? ''}`);
    return 0;
  }
  const standalone = standaloneCommands[name];
  if (standalone) {
    await standalone(loadConfig({ POSTDESK_LOG_LEVEL: 'warn', ...process.env }), args);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${HELP}\n`);
    return 1;
  }
  const container = createContainer(loadConfig({ POSTDESK_LOG_LEVEL: 'warn', ...process.env }));
  try {
    await command(container, args);
    return 0;
  } finally {
    await container.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof AppError) {
      const fields = error instanceof AppError && error.fields ? ` (${Object.entries(error.fields).map(([k, v]) => `${k}: ${v}`).join('; ')})` : '';
      process.stderr.write(`${error.message}${fields}\n`);
    } else {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exit(1);
  },
);
