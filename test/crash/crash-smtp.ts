/**
 * Crash test of inbound email (issue 3 "Done means"): Postdesk runs as a child process
 * (`node --import tsx src/main.ts`, worker and smtp roles, a temp data dir) while a client
 * delivers N distinct messages over several persistent SMTP sessions and the server is killed
 * with SIGKILL several times at random moments, then restarted on the same data dir and port.
 * The client retries every message that was not answered 250 (connection lost, 4xx), with
 * back-off. Afterwards, with the last server left to drain:
 *   - every 250-acknowledged Message-ID exists exactly once in inbound_messages;
 *   - each became exactly one case (one inbound row → one case → one stored message);
 *   - every new case got exactly one confirmation at the relay (a sink in this process),
 *     addressed to the sender of its message.
 *
 * The store is SQLite in the data dir, or the empty PostgreSQL database `databaseUrl` names; either
 * way the checks read it through a connection of their own.
 *
 * Standalone: node --import tsx test/crash/crash-smtp.ts [--messages 2000] [--kills 5]
 *             [--connections 8] [--seed N] [--keep] [--database-url postgres://…]
 * test/inbound-crash.test.ts runs a smaller version inside `npm test`, on each test database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { encodeSmtpData, SmtpConnectionError, SmtpSession } from '../../bench/support/smtp-client.js';
import { freePort, startPostdeskChild, type SmtpChild } from '../../bench/support/smtp-children.js';
import { startSmtpSink, type SmtpSink } from '../smtp-sink.js';
import { seededRandom } from '../../src/kernel/seeded-random.js';
import type { DatabaseTarget } from '../../src/storage/db.js';
import { openDatabaseReader, type DatabaseReader } from '../database-reader.js';
import { readOutcome, readProgress } from './crash-store.js';

export type CrashOptions = {
  messages: number;
  kills: number;
  connections: number;
  seed: number;
  /** How long the last server may take to process everything and send every confirmation. */
  drainTimeoutMs: number;
  /** Keep the data dir for inspection. */
  keepDataDir?: boolean;
  /** An empty PostgreSQL database to store in (the first server migrates it); unset: SQLite in the data dir. */
  databaseUrl?: string;
  log?: (line: string) => void;
};

export type CrashReport = {
  options: Omit<CrashOptions, 'log'>;
  dataDir: string | null;
  figures: Record<string, number>;
  kills: { atMs: number; acknowledged: number; processed: number; restartMs: number }[];
  /** Everything that went wrong; empty means the test passed. */
  problems: string[];
  summary: string;
};

const DOMAIN = 'postdesk.test';


type Outgoing = { index: number; messageId: string; from: string; data: Buffer };

function makeMessage(seed: number, index: number): Outgoing {
  const messageId = `<crash-${seed}-${index}@client.example>`;
  const from = `customer.${seed}.${index}@example.org`;
  const subjects = ['Where is my parcel?', 'Package marked delivered but not here', 'Question about a mail hold', 'Refund for a damaged item'];
  const raw = [
    `From: Customer ${index} <${from}>`,
    `To: Support <support@${DOMAIN}>`,
    `Subject: ${subjects[index % subjects.length]} (#${index})`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Hello,',
    '',
    `this is message ${index} of the crash test. I sent a parcel two weeks ago and it has not arrived.`,
    'Could you tell me where it is?',
    '',
    'Thank you,',
    `Customer ${index}`,
    '',
  ].join('\r\n');
  return { index, messageId, from, data: encodeSmtpData(Buffer.from(raw, 'utf8')) };
}

