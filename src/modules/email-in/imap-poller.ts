import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { Clock } from '../../kernel/clock.js';
import type { Logger } from '../../kernel/log.js';
import type { ClusterLocks, HeldLock } from '../../storage/cluster-lock.js';
import type { InboundStore } from './inbound-store.js';
import type { MailboxSyncStore, PollTarget } from './mailboxes.service.js';
import { describeError, MAX_IMAP_MESSAGE_BYTES, reconnectDelay, REJECTED_FOLDER, transportSecurity, type BackoffSettings, type SyncState } from './imap-rules.js';
import { createMailboxSession, type SyncLimits } from './imap-session.js';

export type ImapPollerOptions = {
  /** How often the mailbox list is re-read, so mailboxes added or changed through the API are picked up. */
  refreshMs: number;
  /** Without IDLE: how often the folder is checked. */
  pollIntervalMs: number;
  /** With IDLE: how long one IDLE lasts before a check and a new IDLE (RFC 2177: well under 29 minutes). */
  idleRestartMs: number;
  backoff: BackoffSettings;
  limits: SyncLimits;
  connectTimeoutMs: number;
  /** How long stop() lets a mailbox finish its current message and log out before the socket is closed. */
  stopGraceMs: number;
};

export const DEFAULT_IMAP_POLLER_OPTIONS: ImapPollerOptions = {
  refreshMs: 30_000,
  pollIntervalMs: 60_000,
  idleRestartMs: 4 * 60_000,
  backoff: { baseMs: 2_000, maxMs: 5 * 60_000 },
  limits: { maxMessageBytes: MAX_IMAP_MESSAGE_BYTES, batchSize: 100, maxDownloadAttempts: 3 },
  connectTimeoutMs: 30_000,
  stopGraceMs: 5_000,
};

export interface ImapPoller {
  start(): void;
  /** Logs every mailbox out (after its current message) and resolves when all connections are closed. */
  stop(): Promise<void>;
  /** Re-reads the mailbox list now instead of at the next refresh. */
  refresh(): Promise<void>;
}

type Deps = {
  mailboxes: MailboxSyncStore;
  store: InboundStore;
  /** One process polls a mailbox at a time: the one holding its lock. */
  locks: ClusterLocks;
  log: Logger;
  clock: Clock;
  options?: Partial<ImapPollerOptions>;
};

type RunningMailbox = { settingsKey: string; lock: HeldLock; stop(): Promise<void> };

/**
 * Pulls mail from every active IMAP mailbox into the inbound store, one long-lived connection per
 * mailbox. Mailboxes are re-read every `refreshMs`: new ones start, changed ones reconnect,
 * deactivated ones log out. Several processes may run the imap role: each mailbox is polled by
 * the process holding its cluster lock, and when that process stops or dies (or loses the
 * database connection holding the lock) another takes the mailbox over at its next refresh.
 */
