import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from './config.js';
import { systemClock, type Clock } from './kernel/clock.js';
import type { MessagePort } from 'node:worker_threads';
import { createLocalEventBus, type EventBus } from './kernel/events.js';
import { createLinkedEventBus } from './kernel/thread-event-bus.js';
import { createLogger, type Logger } from './kernel/log.js';
import { openDatabase, type DatabaseHandle } from './storage/db.js';
import { createProcessLocks, type ClusterLocks } from './storage/cluster-lock.js';
import { createPostgresClusterLocks } from './storage/postgres-cluster-lock.js';
import { createPostgresEventBus } from './storage/postgres-event-bus.js';
import type { BlobStore } from './storage/blobs/blob-store.js';
import { openBlobStore } from './storage/blobs/open-blob-store.js';
import type { S3ClientTuning } from './storage/blobs/s3-blob-store.js';
import { createJobQueue, type JobQueue } from './jobs/queue.js';
import { createJobRegistry } from './jobs/registry.js';
import { createJobRunner, type JobRunner } from './jobs/runner.js';
import { createAuthService, type AuthService } from './modules/agents/auth.service.js';
import { createCaseQueryService, type CaseQueryService } from './modules/cases/cases.service.js';
import { createCaseUpdateService, type CaseUpdateService } from './modules/cases/case-updates.service.js';
import { createCaseReplyService, type CaseReplyService } from './modules/cases/case-replies.service.js';
import { createIntakeService, type IntakeService } from './modules/cases/intake.service.js';
import type { CaseRouteLimits } from './modules/cases/cases.routes.js';
import { createOutboundMailService, type OutboundMailService } from './modules/email-out/confirmation.service.js';
import { createSendMailJob } from './modules/email-out/email-out.jobs.js';
import { createMailIdentity, type MailIdentity } from './modules/email-out/mail-identity.js';
import { createStatusLookupService, type StatusLookupService } from './modules/help-hub/status-lookup.service.js';
import { createCustomerAccountService, type CustomerAccountService } from './modules/customer-accounts/index.js';
import { createPreviewTransport, createRelayTransport, type MailTransport } from './modules/email-out/mail-transport.js';
import { createBusinessCalendar, type BusinessCalendar } from './modules/sla/business-calendar.js';
import { createTopicService, type TopicService } from './modules/topics/topics.service.js';
import { promises as dnsPromises } from 'node:dns';
import { createInboundStore, type InboundStore } from './modules/email-in/inbound-store.js';
import { createProcessMessageJob } from './modules/email-in/process-message.js';
import type { DnsResolver } from './modules/email-in/sender-auth.js';
import { createCachingResolver } from './modules/email-in/caching-resolver.js';
import { createTriageService, type TriageService } from './modules/triage/triage.service.js';
import { createSecretBox } from './kernel/secret-box.js';
import { createMailboxService, type MailboxService, type MailboxSyncStore } from './modules/email-in/mailboxes.service.js';
import { createContactRouter } from './modules/triage/contact-router.js';
import { createConsoleServices, type ConsoleServices } from './console-services.js';
import {
  createCaseSatisfactionReader, createSatisfactionReportService, createSendSurveyJob, createSurveyScheduler, createSurveyService,
  type SatisfactionReportService, type SurveyService,
} from './modules/satisfaction/index.js';
import { createArticleAdminService, createHelpArticleService, type ArticleAdminService, type HelpArticleService } from './modules/knowledge/index.js';
import { DEFAULT_FORM_TIMING, type FormTiming } from './modules/help-hub/form-guard.js';
import { NO_CHAT, type ChatEntrySource } from './modules/help-hub/chat-entry.js';
import { createOpsMetrics, createReadinessService, readOperationalSnapshot, type OpsMetrics, type ReadinessService } from './modules/ops/index.js';

