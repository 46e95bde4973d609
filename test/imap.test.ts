import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapPollerOptions } from '../src/modules/email-in/imap-poller.js';
import { REJECTED_FOLDER } from '../src/modules/email-in/imap-rules.js';
import { readMessageIdHeader } from '../src/modules/email-in/inbound-store.js';
import { startImapRole } from '../src/roles/imap.js';
import { createDnsFixture } from './dns-fixture.js';
import { DEFAULT_TOPIC_SLUGS } from './factories.js';
import { hasDovecot, NO_DOVECOT_MESSAGE, startDovecot, type DovecotServer } from './dovecot.js';
import { createTestApp, signIn, waitFor, type TestApp } from './test-app.js';

type Mailbox = { id: string; folder: string; processedFolder: string | null; uidValidity: string | null; lastUid: number; lastError: string | null; lastPolledAt: string | null };
type CaseSummary = { caseNumber: string; subject: string; topic: string; channel: string; customer: { email: string } };
type InboundRow = { id: string; source: string; messageId: string | null; status: string; caseId: string | null };
type Download = { messageId: string | null; duplicate: boolean; size: number };

/** Short timers so a test sees reconnects and list changes quickly; polling is slow on purpose, so only IDLE explains fast pick-up. */
const POLLER: Partial<ImapPollerOptions> = {
  refreshMs: 200,
  pollIntervalMs: 60_000,
  idleRestartMs: 60_000,
  backoff: { baseMs: 100, maxMs: 500 },
  stopGraceMs: 2_000,
};

const FOLDER = 'Support';

if (!hasDovecot) console.warn(NO_DOVECOT_MESSAGE);

function message(n: number, extra: { subject?: string; body?: string } = {}): string {
  return [
    `From: Customer ${n} <customer${n}@example.org>`,
    'To: Support <support@postdesk.test>',
    `Subject: ${extra.subject ?? `Parcel ${n} never arrived`}`,
    `Message-ID: <imap-${n}@example.org>`,
    'Date: Tue, 04 Nov 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    extra.body ?? `Hello, my parcel number ${n} has not arrived yet. Can you help?`,
    '',
  ].join('\r\n');
}