export function createImapPoller(deps: Deps): ImapPoller {
  const options: ImapPollerOptions = { ...DEFAULT_IMAP_POLLER_OPTIONS, ...deps.options };
  const log = deps.log;
  const workers = new Map<string, RunningMailbox>();
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let refreshing: Promise<void> = Promise.resolve();

  async function stopMailbox(id: string, worker: RunningMailbox): Promise<void> {
    if (workers.get(id) === worker) workers.delete(id);
    await worker.stop();
    await worker.lock.release();
  }

  async function startMailbox(target: PollTarget): Promise<void> {
    let lock: HeldLock | null;
    try {
      lock = await deps.locks.tryAcquire(`imap-mailbox:${target.id}`);
    } catch (error) {
      log.warn({ err: error, mailboxId: target.id }, 'could not ask for the mailbox lock; trying again at the next refresh');
      return;
    }
    if (!lock) return; // another process polls it
    if (!running) {
      await lock.release();
      return;
    }
    const worker: RunningMailbox = { settingsKey: target.settingsKey, lock, ...startMailboxWorker(target, { ...deps, log: log.child({ mailboxId: target.id }), options }) };
    workers.set(target.id, worker);
    void lock.lost.then(() => {
      if (workers.get(target.id) !== worker) return;
      log.warn({ mailboxId: target.id }, 'lost the mailbox lock: stopping, another process may poll it now');
      void stopMailbox(target.id, worker);
    });
  }

  async function reconcile(): Promise<void> {
    if (!running) return;
    let targets: PollTarget[];
    try {
      targets = await deps.mailboxes.listActive();
    } catch (error) {
      log.error({ err: error }, 'could not read the IMAP mailboxes');
      return;
    }
    const wanted = new Map(targets.map((target) => [target.id, target]));
    for (const [id, worker] of workers) {
      if (wanted.get(id)?.settingsKey === worker.settingsKey) continue;
      await stopMailbox(id, worker);
    }
    for (const target of targets) {
      if (!running || workers.has(target.id)) continue;
      await startMailbox(target);
    }
  }

  function refresh(): Promise<void> {
    refreshing = refreshing.then(reconcile);
    return refreshing;
  }

  return {
    start() {
      if (running) return;
      running = true;
      void refresh();
      timer = setInterval(() => void refresh(), options.refreshMs);
    },
    async stop() {
      running = false;
      clearInterval(timer);
      await refreshing;
      const stopping = [...workers.entries()].map(([id, worker]) => stopMailbox(id, worker));
      await Promise.all(stopping);
    },
    refresh,
  };
}

type WorkerDeps = Omit<Deps, 'options' | 'locks'> & { options: ImapPollerOptions };

/** One mailbox: connect, catch up, IDLE (or poll), repeat; reconnect with back-off on any error. */
function startMailboxWorker(target: PollTarget, deps: WorkerDeps): { stop(): Promise<void> } {
  const { options, log } = deps;
  const state: SyncState = { uidValidity: target.uidValidity, lastUid: target.lastUid };
  const failures = new Map<number, { count: number; reason: string }>();
  // A session error clears itself once polling works again; a skipped message stays visible until replaced.
  let errorKind: 'session' | 'message' | null = target.lastError === null ? null : target.lastError.startsWith(SESSION_ERROR) ? 'session' : 'message';
  let stopping = false;
  let client: ImapFlow | null = null;
  let signalStop!: () => void;
  const stopped = new Promise<void>((resolve) => (signalStop = resolve));
  const wake = createWake();

  async function record(poll: { polledAt?: Date; lastError?: string | null }): Promise<void> {
    try {
      await deps.mailboxes.recordPoll(target.id, poll);
    } catch (error) {
      log.error({ err: error }, 'could not record the mailbox poll');
    }
  }

  async function run(): Promise<void> {
    if (target.password === null) {
      await record({ lastError: `${SESSION_ERROR} the stored password cannot be decrypted (was the application secret changed?): set the password again` });
      return stopped;
    }
    for (let attempt = 0; !stopping; ) {
      try {
        await runSession(target.password, () => (attempt = 0));
      } catch (error) {
        if (stopping) break;
        log.warn({ err: describeError(error), attempt }, 'IMAP session failed');
        errorKind = 'session';
        await record({ lastError: `${SESSION_ERROR} ${describeError(error)}` });
        await sleep(reconnectDelay(attempt++, options.backoff), stopped);
      }
    }
  }

  async function runSession(password: string, onOpened: () => void): Promise<void> {
    const current = new ImapFlow(clientOptions(target, password, options));
    client = current;
    current.on('error', (error: Error) => log.debug({ err: describeError(error) }, 'IMAP connection error'));
    current.on('close', () => wake.notify());
    current.on('exists', (event) => {
      if (event.count > event.prevCount) wake.notify();
    });
    try {
      log.debug({ host: target.host, port: target.port }, 'IMAP connecting');
      await current.connect();
      const session = createMailboxSession({
        client: current, target, store: deps.store, sync: deps.mailboxes, log, limits: options.limits, state, failures,
        reportSkipped: async (uid, reason) => {
          errorKind = 'message';
          await record({ lastError: `Message UID ${uid} skipped (flagged, moved to ${REJECTED_FOLDER} when possible): ${reason}` });
        },
      });
      await session.open();
      log.debug({ folder: target.folder, uidValidity: state.uidValidity, lastUid: state.lastUid, idle: current.capabilities.has('IDLE') }, 'IMAP folder open');
      onOpened();
      const idle = { usable: current.capabilities.has('IDLE') };
      while (!stopping) {
        wake.clear();
        await session.catchUp(() => stopping);
        await record({ polledAt: deps.clock.now(), ...(errorKind === 'session' ? { lastError: null } : {}) });
        if (errorKind === 'session') errorKind = null;
        if (stopping) break;
        await waitForNews(current, idle);
        if (!current.usable && !stopping) throw new Error('the server closed the connection');
      }
    } finally {
      client = null;
      await logout(current, options.stopGraceMs);
    }
  }

  /** Resolves when the folder may have changed: EXISTS during IDLE, the connection closing, a timer, or stop(). */
  async function waitForNews(current: ImapFlow, idle: { usable: boolean }): Promise<void> {
    if (wake.pending) return;
    if (!idle.usable) {
      await wake.wait(options.pollIntervalMs);
      if (!stopping && current.usable) await current.noop();
      return;
    }
    // The next command (the catch-up's search, or LOGOUT) ends this IDLE with DONE. An IDLE that
    // ends any other way wakes the loop; one refused or ending at once means this session polls
    // instead (no busy loop on a server that answers IDLE badly).
    let ending = false;
    const startedAt = Date.now();
    void current.idle().then(
      (result) => {
        if (ending) return;
        if (result === false || Date.now() - startedAt < 1_000) idle.usable = false;
        wake.notify();
      },
      () => wake.notify(),
    );
    await wake.wait(options.idleRestartMs);
    ending = true;
  }

  const done = run().catch((error: unknown) => log.error({ err: error }, 'IMAP mailbox worker crashed'));

  return {
    async stop() {
      stopping = true;
      signalStop();
      wake.notify();
      let graceful = false;
      await sleep(options.stopGraceMs * 2, done.then(() => (graceful = true)));
      if (!graceful) {
        log.warn('IMAP mailbox did not stop in time: closing its connection');
        client?.close();
        await done;
      }
      log.debug('IMAP mailbox stopped');
    },
  };
}

