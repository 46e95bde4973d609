import { expect } from 'vitest';
import type { ContainerOptions } from '../src/container.js';
import { createSmtpListener } from '../src/modules/email-in/smtp-listener.js';
import { createTestApp, signIn, waitFor, type TestApp } from './test-app.js';
import { startSmtpSink, type CapturedMail, type SmtpSink } from './smtp-sink.js';
import { createDnsFixture, type DnsFixture } from './dns-fixture.js';
import { buildMessage, messageIdOf, sendMail, type MessageInput } from './mail-client.js';
import { addressOf, decodeHeader } from './factories.js';
import type { TestDatabaseKind } from './postgres-databases.js';

/**
 * The inbound-mail test bench: the real app (SQLite in a temp dir, job worker running), a real
 * SMTP sink as the outgoing relay, an offline DNS for sender authentication, and the inbound
 * SMTP listener on a random loopback port. Results are read through the agent and admin API.
 */
export type InboundHarness = {
  t: TestApp;
  sink: SmtpSink;
  dns: DnsFixture;
  /** The inbound listener's port. */
  port: number;
  /** Headers of a signed-in admin. */
  admin: Record<string, string>;
  closeListener(): Promise<void>;
  close(options?: { keepData?: boolean; keepSink?: boolean }): Promise<void>;
};

export async function startInbound(input: {
  dataDir?: string;
  worker?: boolean;
  jobs?: ContainerOptions['jobs'];
  sink?: SmtpSink;
  dns?: DnsFixture;
  /** Default: the vitest project's database (see createTestApp). */
  database?: TestDatabaseKind;
  env?: Record<string, string>;
} = {}): Promise<InboundHarness> {
  const sink = input.sink ?? (await startSmtpSink());
  const dns = input.dns ?? createDnsFixture();
  const t = await createTestApp({
    env: { POSTDESK_SMTP_RELAY_URL: sink.url, POSTDESK_SMTP_PORT: '0', ...input.env },
    options: { dnsResolver: dns.resolver, ...(input.jobs ? { jobs: input.jobs } : {}) },
    ...(input.dataDir ? { dataDir: input.dataDir } : {}),
    ...(input.worker === undefined ? {} : { worker: input.worker }),
    ...(input.database ? { database: input.database } : {}),
  });
  const listener = createSmtpListener({
    host: '127.0.0.1', port: 0, mailDomain: 'postdesk.test', store: t.container.inboundStore, log: t.container.log, events: t.container.events, limitConnectionsPerAddress: true,
  });
  const { port } = await listener.listen();
  const admin = await signIn(t.app);
  let listening = true;
  const closeListener = async () => {
    if (!listening) return;
    listening = false;
    await listener.close();
  };
  return {
    t, sink, dns, port, admin, closeListener,
    async close(options = {}) {
      await closeListener();
      await t.close({ removeData: !options.keepData });
      if (!options.keepSink) await sink.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading results through the API.

export type AdminInbound = {
  id: string;
  source: string;
  mailFrom: string | null;
  messageId: string | null;
  size: number;
  status: 'received' | 'processed' | 'ignored' | 'failed';
  outcome: { kind: string; reason?: string; via?: string; [key: string]: unknown } | null;
  caseId: string | null;
};

export async function listInbound(h: InboundHarness, status?: string): Promise<AdminInbound[]> {
  const response = await h.t.app.inject({ method: 'GET', url: `/api/v1/admin/inbound?limit=500${status ? `&status=${status}` : ''}`, headers: h.admin });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ inbound: AdminInbound[] }>().inbound;
}

export async function findInboundRow(h: InboundHarness, id: string): Promise<AdminInbound | undefined> {
  return (await listInbound(h)).find((row) => row.id === id);
}

/** Waits until the pipeline has finished with an inbound message (any final status). */
export async function waitProcessed(h: InboundHarness, id: string, timeoutMs = 10_000): Promise<AdminInbound> {
  return waitFor(async () => {
    const row = await findInboundRow(h, id);
    return row && row.status !== 'received' ? row : undefined;
  }, timeoutMs);
}

export type AdminMail = { id: string; kind: string; status: string; to: string; subject: string; messageId: string; replyTo: string | null; headers: Record<string, string>; error: string | null };

/** What Postdesk queued or sent to an address (the outbox, written in the same transaction as the case). */
export async function mailsTo(h: InboundHarness, address: string): Promise<AdminMail[]> {
  const response = await h.t.app.inject({ method: 'GET', url: `/api/v1/admin/mail?limit=500&to=${encodeURIComponent(address)}`, headers: h.admin });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ mails: AdminMail[] }>().mails;
}

export function sinkMailsTo(h: InboundHarness, address: string): CapturedMail[] {
  return h.sink.messages.filter((m) => m.to.includes(address));
}

export type CaseDetail = {
  caseNumber: string;
  subject: string;
  status: string;
  topic: string;
  channel: string;
  customer: { name: string; email: string };
  linkedCases: { caseNumber: string; kind: string }[];
  messages: { id: string; direction: string; channel: string; subject: string | null; text: string; author: { type: string; name: string | null } }[];
  events: { type: string; data: Record<string, unknown> }[];
};

export async function caseDetail(h: InboundHarness, caseNumber: string): Promise<CaseDetail> {
  const response = await h.t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, headers: h.admin });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ case: CaseDetail }>().case;
}