// The first processed message warms triage up (several seconds on a busy 2-core machine): generous timeouts.
describe.skipIf(!hasDovecot)(`IMAP poller against a real Dovecot${hasDovecot ? '' : ` (${NO_DOVECOT_MESSAGE})`}`, { timeout: 60_000 }, () => {
  let dovecot: DovecotServer;
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let role: { stop(): Promise<void> } | null = null;
  let mailboxId = '';
  const downloads: Download[] = [];

  beforeAll(async () => {
    dovecot = await startDovecot();
    t = await createTestApp({ env: { POSTDESK_SMTP_PORT: '0' }, options: { dnsResolver: createDnsFixture().resolver } });
    admin = await signIn(t.app);
    // Every message the poller hands to the inbound store, duplicates included: proves what was downloaded.
    const store = t.container.inboundStore;
    const realStore = store.store.bind(store);
    store.store = async (raw, envelope) => {
      const result = await realStore(raw, envelope);
      downloads.push({ messageId: readMessageIdHeader(raw), duplicate: result.duplicate, size: raw.byteLength });
      return result;
    };
    role = startImapRole(t.container, POLLER);
  });

  afterAll(async () => {
    await role?.stop();
    await t?.close({ removeData: true });
    await dovecot?.stop();
  });

  const downloadsOf = (n: number) => downloads.filter((d) => d.messageId === `<imap-${n}@example.org>`);

  async function getMailbox(): Promise<Mailbox> {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/admin/mailboxes', headers: admin });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ mailboxes: Mailbox[] }>().mailboxes.find((m) => m.id === mailboxId)!;
  }

  async function patchMailbox(payload: Record<string, unknown>): Promise<Mailbox> {
    const response = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/mailboxes/${mailboxId}`, headers: admin, payload });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ mailbox: Mailbox }>().mailbox;
  }

  async function inboundFromImap(): Promise<InboundRow[]> {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/admin/inbound?limit=500', headers: admin });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ inbound: InboundRow[] }>().inbound.filter((row) => row.source === 'imap');
  }

  async function casesFor(n: number): Promise<CaseSummary[]> {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/cases?limit=200', headers: admin });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ cases: CaseSummary[] }>().cases.filter((c) => c.customer.email === `customer${n}@example.org`);
  }

  /** Waits until message n became exactly one case (processing runs as a job after the store). */
  async function expectOneCase(n: number): Promise<CaseSummary> {
    const [found] = await waitFor(async () => {
      const cases = await casesFor(n);
      return cases.length > 0 ? cases : undefined;
    }, 30_000);
    expect(await casesFor(n)).toHaveLength(1);
    return found!;
  }

  async function restartPoller(options: Partial<ImapPollerOptions> = {}): Promise<void> {
    await role?.stop();
    role = startImapRole(t.container, { ...POLLER, ...options });
  }

  it('creates the mailbox through the admin API; the password is encrypted at rest and never shown', async () => {
    const response = await t.app.inject({
      method: 'POST', url: '/api/v1/admin/mailboxes', headers: admin,
      payload: { name: 'Dovecot', host: dovecot.host, port: dovecot.port, tls: false, username: dovecot.user, password: dovecot.password, folder: FOLDER },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.body).not.toContain(dovecot.password);
    mailboxId = response.json<{ mailbox: Mailbox }>().mailbox.id;

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/admin/mailboxes', headers: admin });
    expect(list.body).not.toContain(dovecot.password);
    const row = await t.container.database.db.selectFrom('mailboxes').selectAll().where('id', '=', mailboxId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(dovecot.password);
    expect(row.password_encrypted).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('takes three messages into three cases and flags them \\Seen', async () => {
    for (const n of [1, 2, 3]) await dovecot.append(FOLDER, message(n));

    const rows = await waitFor(async () => {
      const found = await inboundFromImap();
      return found.length >= 3 ? found : undefined;
    }, 10_000);
    expect(rows.map((r) => r.messageId).sort()).toEqual(['<imap-1@example.org>', '<imap-2@example.org>', '<imap-3@example.org>']);

    for (const n of [1, 2, 3]) {
      const found = await expectOneCase(n);
      // The topic is triage's call (general-question until triage decides otherwise).
      expect(found).toMatchObject({ subject: `Parcel ${n} never arrived`, channel: 'email' });
      expect(DEFAULT_TOPIC_SLUGS).toContain(found.topic);
    }
    const onServer = await dovecot.list(FOLDER);
    expect(onServer).toHaveLength(3);
    for (const m of onServer) expect(m.flags).toContain('\\Seen');

    const mailbox = await waitFor(async () => {
      const current = await getMailbox();
      return current.lastUid === 3 ? current : undefined;
    });
    expect(mailbox).toMatchObject({ lastError: null, uidValidity: expect.stringMatching(/^\d+$/) });
    expect(mailbox.lastPolledAt).not.toBeNull();
  });

  it('resumes from the stored UID after a restart: nothing is downloaded twice', async () => {
    await restartPoller();
    await dovecot.append(FOLDER, message(4));
    await expectOneCase(4);
    for (const n of [1, 2, 3, 4]) expect(downloadsOf(n), `message ${n}`).toHaveLength(1);
    expect(downloads.every((d) => !d.duplicate)).toBe(true);
    expect((await getMailbox()).lastUid).toBe(4);
  });

  it('skips an oversized message (flagged, moved aside, reported) and takes the messages around it', async () => {
    const big = message(5, { subject: 'Huge scan', body: `${'A'.repeat(998)}\r\n`.repeat(27 * 1024) });
    expect(Buffer.byteLength(big)).toBeGreaterThan(25 * 1024 * 1024);
    await dovecot.append(FOLDER, message(6));
    const bigUid = await dovecot.append(FOLDER, big);
    await dovecot.append(FOLDER, message(7));

    await expectOneCase(6);
    await expectOneCase(7);
    expect(downloadsOf(5)).toHaveLength(0);
    expect(await casesFor(5)).toHaveLength(0);

    const mailbox = await waitFor(async () => {
      const current = await getMailbox();
      return current.lastError?.includes(`UID ${bigUid}`) ? current : undefined;
    });
    expect(mailbox.lastError).toContain('over the 25.0 MB limit');
    const rejected = await dovecot.list(REJECTED_FOLDER);
    expect(rejected.map((m) => m.messageId)).toEqual(['<imap-5@example.org>']);
    expect(rejected[0]!.flags).toEqual(expect.arrayContaining(['\\Seen', '\\Flagged']));
    expect((await dovecot.list(FOLDER)).map((m) => m.messageId)).not.toContain('<imap-5@example.org>');
  });

  it('skips a message whose download keeps failing (3 attempts across reconnects) and takes the ones around it', async () => {
    // Stopped while the messages are prepared, so the broken one is broken before the first download.
    await role?.stop();
    await dovecot.append(FOLDER, message(21));
    const brokenUid = await dovecot.append(FOLDER, message(22));
    await dovecot.append(FOLDER, message(23));
    dovecot.makeUnreadable(FOLDER, '<imap-22@example.org>');
    role = startImapRole(t.container, POLLER);

    await expectOneCase(21);
    await expectOneCase(23);
    expect(downloadsOf(22)).toHaveLength(0);
    const mailbox = await waitFor(async () => {
      const current = await getMailbox();
      return current.lastError?.includes(`UID ${brokenUid}`) ? current : undefined;
    }, 10_000);
    expect(mailbox.lastError).toContain('download failed 3 times');
    const rejected = await dovecot.list(REJECTED_FOLDER);
    expect(rejected.map((m) => m.messageId)).toEqual(['<imap-5@example.org>', '<imap-22@example.org>']);
    expect(rejected[1]!.flags).toEqual(expect.arrayContaining(['\\Seen', '\\Flagged']));
  });

  it('moves processed mail once a processed folder is set through the API (no restart)', async () => {
    await patchMailbox({ processedFolder: 'Processed' });
    // The poller re-reads the list every refreshMs and reconnects with the new settings.
    await waitFor(async () => (await dovecot.withClient(async (c) => (await c.list()).some((f) => f.path === 'Processed'))) || undefined, 5_000);
    await dovecot.append(FOLDER, message(8));
    await expectOneCase(8);
    const processed = await waitFor(async () => {
      const list = await dovecot.list('Processed');
      return list.length === 1 ? list : undefined;
    });
    expect(processed[0]).toEqual({ uid: 1, messageId: '<imap-8@example.org>', flags: ['\\Seen'] });
    expect((await dovecot.list(FOLDER)).map((m) => m.messageId)).not.toContain('<imap-8@example.org>');
    expect(downloadsOf(8)).toHaveLength(1);
  });

  it('reads the folder again after a UIDVALIDITY change and duplicates nothing (Message-ID dedupe)', async () => {
    const before = await getMailbox();
    const kept = (await dovecot.list(FOLDER)).map((m) => m.messageId);
    const keptNumbers = [1, 2, 3, 4, 6, 7, 21, 23];
    expect(kept).toEqual(keptNumbers.map((n) => `<imap-${n}@example.org>`));
    const downloadsBefore = downloads.length;
    const inboundBefore = (await inboundFromImap()).length;

    // The folder is deleted under the connected poller and recreated with the same messages plus a
    // new one. Dovecot says nothing to a session idling in a deleted folder: the poller notices at
    // its next IDLE restart, made short here.
    await restartPoller({ idleRestartMs: 1_000 });
    await dovecot.withClient((c) => c.mailboxDelete(FOLDER));
    for (const n of [...keptNumbers, 9]) await dovecot.append(FOLDER, message(n));

    await expectOneCase(9);
    const after = await waitFor(async () => {
      const current = await getMailbox();
      return current.uidValidity !== before.uidValidity && current.lastUid === keptNumbers.length + 1 ? current : undefined;
    }, 10_000);
    expect(after.uidValidity).not.toBe(before.uidValidity);

    const again = downloads.slice(downloadsBefore);
    expect(again.filter((d) => !d.duplicate).map((d) => d.messageId)).toEqual(['<imap-9@example.org>']);
    expect((await inboundFromImap()).length).toBe(inboundBefore + 1);
    for (const n of [...keptNumbers, 9]) expect(await casesFor(n), `customer ${n}`).toHaveLength(1);
  });

  it('picks up a message that arrives while the poller idles within seconds (IDLE, not polling)', async () => {
    const polledBefore = (await getMailbox()).lastPolledAt;
    await restartPoller(); // back to a 60 s IDLE restart and 60 s polling: only IDLE can be fast
    await waitFor(async () => (await getMailbox()).lastPolledAt !== polledBefore); // caught up, now idling
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    await dovecot.append(FOLDER, message(10));
    await waitFor(() => downloadsOf(10).length === 1, 5_000);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(3_000);
    await expectOneCase(10);
  });

  it('stops cleanly: every session logged out, nothing taken after stop', async () => {
    await role?.stop();
    role = null;
    const log = await waitFor(() => {
      const text = dovecot.readLog();
      const logins = text.match(/imap-login: Info: Login: user=<postdesk>/g)?.length ?? 0;
      const ends = text.match(/imap\(postdesk\).*Disconnected.*/g) ?? [];
      return logins === ends.length ? ends : undefined;
    });
    expect(log.at(-1)).toContain('Logged out');
    await dovecot.append(FOLDER, message(11));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(downloadsOf(11)).toHaveLength(0);
  });
});

describe.skipIf(!hasDovecot)(`IMAP poller, server without IDLE${hasDovecot ? '' : ` (${NO_DOVECOT_MESSAGE})`}`, { timeout: 30_000 }, () => {
  let dovecot: DovecotServer;
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let role: { stop(): Promise<void> } | null = null;
  const stored: (string | null)[] = [];

  beforeAll(async () => {
    dovecot = await startDovecot({ withoutIdle: true });
    // No job worker: this suite is about what reaches the inbound store.
    t = await createTestApp({ env: { POSTDESK_SMTP_PORT: '0' }, worker: false });
    admin = await signIn(t.app);
    const store = t.container.inboundStore;
    const realStore = store.store.bind(store);
    store.store = async (raw, envelope) => {
      stored.push(readMessageIdHeader(raw));
      return realStore(raw, envelope);
    };
    role = startImapRole(t.container, { ...POLLER, pollIntervalMs: 300 });
  });

  afterAll(async () => {
    await role?.stop();
    await t?.close({ removeData: true });
    await dovecot?.stop();
  });

  it('reports a failed login on the mailbox, and recovers when the password is fixed through the API', async () => {
    expect(await dovecot.withClient(async (c) => c.capabilities.has('IDLE'))).toBe(false);
    const created = await t.app.inject({
      method: 'POST', url: '/api/v1/admin/mailboxes', headers: admin,
      payload: { name: 'No IDLE', host: dovecot.host, port: dovecot.port, tls: false, username: dovecot.user, password: 'wrong password' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ mailbox: Mailbox }>().mailbox.id;
    const getMailbox = async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/admin/mailboxes', headers: admin });
      return response.json<{ mailboxes: Mailbox[] }>().mailboxes.find((m) => m.id === id)!;
    };
    await dovecot.append('INBOX', message(31));

    const failing = await waitFor(async () => {
      const mailbox = await getMailbox();
      return mailbox.lastError ? mailbox : undefined;
    });
    expect(failing.lastError).toMatch(/^Polling failed: .*(auth|AUTH|credentials|Command failed)/i);
    expect(failing.lastError).not.toContain('wrong password');
    expect(stored).toEqual([]);

    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/mailboxes/${id}`, headers: admin, payload: { password: dovecot.password } });
    expect(patched.statusCode, patched.body).toBe(200);
    await waitFor(() => stored.includes('<imap-31@example.org>'), 10_000);
    const recovered = await waitFor(async () => {
      const mailbox = await getMailbox();
      return mailbox.lastError === null && mailbox.lastPolledAt !== null ? mailbox : undefined;
    });
    expect(recovered.lastUid).toBe(1);
  });

  it('polls every pollIntervalMs instead of idling', async () => {
    const started = Date.now();
    await dovecot.append('INBOX', message(32));
    await waitFor(() => stored.includes('<imap-32@example.org>'), 5_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(stored.filter((id) => id === '<imap-31@example.org>')).toHaveLength(1);
  });
});

