import { describe, expect, it } from 'vitest';
import { classifyAutomaticMail } from './automatic-mail.js';
import { parseMail } from './parse.js';

async function mail(headers: string, body = 'Hello') {
  return parseMail(new TextEncoder().encode(`${headers}\r\nMessage-ID: <x@example.com>\r\n\r\n${body}\r\n`));
}

const PERSON = 'From: Ana <ana@example.com>\r\nTo: support@postdesk.test\r\nSubject: My parcel';

describe('classifyAutomaticMail', () => {
  it.each<[string, string, string | null, string | null]>([
    ['a person writing', PERSON, 'ana@example.com', null],
    ['Auto-Submitted: no is a person', `${PERSON}\r\nAuto-Submitted: no`, 'ana@example.com', null],
    ['auto-replied (RFC 3834)', `${PERSON}\r\nAuto-Submitted: auto-replied`, 'ana@example.com', 'auto-replied'],
    ['auto-generated', `${PERSON}\r\nAuto-Submitted: auto-generated`, 'ana@example.com', 'auto-generated'],
    ['Precedence: bulk', `${PERSON}\r\nPrecedence: bulk`, 'ana@example.com', 'bulk'],
    ['Precedence: list', `${PERSON}\r\nPrecedence: list`, 'ana@example.com', 'list'],
    ['List-Id', `${PERSON}\r\nList-Id: <news.example.com>`, 'ana@example.com', 'list'],
    ['X-Autoreply', `${PERSON}\r\nX-Autoreply: yes`, 'ana@example.com', 'auto-replied'],
    ['null sender is a bounce', PERSON, '', 'bounce'],
    ['mailer-daemon', 'From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\r\nSubject: Undelivered', 'MAILER-DAEMON@mx.example.com', 'bounce'],
    ['DSN report', `${PERSON}\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"`, 'ana@example.com', 'bounce'],
    ['our own support address (loop)', 'From: Support <support@postdesk.test>\r\nSubject: [PD-7K3M-Q9XK] We received', 'support@postdesk.test', 'loop'],
    ['Exchange out of office', 'From: Bob <bob@corp.test>\r\nSubject: Automatic reply: My parcel\r\nX-Auto-Response-Suppress: All', 'bob@corp.test', 'auto-replied'],
  ])('%s', async (_name, headers, envelopeFrom, expected) => {
    const verdict = classifyAutomaticMail(await mail(headers), envelopeFrom, 'postdesk.test');
    expect(verdict.automatic ? verdict.kind : null).toBe(expected);
  });
});