export async function runCrashTest(options: CrashOptions): Promise<CrashReport> {
  const log = options.log ?? ((line: string) => process.stderr.write(`crash: ${line}\n`));
  const rand = seededRandom(options.seed);
  const problems: string[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-crash-'));
  const sink: SmtpSink = await startSmtpSink();
  const smtpPort = await freePort();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let server: SmtpChild | undefined;
  let reader: DatabaseReader | undefined;
  const target: DatabaseTarget = options.databaseUrl
    ? { kind: 'postgres', url: options.databaseUrl }
    : { kind: 'sqlite', file: path.join(dataDir, 'postdesk.sqlite') };

  const start = async () => {
    server = await startPostdeskChild({
      dataDir, smtpPort, relayUrl: sink.url, roles: 'worker,smtp', name: 'postdesk (crash test)',
      ...(options.databaseUrl ? { env: { POSTDESK_DATABASE_URL: options.databaseUrl } } : {}),
    });
    return server;
  };

  try {
    log(`seed ${options.seed}: ${options.messages} messages over ${options.connections} connections, ${options.kills} kills; `
      + `${target.kind}, data dir ${dataDir}`);
    await start();
    // Opened once the first server has created the store (the SQLite file).
    reader = openDatabaseReader(target);
    const db = reader.db;
    const processedCount = async () => (await readProgress(db)).finished;

    const messages = Array.from({ length: options.messages }, (_, i) => makeMessage(options.seed, i));
    // Client state: a queue of messages still to deliver, each with the time it may be tried again.
    const queue: { message: Outgoing; notBefore: number; attempt: number }[] = messages.map((message) => ({ message, notBefore: 0, attempt: 0 }));
    const acknowledged = new Map<string, string>(); // Message-ID → 250 reply text
    const refusedPermanently = new Map<string, string>();
    const stats = { attempts: 0, connectionLosses: 0, temporaryRefusals: 0, connectFailures: 0, duplicateReplies: 0 };
    const done = () => acknowledged.size + refusedPermanently.size >= messages.length;

    // Kill points: acknowledged counts spread at random over the delivery; with three kills or
    // more, the last one falls after the delivery, while processing and confirmations are running.
    const duringDrain = options.kills >= 3 ? 1 : 0;
    const killPoints = Array.from({ length: options.kills - duringDrain }, () => Math.floor((0.05 + 0.85 * rand()) * messages.length)).sort((a, b) => a - b);
    const kills: CrashReport['kills'] = [];

    const killAndRestart = async () => {
      const victim = server!;
      const acknowledgedAtKill = acknowledged.size;
      victim.kill('SIGKILL');
      await victim.exited;
      const processed = await processedCount();
      const atMs = elapsed();
      const restartStarted = performance.now();
      await start();
      const restartMs = Math.round(performance.now() - restartStarted);
      kills.push({ atMs, acknowledged: acknowledgedAtKill, processed, restartMs });
      log(`SIGKILL #${kills.length} at ${atMs} ms: ${acknowledgedAtKill} acknowledged, ${processed} processed; restarted in ${restartMs} ms`);
    };

    const killer = (async () => {
      for (const point of killPoints) {
        while (acknowledged.size < point && !done()) await delay(2);
        await delay(Math.floor(rand() * 150));
        await killAndRestart();
      }
    })();

    const worker = async (id: number) => {
      let session: SmtpSession | null = null;
      let connectBackoff = 20;
      while (!done()) {
        if (!session || session.closed) {
          session?.destroy();
          session = null;
          try {
            session = await SmtpSession.connect({ host: '127.0.0.1', port: smtpPort, name: `client-${id}.example`, replyTimeoutMs: 20_000 });
            connectBackoff = 20;
          } catch {
            stats.connectFailures += 1;
            await delay(connectBackoff);
            connectBackoff = Math.min(connectBackoff * 2, 500);
            continue;
          }
        }
        const now = performance.now();
        const at = queue.findIndex((item) => item.notBefore <= now);
        if (at === -1) {
          await delay(10);
          continue;
        }
        const [item] = queue.splice(at, 1);
        const { message } = item!;
        stats.attempts += 1;
        try {
          const reply = await session.send({ from: message.from, to: [`support@${DOMAIN}`] }, message.data);
          if (reply.code === 250) {
            acknowledged.set(message.messageId, reply.text);
            if (reply.text.includes('(duplicate)')) stats.duplicateReplies += 1;
          } else if (reply.code >= 400 && reply.code < 500) {
            stats.temporaryRefusals += 1;
            retry(item!);
          } else {
            refusedPermanently.set(message.messageId, `${reply.code} ${reply.text}`);
          }
        } catch (error) {
          if (!(error instanceof SmtpConnectionError)) throw error;
          // The outcome is unknown (it may have been stored): deliver it again, as an MTA would.
          stats.connectionLosses += 1;
          retry(item!);
          session.destroy();
          session = null;
        }
      }
      await session?.quit();
      session?.destroy();
    };
    const retry = (item: (typeof queue)[number]) => {
      item.attempt += 1;
      item.notBefore = performance.now() + Math.min(25 * 2 ** item.attempt, 2_000) * (0.5 + rand());
      queue.push(item);
    };

    await Promise.all(Array.from({ length: options.connections }, (_, i) => worker(i)));
    const deliveredMs = elapsed();
    await killer;
    log(`delivery done at ${deliveredMs} ms: ${acknowledged.size} acknowledged after ${stats.attempts} attempts`);
    if (duringDrain) {
      await delay(Math.floor(rand() * 300));
      await killAndRestart();
    }

    // Drain: everything processed, no job left, a confirmation for every new case.
    const drainStarted = performance.now();
    let drained = false;
    while (performance.now() - drainStarted < options.drainTimeoutMs) {
      const { inbound, finished, openJobs, cases } = await readProgress(db);
      const confirmed = new Set(sink.messages.map((m) => m.headers.get('x-postdesk-case'))).size;
      if (inbound >= acknowledged.size && finished === inbound && openJobs === 0 && confirmed >= cases) {
        drained = true;
        break;
      }
      await delay(100);
    }
    const drainMs = Math.round(performance.now() - drainStarted);
    if (!drained) problems.push(`not drained within ${options.drainTimeoutMs} ms`);
    // A late duplicate would arrive now, if at all.
    await delay(1_500);
    await server?.stop();
    log(`drained in ${drainMs} ms after the last restart; checking`);

    // ---- Checks ----
    const outcome = await readOutcome(db);
    const rows = outcome.inbound;
    const byMessageId = new Map<string, typeof rows>();
    for (const row of rows) {
      const key = row.messageIdHeader ?? `(none) ${row.id}`;
      byMessageId.set(key, [...(byMessageId.get(key) ?? []), row]);
    }
    const known = new Set(messages.map((m) => m.messageId));
    for (const [messageId, found] of byMessageId) {
      if (!known.has(messageId)) problems.push(`an inbound row nobody sent: ${messageId}`);
      else if (found.length > 1) problems.push(`${messageId} is stored ${found.length} times`);
    }
    for (const [messageId, reply] of refusedPermanently) problems.push(`${messageId} was refused permanently: ${reply}`);
    const senderOf = new Map(messages.map((m) => [m.messageId, m.from]));
    const caseOfMessage = new Map<string, string>();
    for (const messageId of acknowledged.keys()) {
      const found = byMessageId.get(messageId);
      if (!found) {
        problems.push(`${messageId} was acknowledged with 250 but is not stored`);
        continue;
      }
      const row = found[0]!;
      const kind = row.outcomeKind;
      if (row.status !== 'processed' || kind !== 'new-case' || !row.caseId) {
        problems.push(`${messageId} ended ${row.status}/${kind ?? '-'} instead of processed/new-case`);
        continue;
      }
      caseOfMessage.set(messageId, row.caseId);
    }
    const caseIds = [...caseOfMessage.values()];
    if (new Set(caseIds).size !== caseIds.length) problems.push(`${caseIds.length - new Set(caseIds).size} messages share a case with another`);
    const numberOf = outcome.caseNumbers;
    const totalCases = numberOf.size;
    if (totalCases !== caseIds.length) problems.push(`${totalCases} cases exist for ${caseIds.length} messages`);
    for (const m of outcome.repeatedMessages) problems.push(`inbound ${m.inboundId} was stored as ${m.count} case messages`);
    for (const c of outcome.repeatedConfirmations) problems.push(`case ${c.caseId} has ${c.count} confirmations queued`);
    for (const job of outcome.deadJobs) problems.push(`dead job ${job.type}: ${job.lastError}`);

    // Confirmations at the sink, by case number and recipient.
    const delivered = new Map<string, { to: string[]; messageId: string }[]>();
    let unlabelled = 0;
    for (const mail of sink.messages) {
      const number = mail.headers.get('x-postdesk-case');
      if (!number) {
        unlabelled += 1;
        continue;
      }
      delivered.set(number, [...(delivered.get(number) ?? []), { to: mail.to, messageId: mail.headers.get('message-id') ?? '?' }]);
    }
    let missing = 0;
    let duplicated = 0;
    let sameMessageIdRedeliveries = 0;
    for (const [messageId, caseId] of caseOfMessage) {
      const number = numberOf.get(caseId)!;
      const got = delivered.get(number) ?? [];
      if (got.length === 0) {
        missing += 1;
        problems.push(`case ${number} (${messageId}) got no confirmation`);
        continue;
      }
      if (got.length > 1) {
        duplicated += 1;
        const distinct = new Set(got.map((g) => g.messageId)).size;
        // SMTP has no exactly-once: a kill between the relay's 250 and the commit of "sent" sends
        // the same message again after the lease expires. It is one confirmation (one Message-ID,
        // which receiving systems deduplicate); two different Message-IDs would be two.
        if (distinct === 1) sameMessageIdRedeliveries += 1;
        else problems.push(`case ${number} (${messageId}) got ${distinct} different confirmations`);
      }
      const sender = senderOf.get(messageId)!;
      for (const g of got) if (g.to.join(',') !== sender) problems.push(`confirmation of ${number} went to ${g.to.join(',')}, not ${sender}`);
    }
    const strays = [...delivered.keys()].filter((number) => ![...numberOf.values()].includes(number));
    for (const number of strays) problems.push(`a confirmation for unknown case ${number}`);
    if (unlabelled > 0) problems.push(`${unlabelled} mails at the sink without X-Postdesk-Case`);

    const figures = {
      messages: messages.length,
      acknowledged: acknowledged.size,
      attempts: stats.attempts,
      retriesAfterConnectionLoss: stats.connectionLosses,
      retriesAfter4xx: stats.temporaryRefusals,
      duplicateReplies: stats.duplicateReplies,
      connectFailures: stats.connectFailures,
      kills: kills.length,
      inboundRows: rows.length,
      cases: totalCases,
      confirmationsAtSink: sink.messages.length,
      casesWithoutConfirmation: missing,
      casesWithDuplicateConfirmation: duplicated,
      sameMessageIdRedeliveries,
      deliveryMs: deliveredMs,
      drainMs,
      totalMs: elapsed(),
    };
    const summary = [
      `seed ${options.seed}: ${figures.acknowledged}/${figures.messages} acknowledged after ${figures.attempts} attempts `
        + `(${figures.retriesAfterConnectionLoss} retried after a lost connection, ${figures.retriesAfter4xx} after a 4xx, ${figures.duplicateReplies} answered "(duplicate)")`,
      `${figures.kills} SIGKILLs: ${kills.map((k) => `at ${k.atMs} ms (${k.acknowledged} acked, ${k.processed} processed, back in ${k.restartMs} ms)`).join('; ')}`,
      `${figures.inboundRows} inbound rows, ${figures.cases} cases, ${figures.confirmationsAtSink} confirmations at the sink `
        + `(${missing} cases without, ${duplicated} with more than one, ${sameMessageIdRedeliveries} of those the same Message-ID resent)`,
      `delivery ${deliveredMs} ms, drain after the last restart ${drainMs} ms, total ${figures.totalMs} ms`,
      problems.length === 0 ? 'PASS' : `FAIL: ${problems.length} problem(s):\n  ${problems.slice(0, 50).join('\n  ')}`,
    ].join('\n');
    return { options: { ...options, log: undefined } as Omit<CrashOptions, 'log'>, dataDir: options.keepDataDir ? dataDir : null, figures, kills, problems, summary };
  } finally {
    await reader?.close();
    await server?.stop(2_000);
    await sink.close();
    if (!options.keepDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function argText(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

function argValue(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number`);
  return value;
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly) {
  const report = await runCrashTest({
    messages: argValue('messages', 2_000),
    kills: argValue('kills', 5),
    connections: argValue('connections', 8),
    seed: argValue('seed', Math.floor(Math.random() * 1e9)),
    drainTimeoutMs: argValue('drain-timeout-ms', 180_000),
    keepDataDir: process.argv.includes('--keep'),
    databaseUrl: argText('database-url'),
  });
  process.stdout.write(`${report.summary}\n`);
  if (report.dataDir) process.stdout.write(`data dir kept: ${report.dataDir}\n`);
  process.exit(report.problems.length === 0 ? 0 : 1);
}
