import type { ImapFlow } from 'imapflow';
import type { Logger } from '../../kernel/log.js';
import type { InboundStore } from './inbound-store.js';
import type { MailboxSyncStore, PollTarget } from './mailboxes.service.js';
import { chunk, describeError, formatBytes, newUids, REJECTED_FOLDER, resumePoint, type SyncState } from './imap-rules.js';

export type SyncLimits = {
  maxMessageBytes: number;
  /** UIDs whose sizes are fetched per round trip. */
  batchSize: number;
  /** Failed downloads of one message (across reconnects) before it is skipped. */
  maxDownloadAttempts: number;
};

export type SessionDeps = {
  client: ImapFlow;
  target: PollTarget;
  store: InboundStore;
  sync: MailboxSyncStore;
  log: Logger;
  limits: SyncLimits;
  /** The resume point; kept by the caller across reconnects and advanced here after each message. */
  state: SyncState;
  /** Download failures per UID; kept by the caller so a message that kills the connection is skipped in the end. */
  failures: Map<number, { count: number; reason: string }>;
  /** A skipped message, for the admin to see on the mailbox. */
  reportSkipped(uid: number, reason: string): Promise<void>;
};

/**
 * One connection's work on one folder. `open` selects the folder and settles the resume point;
 * `catchUp` takes every message above it, oldest first: UIDs and sizes are listed first and each
 * message is then downloaded with its own command, so nothing is sent to the server while a
 * FETCH response is being read (imapflow deadlocks on commands issued inside a fetch() loop).
 * Per message: store durably, advance the resume point, then flag \Seen (and move). A message
 * over the size limit, or one whose download failed `maxDownloadAttempts` times, is skipped:
 * reported on the mailbox, flagged \Seen \Flagged and moved to Postdesk-Rejected.
 */