describe.skipIf(!hasDovecot)(`IMAP role in two processes on one database${hasDovecot ? '' : ` (${NO_DOVECOT_MESSAGE})`}`, { timeout: 60_000 }, () => {
  let dovecot: DovecotServer;
  const apps: TestApp[] = [];
  const roles = new Map<TestApp, { stop(): Promise<void> }>();
  const downloads: { by: TestApp; messageId: string | null }[] = [];

  beforeAll(async () => {
    dovecot = await startDovecot();
    // Two containers on one database stand for two processes (each has its own locks and pool).
    const first = await createTestApp({ env: { POSTDESK_SMTP_PORT: '0' }, worker: false });
    const second = await createTestApp({ dataDir: first.dataDir, env: { POSTDESK_SMTP_PORT: '0' }, worker: false });
    apps.push(first, second);
    for (const app of apps) {
      const realStore = app.container.inboundStore.store.bind(app.container.inboundStore);
      app.container.inboundStore.store = async (raw, envelope) => {
        downloads.push({ by: app, messageId: readMessageIdHeader(raw) });
        return realStore(raw, envelope);
      };
    }
  });

  afterAll(async () => {
    for (const role of roles.values()) await role.stop();
    await apps[1]?.close();
    await apps[0]?.close({ removeData: true });
    await dovecot?.stop();
  });

  const logins = () => dovecot.readLog().match(/imap-login: Info: Login: user=<postdesk>/g)?.length ?? 0;

  it('polls a mailbox from one process at a time, and another takes it over when that one stops', async () => {
    const [first, second] = apps as [TestApp, TestApp];
    const admin = await signIn(first.app);
    const created = await first.app.inject({
      method: 'POST', url: '/api/v1/admin/mailboxes', headers: admin,
      payload: { name: 'Shared', host: dovecot.host, port: dovecot.port, tls: false, username: dovecot.user, password: dovecot.password, folder: FOLDER },
    });
    expect(created.statusCode, created.body).toBe(201);
    await dovecot.append(FOLDER, message(41));
    // The test's own appends log in too: count from here.
    const loginsBefore = logins();
    for (const app of apps) roles.set(app, startImapRole(app.container, POLLER));
    await waitFor(() => downloads.length === 1, 10_000);
    // Several refreshes later, still one session and one download.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(downloads.map((d) => d.messageId)).toEqual(['<imap-41@example.org>']);
    expect(logins()).toBe(loginsBefore + 1);

    const holder = downloads[0]!.by;
    const other = holder === first ? second : first;
    await roles.get(holder)!.stop();
    roles.delete(holder);
    await dovecot.append(FOLDER, message(42));
    await waitFor(() => downloads.length === 2, 10_000);
    expect(downloads[1]).toEqual({ by: other, messageId: '<imap-42@example.org>' });
  });
});