/** Every case of a customer, through the agent list API. */
export async function casesOf(h: InboundHarness, email: string): Promise<{ caseNumber: string; status: string }[]> {
  const response = await h.t.app.inject({ method: 'GET', url: '/api/v1/cases?limit=200', headers: h.admin });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ cases: { caseNumber: string; status: string; customer: { email: string } }[] }>().cases.filter((c) => c.customer.email === email);
}

/** The inbound API names case ids; the agent API speaks case numbers. */
export async function caseNumberOf(h: InboundHarness, caseId: string): Promise<string> {
  const row = await h.t.container.database.db.selectFrom('cases').select('number').where('id', '=', caseId).executeTakeFirstOrThrow();
  return row.number;
}

export async function caseIdOf(h: InboundHarness, caseNumber: string): Promise<string> {
  const row = await h.t.container.database.db.selectFrom('cases').select('id').where('number', '=', caseNumber).executeTakeFirstOrThrow();
  return row.id;
}

/** Until no job is queued or running: every mail that will be sent has been sent. */
export async function waitIdle(h: InboundHarness, timeoutMs = 10_000): Promise<void> {
  await waitFor(async () => {
    const counts = await h.t.container.jobs.counts();
    return counts.queued === 0 && counts.running === 0;
  }, timeoutMs);
}

// ---------------------------------------------------------------------------------------------
// Whole scenarios.

export type EmailCase = {
  inboundId: string;
  caseId: string;
  caseNumber: string;
  /** The customer's own Message-ID. */
  customerMessageId: string;
  /** The confirmation as the relay received it. */
  confirmation: CapturedMail;
  confirmationMessageId: string;
  replyTo: string;
};

/** A customer writes to support@ and gets a confirmation: the starting point of most threading tests. */
export async function openCaseByEmail(h: InboundHarness, message: MessageInput): Promise<EmailCase> {
  const raw = buildMessage(message);
  const delivered = await sendMail(h.port, { from: message.from, to: 'support@postdesk.test', raw });
  const row = await waitProcessed(h, delivered.inboundId);
  expect(row, JSON.stringify(row)).toMatchObject({ status: 'processed', outcome: { kind: 'new-case' } });
  const caseNumber = await caseNumberOf(h, row.caseId!);
  const confirmation = await waitFor(() => sinkMailsTo(h, message.from).find((m) => decodeHeader(m.headers.get('subject') ?? '').includes(`[${caseNumber}]`)), 10_000);
  return {
    inboundId: delivered.inboundId,
    caseId: row.caseId!,
    caseNumber,
    customerMessageId: messageIdOf(raw),
    confirmation,
    confirmationMessageId: confirmation.headers.get('message-id') ?? '',
    replyTo: addressOf(confirmation.headers.get('reply-to') ?? ''),
  };
}

/** Delivers a message with nodemailer and waits until the pipeline is done with it. */
export async function deliver(h: InboundHarness, message: MessageInput & { rcptTo?: string }, raw?: string): Promise<AdminInbound> {
  const bytes = raw ?? buildMessage(message);
  const delivered = await sendMail(h.port, { from: message.from, to: message.rcptTo ?? message.to ?? 'support@postdesk.test', raw: bytes });
  return waitProcessed(h, delivered.inboundId);
}

/** The stored message row of a case's inbound email (flags and auth are not in the agent API). */
export async function storedMessage(h: InboundHarness, inboundId: string) {
  const row = await h.t.container.database.db.selectFrom('messages').selectAll().where('inbound_id', '=', inboundId).executeTakeFirstOrThrow();
  const parse = (value: unknown) => (value === null ? null : typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown> | null;
  return { ...row, flags: parse(row.flags), auth: parse(row.auth) };
}
