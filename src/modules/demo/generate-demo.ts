import type { DatabaseTarget } from '../../storage/db.js';
import { hashPassword } from '../agents/passwords.js';
import {
  agentReplyText, followUpText, firstMessageText, internalNoteText, newStory, personEmail, personName, pick, pickWeighted, seededRandom, storySubject,
  type CaseStory, type Random,
} from './demo-text.js';
import {
  DAY_MS, HOUR_MS, TOPIC_WEIGHTS, TRACKING_SHARE, channelFor, demoCaseNumber, demoId, firstResponseDueMs, historySpanMs, languageFor, messageCounts,
  priorityFor, statusForAge, uspsTrackingNumber, type DemoStatus,
} from './demo-plan.js';
import { openDemoPostgresWriter } from './demo-postgres-writer.js';
import { openDemoSqliteWriter } from './demo-sqlite-writer.js';
import type { Catalogue, DemoRowSink, DemoWriter, EventRow } from './demo-writer.js';

/**
 * `npx postdesk generate-demo`: fills a migrated, seeded database with a realistic, reproducible
 * data set (customers, agents, cases over a year, threads, tracking numbers, timelines) for demos
 * and for the console and search benchmarks.
 *
 * Why it bypasses the repositories: they await Kysely per row and go through the durable-commit
 * path, which caps out near a few thousand cases a second; a million cases must take minutes.
 * Rows are generated here, batch by batch, and written into the real tables by a writer per
 * database (demo-sqlite-writer.ts, demo-postgres-writer.ts), so every constraint and trigger of the
 * schema applies. The same seed gives the same rows on both databases.
 */

/** Changes whenever the same options would generate different data (the bench's cache key). */
export const DEMO_GENERATOR_VERSION = 1;

