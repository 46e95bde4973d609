import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../../kernel/clock.js';
import type { EventBus } from '../../kernel/events.js';
import type { Logger } from '../../kernel/log.js';
import { createLabelLimiter, JOB_STATES, methodLabel, statusClassLabel, type OperationalSnapshot } from './ops.js';

/** The Prometheus exposition of one process: its own counters plus gauges read from the shared database. */
export interface OpsMetrics {
  readonly contentType: string;
  observeHttpRequest(request: { method: string; route: string | undefined; statusCode: number; seconds: number }): void;
  /** Process metrics, this process's counters, and the database gauges read now. Concurrent scrapes share one read. */
  scrape(): Promise<string>;
  /** Stops counting events. */
  close(): void;
}

export type OpsMetricsDeps = {
  events: EventBus;
  clock: Clock;
  log: Logger;
  /** Job kinds this code defines: their lag reads 0 rather than vanishing when nothing is due. */
  jobKinds: readonly string[];
  readSnapshot(now: Date): Promise<OperationalSnapshot>;
};

const MAX_LABEL_VALUES = 100;

let processRegistry: Registry | undefined;

/** CPU, memory, event-loop lag, GC: one set per process, however many containers it runs (tests run several). */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createOpsMetrics(deps: OpsMetricsDeps): OpsMetrics {
  // Started now rather than at the first scrape: CPU time is counted from when the collector starts.
  const processRegistry = processMetrics();
  const registry = new Registry();
  const registers = [registry];
  const topicLabel = createLabelLimiter(MAX_LABEL_VALUES);
  const kindLabel = createLabelLimiter(MAX_LABEL_VALUES);

  const casesCreated = new Counter({ name: 'postdesk_cases_created_total', help: 'Cases opened by this process, by channel and topic', labelNames: ['channel', 'topic'] as const, registers });
  const replies = new Counter({ name: 'postdesk_case_replies_total', help: 'Agent replies to customers sent from this process', registers });
  const inboundAccepted = new Counter({ name: 'postdesk_inbound_messages_accepted_total', help: 'Inbound emails stored (acknowledged to the sender), by source; duplicates are stored once', labelNames: ['source', 'duplicate'] as const, registers });
  const inboundRejected = new Counter({ name: 'postdesk_inbound_messages_rejected_total', help: 'Deliveries or recipients the SMTP listener refused, by reason', labelNames: ['source', 'reason'] as const, registers });
  const inboundProcessed = new Counter({ name: 'postdesk_inbound_messages_processed_total', help: 'Inbound emails this process finished processing, by final status and outcome', labelNames: ['status', 'outcome'] as const, registers });
  const mailSent = new Counter({ name: 'postdesk_outbound_mails_sent_total', help: 'Emails handed to the relay (or the mail preview), by kind', labelNames: ['kind'] as const, registers });
  const mailFailed = new Counter({ name: 'postdesk_outbound_mails_failed_total', help: 'Failed send attempts, by kind; final="true" when no retry is left', labelNames: ['kind', 'final'] as const, registers });
  const jobFailures = new Counter({ name: 'postdesk_job_failures_total', help: 'Job runs that failed, by kind and whether the job will be retried or was dead-lettered', labelNames: ['kind', 'outcome'] as const, registers });
  const httpDuration = new Histogram({
    name: 'postdesk_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });

  const openCases = new Gauge({ name: 'postdesk_open_cases', help: 'Open cases (new, open, pending_customer) by department and status: queue depths', labelNames: ['department', 'status'] as const, registers });
  const jobs = new Gauge({ name: 'postdesk_jobs', help: 'Unfinished jobs by state: due (waiting for a worker), scheduled (later or retrying), running, dead', labelNames: ['state'] as const, registers });
  const jobLag = new Gauge({ name: 'postdesk_job_lag_seconds', help: 'Age of the oldest job that is due and not yet claimed, by kind (kinds among the 1000 oldest due jobs; others read 0)', labelNames: ['kind'] as const, registers });
  const slaBreached = new Gauge({ name: 'postdesk_sla_breached_cases', help: 'Cases awaiting their first answer past its due time', registers });
  const slaDueSoon = new Gauge({ name: 'postdesk_sla_due_soon_cases', help: 'Cases awaiting their first answer, due within 24 hours', registers });
  const databaseUp = new Gauge({ name: 'postdesk_metrics_database_up', help: '1 when the database gauges of this scrape were read, 0 when the database failed', registers });
  const databaseSeconds = new Gauge({ name: 'postdesk_metrics_database_seconds', help: 'Time this scrape spent reading the database gauges', registers });
  const databaseGauges = [openCases, jobs, jobLag, slaBreached, slaDueSoon];

  // Counters say what this process did: events other processes published are theirs to count.
  const own = { onlyFromThisProcess: true };
  const unsubscribe = [
    deps.events.subscribe('case.created', (e) => casesCreated.inc({ channel: e.channel, topic: topicLabel(e.topic) }), own),
    deps.events.subscribe('case.replied', () => replies.inc(), own),
    deps.events.subscribe('inbound.accepted', (e) => inboundAccepted.inc({ source: e.source, duplicate: String(e.duplicate) }), own),
    deps.events.subscribe('inbound.rejected', (e) => inboundRejected.inc({ source: e.source, reason: e.reason }), own),
    deps.events.subscribe('inbound.processed', (e) => inboundProcessed.inc({ status: e.status, outcome: e.outcome }), own),
    deps.events.subscribe('mail.sent', (e) => mailSent.inc({ kind: e.kind }), own),
    deps.events.subscribe('mail.failed', (e) => mailFailed.inc({ kind: e.kind, final: String(e.final) }), own),
    deps.events.subscribe('job.failed', (e) => jobFailures.inc({ kind: kindLabel(e.jobType), outcome: e.outcome }), own),
  ];

  function showSnapshot(snapshot: OperationalSnapshot, now: Date): void {
    // The gauges were reset: adding lets departments past the label cap sum up under `other`.
    const departmentLabel = createLabelLimiter(MAX_LABEL_VALUES);
    for (const row of snapshot.openCases) openCases.inc({ department: departmentLabel(row.department), status: row.status }, row.count);
    for (const state of JOB_STATES) jobs.set({ state }, snapshot.jobs[state]);
    const lags = new Map(deps.jobKinds.map((kind) => [kindLabel(kind), 0]));
    for (const { kind, runAt } of snapshot.oldestDueJobs) {
      const label = kindLabel(kind);
      lags.set(label, Math.max(lags.get(label) ?? 0, (now.getTime() - runAt.getTime()) / 1000));
    }
    for (const [kind, seconds] of lags) jobLag.set({ kind }, Math.max(0, seconds));
    slaBreached.set(snapshot.sla.breached);
    slaDueSoon.set(snapshot.sla.dueSoon);
  }

  async function refreshDatabaseGauges(): Promise<void> {
    for (const gauge of databaseGauges) gauge.reset();
    const startedAt = performance.now();
    try {
      const now = deps.clock.now();
      showSnapshot(await deps.readSnapshot(now), now);
      databaseUp.set(1);
    } catch (error) {
      // Stale depths would look healthy: the gauges stay empty and database_up says why.
      for (const gauge of databaseGauges) gauge.reset();
      databaseUp.set(0);
      deps.log.warn({ err: error }, 'metrics: could not read the database gauges');
    }
    databaseSeconds.set((performance.now() - startedAt) / 1000);
  }

  let scraping: Promise<string> | null = null;
  async function scrapeOnce(): Promise<string> {
    await refreshDatabaseGauges();
    return `${await registry.metrics()}\n${await processRegistry.metrics()}`;
  }

  return {
    contentType: registry.contentType,
    observeHttpRequest({ method, route, statusCode, seconds }) {
      httpDuration.observe({ method: methodLabel(method), route: route ?? 'unmatched', status_class: statusClassLabel(statusCode) }, seconds);
    },
    scrape() {
      scraping ??= scrapeOnce().finally(() => {
        scraping = null;
      });
      return scraping;
    },
    close() {
      for (const stop of unsubscribe) stop();
    },
  };
}