export function createMailboxSession(deps: SessionDeps) {
  const { client, target, log, limits, state } = deps;
  const range = (uid: number) => String(uid);

  async function open(): Promise<void> {
    // The lock is held for the whole connection (released when it closes): this session is the folder's only user.
    await client.getMailboxLock(target.folder);
    const serverUidValidity = currentUidValidity();
    const resume = resumePoint(state, serverUidValidity);
    if (resume.reset) {
      log.warn({ stored: state.uidValidity, server: serverUidValidity }, 'UIDVALIDITY changed: reading the folder again; duplicates are dropped by Message-ID');
    }
    if (state.uidValidity !== serverUidValidity || state.lastUid !== resume.lastUid) {
      state.uidValidity = serverUidValidity;
      state.lastUid = resume.lastUid;
      await deps.sync.saveSyncState(target.id, { folder: target.folder, uidValidity: serverUidValidity, lastUid: resume.lastUid });
    }
    if (target.processedFolder) await ensureFolder(target.processedFolder);
  }

  async function catchUp(isStopping: () => boolean): Promise<void> {
    const found = await client.search({ uid: `${state.lastUid + 1}:*` }, { uid: true });
    if (!Array.isArray(found)) throw new Error('the server refused UID SEARCH');
    for (const batch of chunk(newUids(found, state.lastUid), limits.batchSize)) {
      if (isStopping()) return;
      const listed = await client.fetchAll(batch.join(','), { uid: true, size: true }, { uid: true });
      const sizes = new Map(listed.map((message) => [message.uid, message.size ?? 0]));
      for (const uid of batch) {
        if (isStopping()) return;
        if (currentUidValidity() !== state.uidValidity) throw new Error('UIDVALIDITY changed during the session');
        const size = sizes.get(uid);
        // A UID that is no longer listed was expunged meanwhile: nothing to take.
        const outcome = size === undefined ? 'gone' : await takeMessage(uid, size);
        // The resume point moves as soon as the message is durable (or given up on), before the
        // server is told: a message whose flagging kills the connection cannot block the folder,
        // and a crash before this line only means a re-download that the inbound store drops.
        state.lastUid = uid;
        await deps.sync.saveSyncState(target.id, { folder: target.folder, uidValidity: state.uidValidity!, lastUid: uid });
        deps.failures.delete(uid);
        if (outcome === 'stored') await markProcessed(uid);
        else if (outcome !== 'gone') await moveAside(uid, outcome.skipped);
      }
    }
  }

  type Outcome = 'stored' | 'gone' | { skipped: string };

  async function takeMessage(uid: number, size: number): Promise<Outcome> {
    if (size > limits.maxMessageBytes) return { skipped: `${formatBytes(size)} is over the ${formatBytes(limits.maxMessageBytes)} limit` };
    const failed = deps.failures.get(uid);
    if (failed && failed.count >= limits.maxDownloadAttempts) return { skipped: `download failed ${failed.count} times: ${failed.reason}` };
    let raw: Buffer | null;
    try {
      raw = await download(uid);
    } catch (error) {
      deps.failures.set(uid, { count: (failed?.count ?? 0) + 1, reason: describeError(error) });
      // A dead connection is the caller's to reconnect; the count survives, so a message that
      // keeps killing the connection is skipped after maxDownloadAttempts.
      if (!client.usable) throw error;
      return takeMessage(uid, size);
    }
    deps.failures.delete(uid);
    if (raw === null) return 'gone';
    if (raw.byteLength > limits.maxMessageBytes) return { skipped: `${formatBytes(raw.byteLength)} is over the ${formatBytes(limits.maxMessageBytes)} limit` };
    // Durable once this resolves. A failure here (the database) is not the message's fault, so it
    // propagates: the caller backs off and the message is taken again.
    await deps.store.store(raw, { source: 'imap', mailboxId: target.id, mailFrom: null, rcptTo: [] });
    return 'stored';
  }

  async function download(uid: number): Promise<Buffer | null> {
    const message = await client.fetchOne(range(uid), { uid: true, source: true }, { uid: true });
    if (message === false) return null;
    if (!message.source) throw new Error('the server returned no message source');
    return message.source;
  }

  /** \Seen, then the processed folder when there is one. Best effort: the message is stored already. */
  async function markProcessed(uid: number): Promise<void> {
    await tellServer(uid, ['\\Seen'], target.processedFolder);
  }

  /** A skipped message is reported on the mailbox, flagged and moved aside for an operator. */
  async function moveAside(uid: number, reason: string): Promise<void> {
    log.warn({ uid, reason }, 'IMAP message skipped');
    await deps.reportSkipped(uid, reason);
    await tellServer(uid, ['\\Seen', '\\Flagged'], REJECTED_FOLDER);
  }

  async function tellServer(uid: number, flags: string[], moveTo: string | null): Promise<void> {
    try {
      await client.messageFlagsAdd(range(uid), flags, { uid: true });
      if (moveTo) {
        if (moveTo === REJECTED_FOLDER) await ensureFolder(moveTo);
        const moved = await client.messageMove(range(uid), moveTo, { uid: true });
        if (moved === false) throw new Error(`could not move the message to ${moveTo}`);
      }
    } catch (error) {
      if (!client.usable) throw error;
      log.warn({ uid, err: describeError(error) }, 'message could not be flagged or moved on the server');
    }
  }

  async function ensureFolder(path: string): Promise<void> {
    try {
      await client.mailboxCreate(path); // resolves with created: false when it exists (RFC 5530 ALREADYEXISTS)
    } catch (error) {
      if (!client.usable) throw error;
      // Some servers answer a plain NO for an existing folder; a truly missing one shows up when moving.
      log.debug({ folder: path, err: describeError(error) }, 'folder not created');
    }
  }

  function currentUidValidity(): string {
    if (!client.mailbox) throw new Error(`folder ${target.folder} is not selected`);
    return client.mailbox.uidValidity.toString();
  }

  return { open, catchUp };
}