/** Knobs that are not part of the environment contract: tests and benchmarks tune them. */
export type ContainerOptions = {
  clock: Clock;
  logger?: Logger;
  rateLimits: CaseRouteLimits;
  jobs: { retryBaseMs: number; pollIntervalMs: number; concurrency: number };
  /** DNS for SPF/DKIM/DMARC; tests pass an offline resolver. */
  dnsResolver: DnsResolver;
  /** Console live channel: change batching, how long presence lasts unrefreshed, session re-checks. */
  live: { batchMs: number; presenceTtlMs: number; sessionRecheckMs: number };
  /** Live chat on the help hub: none until the live-chat issue provides a source. */
  chat: ChatEntrySource;
  /** Help articles: the suggestions endpoint's limit per client address (a typing customer asks about once a second at most). */
  helpArticles: { suggestionLimit: { max: number; timeWindow: string } };
  /** The help-hub contact form's time check: fastest plausible fill, oldest page still sent. */
  hubForm: FormTiming;
  /** /readyz: how long the oldest due job may wait before a worker process reports itself unready. */
  ops: { maxJobLagMs: number };
  /** S3 blob store (POSTDESK_S3_BUCKET): timeouts, attempts, the readiness probe's limit; tests pass credentials (unset: the AWS chain). */
  s3: S3ClientTuning & { probeTimeoutMs: number };
  /** SQLite: the port to the other thread of this process (the worker role's thread, roles/worker-thread.ts); events reach it both ways. */
  threadLink?: MessagePort;
};

export const DEFAULT_OPTIONS: ContainerOptions = {
  clock: systemClock,
  rateLimits: { submitPerWindow: 30, statusPerWindow: 60, window: '10 minutes', casesPerEmailPerHour: 5 },
  jobs: { retryBaseMs: 5_000, pollIntervalMs: 1_000, concurrency: 8 },
  dnsResolver: (name, rrtype) => dnsPromises.resolve(name, rrtype),
  live: { batchMs: 250, presenceTtlMs: 45_000, sessionRecheckMs: 30_000 },
  chat: NO_CHAT,
  helpArticles: { suggestionLimit: { max: 120, timeWindow: '1 minute' } },
  hubForm: DEFAULT_FORM_TIMING,
  ops: { maxJobLagMs: 60_000 },
  s3: { connectionTimeoutMs: 5_000, requestTimeoutMs: 30_000, maxAttempts: 3, probeTimeoutMs: 2_000 },
};

export type Container = {
  config: Config;
  options: ContainerOptions;
  log: Logger;
  clock: Clock;
  /** Domain events; on PostgreSQL they reach the other processes too (LISTEN/NOTIFY). */
  events: EventBus;
  /** Work that runs in one process at a time across all that share the database (IMAP mailboxes, start-up seeding). */
  locks: ClusterLocks;
  /** Resolves once events of other processes reach this one (at once on SQLite). */
  listening(): Promise<void>;
  secret: string;
  database: DatabaseHandle;
  blobs: BlobStore;
  mailIdentity: MailIdentity;
  calendar: BusinessCalendar;
  mailTransport: MailTransport;
  jobs: JobQueue;
  jobRunner: JobRunner;
  inboundStore: InboundStore;
  /** This process's Prometheus metrics: counters from its events since start, gauges read at scrape. */
  metrics: OpsMetrics;
  services: {
    topics: TopicService;
    intake: IntakeService;
    caseQueries: CaseQueryService;
    auth: AuthService;
    outboundMail: OutboundMailService;
    triage: TriageService;
    caseUpdates: CaseUpdateService;
    caseReplies: CaseReplyService;
    mailboxes: MailboxService & MailboxSyncStore;
    console: ConsoleServices;
    statusLookup: StatusLookupService;
    satisfaction: { surveys: SurveyService; reports: SatisfactionReportService };
    helpArticles: HelpArticleService;
    articleAdmin: ArticleAdminService;
    customerAccounts: CustomerAccountService;
    readiness: ReadinessService;
  };
  close(): Promise<void>;
};

