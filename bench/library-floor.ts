/**
 * What the libraries the design prescribes (smtp-server, postal-mime, mailauth, nodemailer) cost
 * per message on this machine, with none of Postdesk's own work around them: the floor under
 * the inbound and web-form goals of issues #2 and #3, measured in the same run as those.
 *
 *   library-floor.smtp-receive         smtp-server (a bare discarding server, its process's CPU) receiving one bench mail
 *   library-floor.parse                postal-mime through parseMail, one bench mail
 *   library-floor.sender-auth          mailauth SPF/DKIM/DMARC through authenticateSender, DNS answering "no such name" at once
 *   library-floor.send-confirmation    nodemailer through Postdesk's relay transport, one rendered confirmation (client side)
 *   library-floor.relay-receive        the relay's smtp-server receiving that confirmation (its process's CPU)
 *   library-floor.inbound-message      receive + parse + sender-auth + send: Postdesk's share of one inbound mail fully
 *                                      processed and confirmed, with no SQL, no triage and no code of Postdesk's own
 *   library-floor.inbound-max          the mails per second all cores of this machine could process at that floor, with
 *                                      nothing else running: not the load generator, not the relay
 *   library-floor.cases-max-with-mail  the web cases per second all cores could confirm at send-confirmation's cost, with
 *                                      no intake at all
 *
 * Every figure is CPU time (user + system) divided by the count, so the machine's other load
 * moves it far less than a rate. Run alone: `npm run bench -- library-floor`.
 */
import os from 'node:os';
import { deliverMessages } from './support/smtp-client.js';
import { makeInboundMails } from './support/inbound-mail.js';
import { freePort, startDiscardServer, type SmtpChild } from './support/smtp-children.js';
import { processCpuMs } from './support/processes.js';
import { intEnv } from './support/env.js';
import type { BenchmarkReport, Figure } from './support/report.js';
import { parseMail } from '../src/modules/email-in/parse.js';
import { authenticateSender } from '../src/modules/email-in/sender-auth.js';
import { createRelayTransport } from '../src/modules/email-out/mail-transport.js';
import { renderConfirmation } from '../src/modules/email-out/templates.js';
import type { OutboundMail } from '../src/modules/email-out/outbound-mail.js';

const DOMAIN = 'postdesk.test';
const settings = {
  messages: intEnv('BENCH_FLOOR_MESSAGES', 3_000),
  warmup: intEnv('BENCH_FLOOR_WARMUP', 300),
  sessions: 8,
};

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

function childCpuMs(child: SmtpChild): number {
  const ms = processCpuMs(child.pid);
  if (ms === null) throw new Error(`cannot read the CPU time of ${child.name} (pid ${child.pid}) from /proc`);
  return ms;
}

const noSuchName = async (name: string) => {
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

function confirmationFor(i: number, description: string): OutboundMail {
  const rendered = renderConfirmation({
    caseNumber: 'PD-7K3M-9QXA', customerName: `Customer ${i}`, topicName: 'Track a package', subject: 'Where is my parcel?',
    description, expectedReplyBy: new Date(Date.now() + 3 * 86_400_000), timeZone: 'America/New_York', publicUrl: 'http://localhost:3000',
  });
  return {
    id: `floor-${i}`, caseId: null, kind: 'confirmation', messageId: `<floor.${i}.x@${DOMAIN}>`,
    from: `"Customer Support" <support@${DOMAIN}>`, to: `customer.${i}@example.org`, replyTo: `support+floor${i}@${DOMAIN}`,
    subject: rendered.subject, text: rendered.text, html: rendered.html,
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', 'X-Postdesk-Case': 'PD-7K3M-9QXA' },
    status: 'queued', transport: null, error: null, createdAt: new Date(), sentAt: null,
  };
}

/** CPU per item of `work` run over `count` items, `concurrency` at a time, after `warmup` untimed ones. */
async function perItem(count: number, warmup: number, concurrency: number, work: (i: number) => Promise<void>, server?: SmtpChild): Promise<{ own: number; server: number }> {
  const run = async (from: number, to: number) => {
    let next = from;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < to) await work(next++);
    }));
  };
  await run(0, warmup);
  const ownBefore = cpuMs();
  const serverBefore = server ? childCpuMs(server) : 0;
  await run(warmup, warmup + count);
  return { own: (cpuMs() - ownBefore) / count, server: server ? (childCpuMs(server) - serverBefore) / count : 0 };
}

