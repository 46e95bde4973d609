import SQLite from 'better-sqlite3';
import { hashPassword } from '../agents/passwords.js';
import { FORGET_NOTED_DOCUMENTS_SQL, REFRESH_NOTED_DOCUMENTS_SQL } from '../search/index.js';
import {
  agentReplyText, followUpText, firstMessageText, internalNoteText, newStory, personEmail, personName, pick, pickWeighted, seededRandom, storySubject,
  type CaseStory, type Random,
} from './demo-text.js';
import {
  DAY_MS, HOUR_MS, TOPIC_WEIGHTS, TRACKING_SHARE, channelFor, demoCaseNumber, demoId, firstResponseDueMs, historySpanMs, languageFor, messageCounts,
  priorityFor, statusForAge, uspsTrackingNumber, type DemoStatus,
} from './demo-plan.js';

/**
 * `npx postdesk generate-demo`: fills a migrated, seeded SQLite database with a realistic,
 * reproducible data set (customers, agents, cases over a year, threads, tracking numbers,
 * timelines) for demos and for the console benchmarks.
 *
 * Why it bypasses the repositories: they await Kysely per row and go through the durable-commit
 * path, which caps out near a few thousand cases a second; a million cases must take minutes.
 * Rows are instead written with prepared better-sqlite3 statements in large synchronous
 * transactions — but into the real tables, with foreign keys on, so every constraint and every
 * trigger of the schema applies exactly as for cases that arrive through intake. Within a
 * transaction foreign keys are deferred (checked at commit) so that a batch's messages and
 * tracking numbers are written before its case rows. The triggers only note which search
 * documents are out of date (migration 0013); each batch then rebuilds its documents in one
 * statement with the same SQL the search indexer runs, so a million documents cost one FTS5
 * segment per batch.
 */

/** Changes whenever the same options would generate different data (the bench's cache key). */
export const DEMO_GENERATOR_VERSION = 1;

export type GenerateDemoOptions = {
  /** The SQLite file, already migrated and seeded with departments and topics. */
  file: string;
  cases: number;
  messagesPerCase: number;
  seed: number;
  /** The time the data set is generated around (SLA due times, ages). */
  now: Date;
  /** Add to a database that already has cases. */
  force?: boolean;
  /** Password of the generated agents (one argon2 hash shared by all of them). */
  agentPassword: string;
  /** Cases per transaction. */
  batchSize?: number;
  onProgress?: (progress: { cases: number; total: number; elapsedMs: number }) => void;
};

export type DemoAgent = { id: string; email: string; name: string; role: 'agent' | 'supervisor' | 'admin' };

export type GenerateDemoResult = {
  cases: number;
  messages: number;
  customers: number;
  events: number;
  trackingNumbers: number;
  agents: DemoAgent[];
  elapsedMs: number;
};

/** Thrown when the database already has cases and `force` is not set. */
export class DemoDataExistsError extends Error {}

const AGENT_NAMES = [
  'Ann Agent', 'Bob Rivera', 'Chloe Nguyen', 'Dan Okafor', 'Eva Kowalski', 'Farid Haddad', 'Gina Rossi', 'Hugo Martins', 'Ines Duarte', 'Jon Park',
  'Kara Schultz', 'Liam O Brien',
] as const;

type Catalogue = { topics: { id: string; slug: string; departmentId: string; departmentSlug: string }[]; triageDepartmentId: string | null };

type Counters = { messages: number; events: number; customers: number; trackingNumbers: number };

type Statements = ReturnType<typeof prepareStatements>;

type Pending = { cases: unknown[][]; events: unknown[][] };