/** The one place that wires Postdesk together: every service gets exactly what it uses. */
export function createContainer(config: Config, overrides: Partial<ContainerOptions> = {}): Container {
  const options: ContainerOptions = { ...DEFAULT_OPTIONS, ...overrides };
  const log = options.logger ?? createLogger(config.log);
  const clock = options.clock;
  const secret = config.secret ?? readOrCreateSecret(config.dataDir);
  const database = openDatabase(config.database);
  const { db, dialect } = database;
  const onHandlerError = (error: unknown) => log.error({ err: error }, 'event handler failed');
  // PostgreSQL means possibly many processes: events and locks go through the database.
  const sharedEvents = config.database.kind === 'postgres'
    ? createPostgresEventBus({ url: config.database.url, db, log: log.child({ component: 'events' }), onHandlerError })
    : null;
  const linkedEvents = !sharedEvents && options.threadLink ? createLinkedEventBus(options.threadLink, onHandlerError) : null;
  const events: EventBus = sharedEvents ?? linkedEvents ?? createLocalEventBus(onHandlerError);
  const locks = config.database.kind === 'postgres'
    ? createPostgresClusterLocks({ url: config.database.url, log: log.child({ component: 'cluster-locks' }) })
    : createProcessLocks(config.database.file);
  const blobs = openBlobStore(config.blobs, options.s3);
  const mailIdentity = createMailIdentity({ secret, domain: config.mailDomain });
  const calendar = createBusinessCalendar({ timeZone: config.timeZone });
  const mailTransport = config.relayUrl ? createRelayTransport(config.relayUrl) : createPreviewTransport();
  const jobs = createJobQueue({ db, clock, retryBaseMs: options.jobs.retryBaseMs });

  const mailSettings = { supportAddress: config.supportAddress, senderName: 'Customer Support', publicUrl: config.publicUrl, timeZone: config.timeZone };
  const outboundMail = createOutboundMailService({ identity: mailIdentity, settings: mailSettings });
  const triage = createTriageService({ db, clock, log: log.child({ component: 'triage' }) });
  const router = createContactRouter({ db, triage });
  // Resolutions schedule the satisfaction survey in their own transaction (issue #6 item 6).
  const onResolved = config.surveyDelayMs === null ? undefined : createSurveyScheduler({ delayMs: config.surveyDelayMs });
  const services = {
    topics: createTopicService({ db, dialect }),
    intake: createIntakeService({ db, durableTransaction: database.durableTransaction, dialect, clock, log, events, blobs, calendar, outboundMail, router }),
    triage,
    caseUpdates: createCaseUpdateService({ db, clock, events, triage, onResolved }),
    caseReplies: createCaseReplyService({ db, clock, events, outboundMail, onResolved }),
    mailboxes: createMailboxService({ db, dialect, clock, secretBox: createSecretBox(secret) }),
    caseQueries: createCaseQueryService({ db, dialect, blobs, clock, satisfaction: createCaseSatisfactionReader() }),
    auth: createAuthService({ db, clock, log }),
    outboundMail,
    console: createConsoleServices({ db, clock, events, mail: mailSettings }),
    statusLookup: createStatusLookupService({ db, clock, events, identity: mailIdentity, mail: mailSettings, blobs }),
    satisfaction: { surveys: createSurveyService({ db, clock, events }), reports: createSatisfactionReportService({ db, clock }) },
    helpArticles: createHelpArticleService({ db, clock }),
    articleAdmin: createArticleAdminService({ db, clock }),
    customerAccounts: createCustomerAccountService({ db, dialect, clock, log: log.child({ component: 'customer-accounts' }), identity: mailIdentity, mail: mailSettings }),
    readiness: createReadinessService({
      db, clock, log: log.child({ component: 'readiness' }), blobs, blobProbeTimeoutMs: options.s3.probeTimeoutMs,
      eventsHeard: () => sharedEvents?.isListening() ?? null,
      policy: { maxJobLagMs: options.ops.maxJobLagMs, jobLagGates: config.roles.has('worker') },
    }),
  };
  const inboundStore = createInboundStore({ durableTransaction: database.durableTransaction, clock, events });
  const registry = createJobRegistry([
    createSendMailJob({ db, transport: mailTransport, clock, events }),
    createSendSurveyJob({ db, clock, events, identity: mailIdentity, mail: mailSettings }),
    createProcessMessageJob({
      db, dialect, clock, events, blobs, calendar, identity: mailIdentity, outboundMail: services.outboundMail,
      resolver: createCachingResolver(options.dnsResolver), mailDomain: config.mailDomain, confirmationsPerHour: config.confirmationsPerHour,
      router,
    }),
  ]);
  const metrics = createOpsMetrics({
    events, clock, log: log.child({ component: 'metrics' }), jobKinds: registry.types(),
    readSnapshot: (now) => readOperationalSnapshot(db, now),
  });
  const jobRunner = createJobRunner({
    queue: jobs,
    registry,
    log: log.child({ component: 'jobs' }),
    events,
    concurrency: options.jobs.concurrency,
    pollIntervalMs: options.jobs.pollIntervalMs,
  });

  return {
    config, options, log, clock, events, locks, secret, database, blobs, mailIdentity, calendar, mailTransport, jobs, jobRunner, inboundStore, metrics, services,
    listening: () => sharedEvents?.listening() ?? Promise.resolve(),
    async close() {
      await jobRunner.stop();
      metrics.close();
      mailTransport.close();
      blobs.close();
      // Before the pool: the last events are sent through it.
      await sharedEvents?.close();
      linkedEvents?.close();
      await locks.close();
      await database.close();
    },
  };
}

/** The generated secret lives in the data dir (mode 0600) so reply tokens survive restarts. */
function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw error;
  }
}
