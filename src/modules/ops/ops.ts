import type { MigrationState } from '../../storage/migration-state.js';

/** Jobs by where they stand: queued and due, queued for later (including retries waiting out back-off), running, dead-lettered. */
export const JOB_STATES = ['due', 'scheduled', 'running', 'dead'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** What the database says now, read at every scrape (never cached: many processes share one database). */
export type OperationalSnapshot = {
  /** Every department and open status, empty queues included (they read 0 rather than vanish). */
  openCases: { department: string; status: string; count: number }[];
  jobs: Record<JobState, number>;
  oldestDueJobs: { kind: string; runAt: Date }[];
  sla: { breached: number; dueSoon: number };
};

export type CheckStatus = 'ok' | 'failing' | 'warning' | 'skipped';

/** What a readiness probe found; null where the database could not be asked. */
export type ReadinessProbe = {
  database: boolean;
  migrations: MigrationState | null;
  jobLagMs: number | null;
  /** Whether the blob store answered (S3: HeadBucket). */
  blobStore: boolean;
  /** Whether this process hears the others' events (PostgreSQL LISTEN); null with one process (SQLite). */
  eventsHeard: boolean | null;
};

export type ReadinessPolicy = {
  maxJobLagMs: number;
  /**
   * Whether a late queue makes this process unready. Only when it runs the worker role: a
   * web-only process taken out of the load balancer does not drain the queue, and every web
   * process failing together would stop intake (which stores work durably) for nothing.
   */
  jobLagGates: boolean;
};

export type Readiness = {
  status: 'ready' | 'not_ready';
  checks: {
    database: { status: CheckStatus };
    migrations: { status: CheckStatus; applied?: number; expected?: number; missing?: string[]; ahead?: string[] };
    jobQueue: { status: CheckStatus; lagSeconds?: number; thresholdSeconds: number };
    blobStore: { status: CheckStatus };
    events: { status: CheckStatus };
  };
};

/** Turns a probe into the /readyz answer: ready only when no check is failing. */
export function judgeReadiness(probe: ReadinessProbe, policy: ReadinessPolicy): Readiness {
  const thresholdSeconds = policy.maxJobLagMs / 1000;
  const checks: Readiness['checks'] = {
    database: { status: probe.database ? 'ok' : 'failing' },
    migrations: judgeMigrations(probe),
    jobQueue: !probe.database
      ? { status: 'skipped', thresholdSeconds }
      : probe.jobLagMs === null
        ? { status: 'failing', thresholdSeconds }
        : {
            status: probe.jobLagMs <= policy.maxJobLagMs ? 'ok' : policy.jobLagGates ? 'failing' : 'warning',
            lagSeconds: Math.floor(probe.jobLagMs / 1000),
            thresholdSeconds,
          },
    // Never gating: every process shares the store, so an outage would take every one of them out
    // of rotation, stopping every page and the cases sent without attachments, for nothing. A store
    // that is wrong from the start stops the process at start-up instead (startup.ts).
    blobStore: { status: probe.blobStore ? 'ok' : 'warning' },
    // Never gating either: while the listening connection reconnects, this process still serves
    // and stores everything; only its consoles miss other processes' live updates (and refetch after).
    events: { status: probe.eventsHeard === null ? 'skipped' : probe.eventsHeard ? 'ok' : 'warning' },
  };
  const failing = Object.values(checks).some((check) => check.status === 'failing');
  return { status: failing ? 'not_ready' : 'ready', checks };
}

function judgeMigrations(probe: ReadinessProbe): Readiness['checks']['migrations'] {
  if (!probe.database) return { status: 'skipped' };
  if (!probe.migrations) return { status: 'failing' };
  const { applied, expected, missing, ahead } = probe.migrations;
  return {
    status: missing.length === 0 ? 'ok' : 'failing',
    applied,
    expected,
    ...(missing.length > 0 ? { missing } : {}),
    ...(ahead.length > 0 ? { ahead } : {}),
  };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** HTTP method as a label: anything unusual is `OTHER`, so clients cannot mint label values. */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}

/** `2xx`, `4xx`…: the status class keeps the request histogram small. */
export function statusClassLabel(statusCode: number): string {
  return statusCode >= 100 && statusCode < 600 ? `${Math.floor(statusCode / 100)}xx` : 'other';
}

/**
 * Caps the distinct values of one label. Topics, departments and job kinds are bounded by
 * admins and code, not by customers, but a runaway admin script must not blow up the series
 * count: past `max` distinct values, new ones report as `other`.
 */
export function createLabelLimiter(max: number): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= max) return 'other';
    seen.add(value);
    return value;
  };
}