export async function libraryFloorBenchmark(): Promise<BenchmarkReport> {
  const mails = makeInboundMails(settings.warmup + settings.messages, { runId: `floor${Date.now().toString(36)}`, domain: DOMAIN, seed: 3 });
  // The SMTP-encoded bytes minus the final dot line are what the listener stores and the pipeline reads.
  const raws = mails.map((mail) => mail.data.subarray(0, mail.data.length - 3));
  const parsed = await Promise.all(raws.map((raw) => parseMail(raw)));
  const cores = os.availableParallelism();
  let receiver: SmtpChild | undefined;
  let relay: SmtpChild | undefined;
  try {
    receiver = await startDiscardServer(await freePort(), 'floor-receiver');
    await deliverMessages({ host: '127.0.0.1', port: receiver.port, sessions: settings.sessions, count: settings.warmup, message: (i) => mails[i]! });
    const receiveBefore = childCpuMs(receiver);
    const delivered = await deliverMessages({ host: '127.0.0.1', port: receiver.port, sessions: settings.sessions, count: settings.messages, message: (i) => mails[settings.warmup + i]! });
    if (delivered.accepted !== settings.messages) throw new Error(`the discarding server accepted ${delivered.accepted} of ${settings.messages} messages`);
    const smtpReceive = (childCpuMs(receiver) - receiveBefore) / settings.messages;

    const parse = (await perItem(settings.messages, settings.warmup, 1, async (i) => void (await parseMail(raws[i]!)))).own;
    const senderAuth = (await perItem(settings.messages, settings.warmup, 8, async (i) => {
      const mail = mails[i]!;
      await authenticateSender({
        raw: raws[i]!, clientIp: `192.0.2.${1 + (i % 250)}`, helo: 'mail.example.org', mailFrom: mail.envelope.from,
        fromAddress: parsed[i]!.from?.address ?? null, mta: `mx.${DOMAIN}`, resolver: noSuchName,
      });
    })).own;

    relay = await startDiscardServer(await freePort(), 'floor-relay');
    const transport = createRelayTransport(`smtp://127.0.0.1:${relay.port}`);
    const confirmations = parsed.map((mail, i) => confirmationFor(i, mail.text ?? ''));
    // As the worker role runs it: several send jobs at once over the transport's pooled connections.
    const sending = await perItem(settings.messages, settings.warmup, 8, (i) => transport.send(confirmations[i]!), relay);
    transport.close();

    // The relay is another machine in production; on this one it takes its share too, but the floors leave it out.
    const inboundMessage = smtpReceive + parse + senderAuth + sending.own;
    const ms = (value: number) => Number(value.toFixed(3));
    const figures: Figure[] = [
      { name: 'library-floor.smtp-receive', value: ms(smtpReceive), unit: 'ms' },
      { name: 'library-floor.parse', value: ms(parse), unit: 'ms' },
      { name: 'library-floor.sender-auth', value: ms(senderAuth), unit: 'ms' },
      { name: 'library-floor.send-confirmation', value: ms(sending.own), unit: 'ms' },
      { name: 'library-floor.relay-receive', value: ms(sending.server), unit: 'ms' },
      { name: 'library-floor.inbound-message', value: ms(inboundMessage), unit: 'ms' },
      { name: 'library-floor.inbound-max', value: Math.round((cores * 1000) / inboundMessage), unit: `msg/s on ${cores} cores` },
      { name: 'library-floor.cases-max-with-mail', value: Math.round((cores * 1000) / sending.own), unit: `cases/s on ${cores} cores` },
    ];
    return {
      name: 'library-floor',
      figures,
      // A floor is a fact about the libraries, not a goal of its own; the goals it bounds are printed by inbound-smtp and cases-http.
      goals: [],
      details: { messages: settings.messages, warmup: settings.warmup, cores, meanInboundBytes: raws.reduce((sum, raw) => sum + raw.length, 0) / raws.length },
    };
  } finally {
    await relay?.stop();
    await receiver?.stop();
  }
}