export type GenerateDemoOptions = {
  /** The database (a SQLite file or a PostgreSQL URL), already migrated and seeded with departments and topics. */
  database: DatabaseTarget;
  cases: number;
  messagesPerCase: number;
  seed: number;
  /** The time the data set is generated around (SLA due times, ages). */
  now: Date;
  /** Add to a database that already has cases. */
  force?: boolean;
  /** Password of the generated agents (one argon2 hash shared by all of them). */
  agentPassword: string;
  /** Cases per batch (SQLite commits each batch; PostgreSQL writes all batches in one transaction). */
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

type Counters = { messages: number; events: number; customers: number; trackingNumbers: number };

const iso = (ms: number) => new Date(ms).toISOString();

function openWriter(database: DatabaseTarget): DemoWriter {
  return database.kind === 'sqlite' ? openDemoSqliteWriter(database.file) : openDemoPostgresWriter(database.url);
}

/** Generates the data set; throws `DemoDataExistsError` on a database with cases unless `force`. */
export async function generateDemo(options: GenerateDemoOptions): Promise<GenerateDemoResult> {
  const started = Date.now();
  const passwordHash = await hashPassword(options.agentPassword);
  const writer = openWriter(options.database);
  try {
    const existing = await writer.countCases();
    if (existing > 0 && !options.force) {
      throw new DemoDataExistsError(`The database already has ${existing} case(s); use --force to add demo data anyway.`);
    }
    const catalogue = await writer.readCatalogue();
    if (catalogue.topics.length === 0) throw new Error('The database has no topics: run `npx postdesk seed` (or migrate and seed) first.');
    const agents = await insertAgents(writer, passwordHash, iso(options.now.getTime() - historySpanMs(options.cases)));
    const taken = existing > 0 ? await writer.caseNumbers() : new Set<string>();
    const result = await writeCases(writer, options, catalogue, agents, { existing, taken, started });
    await writer.finish();
    return { ...result, agents, elapsedMs: Date.now() - started };
  } finally {
    await writer.close();
  }
}

/** A dozen agents to assign cases to; existing ones (a rerun with --force) are reused. */
async function insertAgents(writer: DemoWriter, passwordHash: string, createdAt: string): Promise<DemoAgent[]> {
  const random = seededRandom(7);
  const agents = AGENT_NAMES.map((name, index) => {
    const role: DemoAgent['role'] = index === 0 ? 'agent' : index < 3 ? 'supervisor' : index === 3 ? 'admin' : 'agent';
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@agents.example.org`;
    return { id: demoId(Date.parse(createdAt), random), email, name, role, passwordHash, createdAt };
  });
  const ids = await writer.insertAgents(agents);
  return agents.map(({ email, name, role }) => ({ id: ids.get(email) ?? '', email, name, role }));
}

async function writeCases(
  writer: DemoWriter, options: GenerateDemoOptions, catalogue: Catalogue, agents: DemoAgent[],
  context: { existing: number; taken: Set<string>; started: number },
): Promise<Counters & { cases: number }> {
  const random = seededRandom(options.seed);
  const now = options.now.getTime();
  const span = historySpanMs(options.cases);
  const batchSize = options.batchSize ?? 5_000;
  const counters: Counters = { messages: 0, events: 0, customers: 0, trackingNumbers: 0 };
  // Numbers already taken (a rerun with --force) and those of this run.
  const numbers = context.taken;
  const customers: { id: string; name: string; email: string; language: CaseStory['language'] }[] = [];
  // A rerun with --force keeps emails unique by tagging them with the number of cases before it.
  const emailTag = context.existing > 0 ? `${context.existing.toString(36)}x` : '';
  let pairCounts: [number, number] = [options.messagesPerCase, options.messagesPerCase];

  const generateBatch = (sink: DemoRowSink, from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      if (i % 2 === 0) pairCounts = messageCounts(random, options.messagesPerCase);
      const createdMs = Math.floor(now - span + ((i + random()) * span) / options.cases);
      let number = demoCaseNumber(random);
      while (numbers.has(number)) number = demoCaseNumber(random);
      numbers.add(number);
      const customer = chooseCustomer(random, sink, customers, counters, createdMs, `${emailTag}${i.toString(36)}`);
      writeCase(random, sink, counters, {
        now, createdMs, number, customer, catalogue, agents, messageCount: pairCounts[i % 2] ?? options.messagesPerCase,
      });
    }
  };

  const end = (index: number) => Math.min(options.cases, (index + 1) * batchSize);
  await writer.writeBatches(
    Math.ceil(options.cases / batchSize),
    (sink, index) => generateBatch(sink, index * batchSize, end(index)),
    (index) => options.onProgress?.({ cases: end(index), total: options.cases, elapsedMs: Date.now() - context.started }),
  );
  return { cases: options.cases, ...counters };
}

/** Seven cases in ten come from a new customer; the rest from someone who wrote before. */
function chooseCustomer(
  random: Random, sink: DemoRowSink, customers: { id: string; name: string; email: string; language: CaseStory['language'] }[],
  counters: Counters, createdMs: number, unique: string,
) {
  if (customers.length > 0 && random() < 0.3) return pick(random, customers);
  const language = languageFor(random);
  const name = personName(random, language);
  const customer = { id: demoId(createdMs, random), name: `${name.first} ${name.last}`, email: personEmail(random, name, unique), language };
  const phone = random() < 0.4 ? `+1 ${200 + Math.floor(random() * 700)} 555 ${String(Math.floor(random() * 10_000)).padStart(4, '0')}` : null;
  sink.customer([customer.id, customer.email, customer.name, phone, language, random() < 0.15, iso(createdMs), iso(createdMs)]);
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

function writeCase(random: Random, sink: DemoRowSink, counters: Counters, input: CaseInput): void {
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
      sink.message([messageId, caseId, 'inbound', channel, 'customer', customer.id, subject, firstMessageText(random, story),
        isEmail ? `<${messageId}@${customer.email.split('@')[1] ?? 'example.com'}>` : null, iso(at), isEmail ? customer.email : null]);
    } else if (answered && (k === 1 || (k % 2 === 1 && random() < 0.8))) {
      firstRespondedMs ??= at;
      sink.message([messageId, caseId, 'outbound', 'email', 'agent', replier.id, `Re: ${subject}`, agentReplyText(random, story, replier.name),
        `<${messageId}@postdesk.localhost>`, iso(at), null]);
      events.push(['case.replied', 'agent', replier.id, { messageId, to: customer.email }, at]);
    } else if (random() < 0.25) {
      sink.message([messageId, caseId, 'internal', channel, 'agent', replier.id, null, internalNoteText(random, story), null, iso(at), null]);
      events.push(['note.added', 'agent', replier.id, { messageId }, at]);
    } else {
      sink.message([messageId, caseId, 'inbound', channel, 'customer', customer.id, null, followUpText(random, story), null, iso(at),
        channel === 'email' ? customer.email : null]);
    }
    counters.messages += 1;
  }
  if (tracking) {
    sink.tracking([caseId, tracking]);
    counters.trackingNumbers += 1;
  }
  const lastMs = times[times.length - 1] ?? createdMs;
  const resolvedMs = status === 'resolved' || status === 'closed' ? Math.min(now, lastMs + Math.floor(random() * 2 * DAY_MS)) : null;
  const updatedMs = Math.max(lastMs, resolvedMs ?? 0);
  sink.caseRow([caseId, input.number, customer.id, topic.id, departmentId, assignee?.id ?? null, status, priority, channel, subject, language,
    iso(firstResponseDueMs(createdMs, priority)), firstRespondedMs === null ? null : iso(firstRespondedMs), iso(createdMs), iso(updatedMs),
    resolvedMs === null ? null : iso(resolvedMs)]);
  if (assignee) events.push(['case.assigned', 'agent', replier.id, { from: null, to: assignee.id, reason: null }, createdMs + Math.floor(random() * HOUR_MS)]);
  if (status !== 'new') events.push(['case.status_changed', 'agent', replier.id, { from: 'open', to: status, reason: null }, updatedMs]);
  for (const [index, [type, actorType, actorId, data, at]] of events.sort((a, b) => a[4] - b[4]).entries()) {
    const row: EventRow = [demoId(at, random, index), caseId, type, actorType, actorId, JSON.stringify(data), iso(at)];
    sink.event(row);
    counters.events += 1;
  }
}
