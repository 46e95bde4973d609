/**
 * Web forms while the server is SIGKILLed (issue 2: a 201 with a case number means the case is
 * stored). Postdesk runs as `npm start` runs it (web, worker and smtp roles, SQLite in a temp data
 * dir, the worker role on its own thread) while 24 clients post forms back to back, so that many
 * arrive together and share a transaction (storage/batched-transactions.ts); the server is killed
 * twice at random moments and restarted on the same data dir and ports. Afterwards:
 *   - every case number answered 201 is stored, with the customer who submitted it;
 *   - every stored case (including those whose answer the kill swallowed) got exactly one
 *     confirmation at the relay (a resend of the same Message-ID after a kill counts once).
 * A form whose request died with the server is not retried: the form has no idempotency key, so
 * the customer would see an error and may submit again, which is a new case.
 * CRASH_SEED replays a run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startPostdeskChild, type SmtpChild } from '../bench/support/smtp-children.js';
import { seededRandom } from '../src/kernel/seeded-random.js';
import { openDatabaseReader, type DatabaseReader } from './database-reader.js';
import { DEFAULT_TOPIC_SLUGS, validForm } from './factories.js';
import { testDatabaseKind } from './postgres-databases.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';
import { waitFor } from './test-app.js';

const onSqlite = testDatabaseKind() === 'sqlite';
if (!onSqlite) console.warn('web-crash.test.ts: SQLite\'s batched durable transactions under SIGKILL; runs in the "sqlite" project');

const FORMS = 600;
const CLIENTS = 24;
const KILLS = 2;

let sink: SmtpSink | undefined;
let server: SmtpChild | undefined;
let reader: DatabaseReader | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await reader?.close();
  await server?.stop(2_000);
  await sink?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  reader = server = sink = dataDir = undefined;
});

describe.skipIf(!onSqlite)('web cases survive SIGKILL', () => {
  it('stores every case answered 201 with its customer, and confirms every stored case once', async () => {
    const seed = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : Math.floor(Math.random() * 1e9);
    const random = seededRandom(seed);
    sink = await startSmtpSink();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-web-crash-'));
    const httpPort = await freePort();
    const smtpPort = await freePort();
    const start = () => startPostdeskChild({
      dataDir: dataDir!, smtpPort, relayUrl: sink!.url, roles: 'web,worker,smtp', name: 'postdesk (web crash test)',
      env: { POSTDESK_HTTP_PORT: String(httpPort) },
    });
    server = await start();

    // Clients wait here while the server is down instead of spending the forms on refused connections.
    let serverUp: Promise<void> = Promise.resolve();
    const answered: { caseNumber: string; email: string }[] = [];
    const lost: string[] = [];
    const otherAnswers: string[] = [];
    let next = 0;
    const client = async () => {
      while (next < FORMS) {
        const i = next++;
        const email = `web.crash.${seed}.${i}@example.org`;
        const form = validForm(DEFAULT_TOPIC_SLUGS[i % DEFAULT_TOPIC_SLUGS.length], { email });
        try {
          const response = await fetch(`http://127.0.0.1:${httpPort}/api/v1/cases`, {
            method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(form),
          });
          const body = await response.text();
          if (response.status === 201) answered.push({ caseNumber: (JSON.parse(body) as { caseNumber: string }).caseNumber, email });
          else otherAnswers.push(`${response.status} ${body}`);
        } catch {
          lost.push(email);
          await serverUp;
        }
      }
    };
    const killer = async () => {
      for (let kill = 0; kill < KILLS; kill++) {
        const target = answered.length + 60 + Math.floor(random() * 120);
        await waitFor(() => answered.length >= target || next >= FORMS, 60_000);
        let restarted!: () => void;
        serverUp = new Promise((resolve) => (restarted = resolve));
        server!.kill('SIGKILL');
        await server!.exited;
        server = await start();
        restarted();
      }
    };
    await Promise.all([killer(), ...Array.from({ length: CLIENTS }, client)]);

    expect(otherAnswers).toEqual([]);
    expect(answered.length + lost.length).toBe(FORMS);
    // Each kill found requests in flight: otherwise this test would not test anything.
    expect(lost.length).toBeGreaterThanOrEqual(KILLS);
    expect(new Set(answered.map((a) => a.caseNumber)).size).toBe(answered.length);

    reader = openDatabaseReader({ kind: 'sqlite', file: path.join(dataDir, 'postdesk.sqlite') });
    const stored = await reader.db
      .selectFrom('cases')
      .innerJoin('customers', 'customers.id', 'cases.customer_id')
      .select(['cases.number', 'customers.email'])
      .execute();
    const emailOf = new Map(stored.map((row) => [row.number, row.email]));
    const missing = answered.filter((a) => emailOf.get(a.caseNumber) !== a.email);
    expect(missing, `answered 201 but not stored as such (seed ${seed})`).toEqual([]);
    // A request the kill cut off may or may not have been stored, never more than once.
    expect(stored.length).toBeGreaterThanOrEqual(answered.length);
    expect(stored.length).toBeLessThanOrEqual(FORMS);

    const messageIdsByCase = new Map<string, Set<string>>();
    await waitFor(() => {
      messageIdsByCase.clear();
      for (const mail of sink!.messages) {
        const caseNumber = mail.headers.get('x-postdesk-case') ?? '';
        const ids = messageIdsByCase.get(caseNumber) ?? new Set<string>();
        ids.add(mail.headers.get('message-id') ?? '');
        messageIdsByCase.set(caseNumber, ids);
      }
      return stored.every((row) => messageIdsByCase.has(row.number));
    }, 90_000);
    const confirmedTwice = [...messageIdsByCase].filter(([, ids]) => ids.size > 1).map(([caseNumber]) => caseNumber);
    expect(confirmedTwice, `cases confirmed by more than one mail (seed ${seed})`).toEqual([]);
    expect([...messageIdsByCase.keys()].filter((caseNumber) => !emailOf.has(caseNumber))).toEqual([]);
  }, 240_000);
});
