/**
 * Customer emails for the inbound benchmark: a text and an HTML alternative (about 3–6 KB, like
 * a message from a webmail client), a distinct Message-ID each, senders drawn from a pool so that
 * some customers write more than once, varied subjects and bodies. Deterministic (seeded).
 */
import { encodeSmtpData, type SmtpEnvelope } from './smtp-client.js';
import { seededRandom } from '../../src/kernel/seeded-random.js';
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, SENTENCES } from './vocabulary.js';

const SUBJECTS = ['Where is my parcel?', 'Package marked delivered but not here', 'Refund for damaged item', 'Question about my mail hold', 'Passport application status', 'Wrong address on my parcel'];


const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export type InboundMail = { envelope: SmtpEnvelope; data: Buffer; messageId: string };

/**
 * `count` messages, SMTP-encoded (see encodeSmtpData), to `support@<domain>`. `runId` makes the
 * Message-IDs of one run distinct from every other run's.
 */
export function makeInboundMails(count: number, options: { runId: string; domain: string; seed?: number; customers?: number }): InboundMail[] {
  const random = seededRandom(options.seed ?? 20261125);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const customers = options.customers ?? Math.max(1, Math.floor(count * 0.75));
  const out: InboundMail[] = [];
  const date = new Date().toUTCString().replace('GMT', '+0000');
  for (let i = 0; i < count; i += 1) {
    const customer = Math.floor(random() * customers);
    const first = FIRST_NAMES[customer % FIRST_NAMES.length]!;
    const last = LAST_NAMES[Math.floor(customer / FIRST_NAMES.length) % LAST_NAMES.length]!;
    const from = `${first}.${last}.${customer}@${EMAIL_DOMAINS[customer % EMAIL_DOMAINS.length]}`.toLowerCase();
    const paragraphs = Array.from({ length: 2 + Math.floor(random() * 4) }, () =>
      Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(SENTENCES)).join(' '));
    const messageId = `<bench.${options.runId}.${i}@${EMAIL_DOMAINS[customer % EMAIL_DOMAINS.length]}>`;
    const boundary = `----=_Part_${options.runId}_${i}`;
    const text = ['Hello,', '', ...paragraphs.flatMap((p) => [p, '']), 'Kind regards,', `${first} ${last}`].join('\r\n');
    const html = [
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>',
      '<div dir="ltr"><p>Hello,</p>',
      ...paragraphs.map((p) => `<p style="margin:0 0 12px 0;font-family:Arial,sans-serif">${escapeHtml(p)}</p>`),
      `<p>Kind regards,<br>${first} ${last}</p></div>`,
      '</body></html>',
    ].join('\r\n');
    const raw = [
      `Return-Path: <${from}>`,
      `Received: from mail.${EMAIL_DOMAINS[customer % EMAIL_DOMAINS.length]} (mail.${EMAIL_DOMAINS[customer % EMAIL_DOMAINS.length]} [192.0.2.${1 + (customer % 250)}])`,
      `\tby mx.${options.domain} with ESMTPS id ${options.runId}${i}; ${date}`,
      `From: ${first} ${last} <${from}>`,
      `To: Customer Support <support@${options.domain}>`,
      `Subject: ${pick(SUBJECTS)}`,
      `Date: ${date}`,
      `Message-ID: ${messageId}`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      text,
      `--${boundary}`,
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      html,
      `--${boundary}--`,
      '',
    ].join('\r\n');
    out.push({ envelope: { from, to: [`support@${options.domain}`] }, data: encodeSmtpData(Buffer.from(raw, 'utf8')), messageId });
  }
  return out;
}