const SESSION_ERROR = 'Polling failed:';

function clientOptions(target: PollTarget, password: string, options: ImapPollerOptions): ImapFlowOptions {
  const security = transportSecurity(target);
  return {
    host: target.host,
    port: target.port,
    secure: security.secure,
    doSTARTTLS: security.doSTARTTLS,
    tls: { rejectUnauthorized: security.rejectUnauthorized, minVersion: 'TLSv1.2' },
    auth: { user: target.username, pass: password },
    clientInfo: { name: 'Postdesk' },
    logger: false,
    // The loop below decides when to IDLE; imapflow's automatic IDLE would race its commands.
    disableAutoIdle: true,
    connectionTimeout: options.connectTimeoutMs,
    // A server that announces a literal far above the size limit is broken or hostile: the
    // connection fails (and the message is eventually skipped) instead of buffering it.
    maxLiteralSize: options.limits.maxMessageBytes * 2,
    maxResponseSize: options.limits.maxMessageBytes * 2 + 1024 * 1024,
  };
}

async function logout(client: ImapFlow, graceMs: number): Promise<void> {
  if (client.usable) {
    await sleep(graceMs, client.logout().catch(() => undefined));
  }
  if (!client.isClosed) client.close();
}

/** Waits `ms`, or less when `until` settles first; the timer never outlives the wait. */
function sleep(ms: number, until: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const settle = () => {
      clearTimeout(timer);
      resolve();
    };
    until.then(settle, settle);
  });
}

/** A level-triggered wake-up: a notify() that comes while nobody waits is kept for the next wait(). */
function createWake() {
  let pending = false;
  let release: (() => void) | null = null;
  return {
    get pending() {
      return pending;
    },
    clear() {
      pending = false;
    },
    notify() {
      pending = true;
      release?.();
    },
    wait(ms: number): Promise<void> {
      if (pending) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(finish, ms);
        function finish() {
          clearTimeout(timer);
          release = null;
          resolve();
        }
        release = finish;
      });
    },
  };
}