function prepareStatements(sqlite: SQLite.Database) {
  return {
    customer: sqlite.prepare(`insert into customers (id, email, name, phone, address, language, registered, created_at, updated_at)
      values (?, ?, ?, ?, null, ?, ?, ?, ?)`),
    // One statement for a batch of cases: FTS5 flushes its pending documents at every statement
    // savepoint, so a statement per case would write a tiny index segment per case and merge
    // them all again (measured: 4× the cost of the documents themselves).
    cases: sqlite.prepare(`insert into cases (id, number, customer_id, topic_id, department_id, assignee_id, status, priority, channel, subject, language,
      first_response_due_at, first_responded_at, created_at, updated_at, resolved_at)
      select ${Array.from({ length: 16 }, (_, i) => `json_extract(value, '$[${i}]')`).join(', ')} from json_each(?) order by key`),
    message: sqlite.prepare(`insert into messages (id, case_id, direction, channel, author_type, author_id, subject, text, html, email_message_id,
      created_at, full_text, sender_email) values (?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, null, ?)`),
    tracking: sqlite.prepare(`insert into case_tracking_numbers (case_id, number, carrier, valid) values (?, ?, 'usps', 1)`),
    event: sqlite.prepare(`insert into case_events (id, case_id, type, actor_type, actor_id, data, created_at) values (?, ?, ?, ?, ?, ?, ?)`),
    numberTaken: sqlite.prepare(`select 1 from cases where number = ?`).pluck(),
    refreshNoted: sqlite.prepare(REFRESH_NOTED_DOCUMENTS_SQL.replace('?1', '?')),
    forgetNoted: sqlite.prepare(FORGET_NOTED_DOCUMENTS_SQL.replace('?1', '?')),
    anyNoted: sqlite.prepare(`select exists (select 1 from case_search_dirty)`).pluck(),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Generates the data set; throws `DemoDataExistsError` on a database with cases unless `force`. */
export async function generateDemo(options: GenerateDemoOptions): Promise<GenerateDemoResult> {
  const started = Date.now();
  const passwordHash = await hashPassword(options.agentPassword);
  const sqlite = new SQLite(options.file);
  try {
    // Demo data can be regenerated: skip fsyncs and give the indexes a large page cache.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('cache_size = -524288');
    sqlite.pragma('foreign_keys = ON');
    const existing = Number(sqlite.prepare('select count(*) from cases').pluck().get());
    if (existing > 0 && !options.force) {
      throw new DemoDataExistsError(`The database already has ${existing} case(s); use --force to add demo data anyway.`);
    }
    const catalogue = readCatalogue(sqlite);
    const agents = insertAgents(sqlite, passwordHash, iso(options.now.getTime() - historySpanMs(options.cases)));
    const result = writeCases(sqlite, options, catalogue, agents, existing, started);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return { ...result, agents, elapsedMs: Date.now() - started };
  } finally {
    sqlite.close();
  }
}

function readCatalogue(sqlite: SQLite.Database): Catalogue {
  const topics = sqlite.prepare(`select t.id, t.slug, t.department_id as departmentId, d.slug as departmentSlug
    from topics t join departments d on d.id = t.department_id order by t.position`).all() as Catalogue['topics'];
  if (topics.length === 0) throw new Error('The database has no topics: run `npx postdesk seed` (or migrate and seed) first.');
  const triage = sqlite.prepare(`select id from departments where slug = 'triage'`).pluck().get() as string | undefined;
  return { topics, triageDepartmentId: triage ?? null };
}

/** A dozen agents to assign cases to; existing ones (a rerun with --force) are reused. */
function insertAgents(sqlite: SQLite.Database, passwordHash: string, createdAt: string): DemoAgent[] {
  const random = seededRandom(7);
  const insert = sqlite.prepare(`insert into agents (id, email, name, role, password_hash, active, failed_logins, locked_until, created_at)
    values (?, ?, ?, ?, ?, 1, 0, null, ?) on conflict (email) do nothing`);
  const find = sqlite.prepare('select id from agents where email = ?').pluck();
  return AGENT_NAMES.map((name, index) => {
    const role: DemoAgent['role'] = index === 0 ? 'agent' : index < 3 ? 'supervisor' : index === 3 ? 'admin' : 'agent';
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@agents.example.org`;
    insert.run(demoId(Date.parse(createdAt), random), email, name, role, passwordHash, createdAt);
    return { id: String(find.get(email)), email, name, role };
  });
}

function writeCases(
  sqlite: SQLite.Database, options: GenerateDemoOptions, catalogue: Catalogue, agents: DemoAgent[], existing: number, started: number,
): Counters & { cases: number } {
  const random = seededRandom(options.seed);
  const statements = prepareStatements(sqlite);
  const now = options.now.getTime();
  const span = historySpanMs(options.cases);
  const batchSize = options.batchSize ?? 5_000;
  const counters: Counters = { messages: 0, events: 0, customers: 0, trackingNumbers: 0 };
  const numbers = new Set<string>();
  const customers: { id: string; name: string; email: string; language: CaseStory['language'] }[] = [];
  // A rerun with --force keeps emails unique by tagging them with the number of cases before it.
  const emailTag = existing > 0 ? `${existing.toString(36)}x` : '';
  let pairCounts: [number, number] = [options.messagesPerCase, options.messagesPerCase];

  const writeBatch = sqlite.transaction((from: number, to: number) => {
    sqlite.pragma('defer_foreign_keys = ON');
    const pending: Pending = { cases: [], events: [] };
    for (let i = from; i < to; i += 1) {
      if (i % 2 === 0) pairCounts = messageCounts(random, options.messagesPerCase);
      const createdMs = Math.floor(now - span + ((i + random()) * span) / options.cases);
      let number = demoCaseNumber(random);
      while (numbers.has(number) || (existing > 0 && statements.numberTaken.get(number) !== undefined)) number = demoCaseNumber(random);
      numbers.add(number);
      const customer = chooseCustomer(random, statements, customers, counters, createdMs, `${emailTag}${i.toString(36)}`);
      writeCase(random, statements, counters, pending, {
        now, createdMs, number, customer, catalogue, agents, messageCount: pairCounts[i % 2] ?? options.messagesPerCase,
      });
    }
    statements.cases.run(JSON.stringify(pending.cases));
    for (const row of pending.events) statements.event.run(...row);
    // Every document this batch noted (and any noted before it) is rebuilt before the commit.
    while (statements.anyNoted.get() === 1) {
      statements.refreshNoted.run(to - from);
      statements.forgetNoted.run(to - from);
    }
  });

  for (let from = 0; from < options.cases; from += batchSize) {
    const to = Math.min(options.cases, from + batchSize);
    writeBatch(from, to);
    options.onProgress?.({ cases: to, total: options.cases, elapsedMs: Date.now() - started });
  }
  return { cases: options.cases, ...counters };
}

/** Seven cases in ten come from a new customer; the rest from someone who wrote before. */
function chooseCustomer(
  random: Random, statements: Statements, customers: { id: string; name: string; email: string; language: CaseStory['language'] }[],
  counters: Counters, createdMs: number, unique: string,
) {
  if (customers.length > 0 && random() < 0.3) return pick(random, customers);
  const language = languageFor(random);
  const name = personName(random, language);
  const customer = { id: demoId(createdMs, random), name: `${name.first} ${name.last}`, email: personEmail(random, name, unique), language };
  const phone = random() < 0.4 ? `+1 ${200 + Math.floor(random() * 700)} 555 ${String(Math.floor(random() * 10_000)).padStart(4, '0')}` : null;
  statements.customer.run(customer.id, customer.email, customer.name, phone, language, random() < 0.15 ? 1 : 0, iso(createdMs), iso(createdMs));
  customers.push(customer);
  counters.customers += 1;
  return customer;
}

type CaseInput = {
  now: number;
  createdMs: number;
  number: string;
  customer: { id: string; name: string; email: string; language: CaseStory['language'] };
  catalogue: Catalogue;
  agents: DemoAgent[];
  messageCount: number;
};

/** Whether an agent has answered: never for new cases, about half of open ones, nearly all others. */
function isAnswered(random: Random, status: DemoStatus): boolean {
  if (status === 'new' || status === 'spam' || status === 'merged') return false;
  if (status === 'open') return random() < 0.5;
  return status === 'pending_customer' || random() < 0.97;
}

function writeCase(random: Random, statements: Statements, counters: Counters, pending: Pending, input: CaseInput): void {
  const { now, createdMs, customer } = input;
  const topicSlug = pickWeighted(random, TOPIC_WEIGHTS);
  const topic = input.catalogue.topics.find((t) => t.slug === topicSlug) ?? pick(random, input.catalogue.topics);
  const toTriage = input.catalogue.triageDepartmentId !== null && random() < 0.03;
  const departmentId = toTriage && input.catalogue.triageDepartmentId ? input.catalogue.triageDepartmentId : topic.departmentId;
  const status = statusForAge(random, now - createdMs);
  const priority = priorityFor(random, topic.slug);
  const channel = channelFor(random);
  const language = random() < 0.9 ? customer.language : 'en';
  const tracking = random() < (TRACKING_SHARE[topic.slug] ?? 0) ? uspsTrackingNumber(random) : null;
  const isOpen = status === 'new' || status === 'open' || status === 'pending_customer';
  const assignee = status === 'new' ? (random() < 0.15 ? pick(random, input.agents) : null)
    : isOpen ? (random() < 0.65 ? pick(random, input.agents) : null)
      : status === 'spam' || status === 'merged' ? null : pick(random, input.agents);
  const replier = assignee ?? pick(random, input.agents);
  const answered = isAnswered(random, status);
  const caseId = demoId(createdMs, random);
  const story = newStory(random, language, customer.name, tracking);
  const subject = storySubject(random, story).slice(0, 200);

  // Message times: hours apart, squeezed so the last one is still in the past.
  const times: number[] = [createdMs];
  for (let k = 1; k < input.messageCount; k += 1) {
    const previous = times[k - 1] ?? createdMs;
    const room = Math.max(1, (now - previous) / (input.messageCount - k + 1));
    times.push(Math.floor(previous + Math.min(room, (1 + random() * 30) * HOUR_MS)));
  }
  let firstRespondedMs: number | null = null;
  const events: [type: string, actorType: string, actorId: string | null, data: unknown, at: number][] = [
    ['case.created', 'customer', customer.id, { channel }, createdMs],
    ['case.routed', 'system', null, {
      department: toTriage ? 'triage' : topic.departmentSlug, topic: topic.slug, priority, language,
      reasons: toTriage ? ['classifier confidence below the review threshold: sent to triage for a person to route'] : [`topic ${topic.slug} chosen by the customer`],
    }, createdMs],
  ];
  for (const [k, at] of times.entries()) {
    const messageId = demoId(at, random);
    if (k === 0) {
      const isEmail = channel === 'email';
      statements.message.run(messageId, caseId, 'inbound', channel, 'customer', customer.id, subject, firstMessageText(random, story),
        isEmail ? `<${messageId}@${customer.email.split('@')[1] ?? 'example.com'}>` : null, iso(at), isEmail ? customer.email : null);
    } else if (answered && (k === 1 || (k % 2 === 1 && random() < 0.8))) {
      firstRespondedMs ??= at;
      statements.message.run(messageId, caseId, 'outbound', 'email', 'agent', replier.id, `Re: ${subject}`, agentReplyText(random, story, replier.name),
        `<${messageId}@postdesk.localhost>`, iso(at), null);
      events.push(['case.replied', 'agent', replier.id, { messageId, to: customer.email }, at]);
    } else if (random() < 0.25) {
      statements.message.run(messageId, caseId, 'internal', channel, 'agent', replier.id, null, internalNoteText(random, story), null, iso(at), null);
      events.push(['note.added', 'agent', replier.id, { messageId }, at]);
    } else {
      statements.message.run(messageId, caseId, 'inbound', channel, 'customer', customer.id, null, followUpText(random, story), null, iso(at),
        channel === 'email' ? customer.email : null);
    }
    counters.messages += 1;
  }
  if (tracking) {
    statements.tracking.run(caseId, tracking);
    counters.trackingNumbers += 1;
  }
  const lastMs = times[times.length - 1] ?? createdMs;
  const resolvedMs = status === 'resolved' || status === 'closed' ? Math.min(now, lastMs + Math.floor(random() * 2 * DAY_MS)) : null;
  const updatedMs = Math.max(lastMs, resolvedMs ?? 0);
  pending.cases.push([caseId, input.number, customer.id, topic.id, departmentId, assignee?.id ?? null, status, priority, channel, subject, language,
    iso(firstResponseDueMs(createdMs, priority)), firstRespondedMs === null ? null : iso(firstRespondedMs), iso(createdMs), iso(updatedMs),
    resolvedMs === null ? null : iso(resolvedMs)]);
  if (assignee) events.push(['case.assigned', 'agent', replier.id, { from: null, to: assignee.id, reason: null }, createdMs + Math.floor(random() * HOUR_MS)]);
  if (status !== 'new') events.push(['case.status_changed', 'agent', replier.id, { from: 'open', to: status, reason: null }, updatedMs]);
  for (const [index, [type, actorType, actorId, data, at]] of events.sort((a, b) => a[4] - b[4]).entries()) {
    pending.events.push([demoId(at, random, index), caseId, type, actorType, actorId, JSON.stringify(data), iso(at)]);
    counters.events += 1;
  }
}
