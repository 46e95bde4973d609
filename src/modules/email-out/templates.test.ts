import { describe, expect, it } from 'vitest';
import en from './locales/en.json' with { type: 'json' };
import { escapeHtml, interpolate, renderConfirmation, supportedLocales, type ConfirmationInput } from './templates.js';

const XSS = '<script>alert(1)</script>';

function input(overrides: Partial<ConfirmationInput> = {}): ConfirmationInput {
  return {
    caseNumber: 'PD-AB12-CD34',
    customerName: 'Ana Popescu',
    topicName: 'Lost parcel',
    subject: 'Where is my parcel?',
    description: 'I ordered on Monday.\r\nIt has not arrived.\n\nThanks',
    expectedReplyBy: new Date('2026-12-01T15:00:00Z'),
    timeZone: 'America/New_York',
    guidance: null,
    publicUrl: 'https://help.example.org',
    trackingNumber: null,
    ...overrides,
  };
}

describe('interpolate', () => {
  it.each<[string, Record<string, string>, string]>([
    ['Hi {{name}}!', { name: 'Ana' }, 'Hi Ana!'],
    ['{{a}}{{a}} {{b}}', { a: 'x', b: 'y' }, 'xx y'],
    ['{{missing}} stays', {}, '{{missing}} stays'],
    ['{{constructor}} is not inherited', {}, '{{constructor}} is not inherited'],
    ['{{v}}', { v: '$& $1 $$' }, '$& $1 $$'],
    ['{{v}} {{w}}', { v: '{{w}}', w: 'W' }, '{{w}} W'],
    ['{{ name }} needs exact braces', { name: 'x' }, '{{ name }} needs exact braces'],
  ])('%j', (template, vars, expected) => {
    expect(interpolate(template, vars)).toBe(expected);
  });
});

describe('escapeHtml', () => {
  it('escapes the five special characters and nothing else', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp; {{z}} ñ</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp; {{z}} ñ&lt;/a&gt;',
    );
  });
});

describe('renderConfirmation', () => {
  it('puts the case tag and the topic in a one-line subject', () => {
    expect(renderConfirmation(input()).subject).toBe('[PD-AB12-CD34] We received your message: Lost parcel');
  });

  it('strips CR/LF from the subject (no header injection) and caps its length', () => {
    const injected = renderConfirmation(input({ topicName: 'Lost\r\nBcc: victim@example.org' })).subject;
    expect(injected).toBe('[PD-AB12-CD34] We received your message: Lost Bcc: victim@example.org');
    const long = renderConfirmation(input({ topicName: '📦'.repeat(500) })).subject;
    expect(long.startsWith('[PD-AB12-CD34] ')).toBe(true);
    expect(Array.from(long)).toHaveLength(150);
    expect(long.endsWith('📦…')).toBe(true);
  });

  it('renders the text part in order, with the reply marker first and the description quoted', () => {
    const { text } = renderConfirmation(input({ trackingNumber: 'RR123456789RO' }));
    expect(text.split('\n')[0]).toBe('##- Please type your reply above this line -##');
    expect(text).toContain('Hello Ana Popescu,');
    expect(text).toContain('Case number: PD-AB12-CD34\nTopic: Lost parcel\nTracking number: RR123456789RO\n');
    expect(text).toContain('Expected reply by: Tuesday, December 1, 2026');
    expect(text).toContain('1–3 business days');
    expect(text).toContain('keep [PD-AB12-CD34] in the subject');
    expect(text).toContain('https://help.example.org');
    expect(text).toContain(
      'What you wrote:\n> Subject: Where is my parcel?\n>\n> I ordered on Monday.\n> It has not arrived.\n>\n> Thanks\n',
    );
    expect(text).toMatch(/\n-- \nThis is an automatic message.*\n$/);
    expect(text).not.toContain('\r');
    expect(text).not.toContain('urgent');
  });

  it('formats the expected reply date in the given time zone', () => {
    const lateUtc = input({ expectedReplyBy: new Date('2026-12-02T03:00:00Z') });
    expect(renderConfirmation(lateUtc).text).toContain('Tuesday, December 1, 2026');
    expect(renderConfirmation({ ...lateUtc, timeZone: 'Europe/Bucharest' }).text).toContain(
      'Wednesday, December 2, 2026',
    );
  });

  it('shows urgent-matter guidance in a highlighted block only when present', () => {
    const guidance = 'Call 0800 123 456.\nOpen 24/7.';
    const { text, html } = renderConfirmation(input({ guidance }));
    expect(text).toContain('*** If your matter is urgent ***\nCall 0800 123 456.\nOpen 24/7.\n');
    expect(html).toMatch(/<div role="note" style="[^"]*"><strong>If your matter is urgent<\/strong><br>Call 0800 123 456\.<br>\nOpen 24\/7\.<\/div>/);
    expect(renderConfirmation(input({ guidance: '  ' })).html).not.toContain('role="note"');
  });

  it('omits the subject line and greets without a name when they are missing', () => {
    const { text, html } = renderConfirmation(input({ subject: null, customerName: ' ' }));
    expect(text).toContain('Hello,\n');
    expect(text).toContain('What you wrote:\n> I ordered on Monday.');
    expect(html).not.toContain('<strong>Subject:</strong>');
  });

  it('escapes every piece of user text in HTML and keeps it verbatim in text', () => {
    const { text, html } = renderConfirmation(
      input({
        customerName: XSS,
        subject: `"><img src=x onerror=alert(1)>`,
        description: `${XSS}\n& more`,
        trackingNumber: `<b>RR1</b>`,
        guidance: `<i>call</i>`,
        topicName: `<u>topic</u>`,
      }),
    );
    const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;';
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<u>/);
    expect(html).toContain(`<p>Hello ${escaped},</p>`);
    expect(html).toContain(`${escaped}<br>\n&amp; more`);
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;b&gt;RR1&lt;/b&gt;');
    expect(html).toContain('<title>[PD-AB12-CD34] We received your message: &lt;u&gt;topic&lt;/u&gt;</title>');
    expect(text).toContain(`Hello ${XSS},`);
    expect(text).toContain(`> ${XSS}\n> & more`);
    expect(text).toContain('Tracking number: <b>RR1</b>');
  });

  it('produces an accessible HTML document without images', () => {
    const { html } = renderConfirmation(input());
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<th scope="row"');
    expect(html).toContain('<a href="https://help.example.org" style="color:#1d4ed8;">https://help.example.org</a>');
    expect(html).toContain('I ordered on Monday.<br>\nIt has not arrived.<br>\n<br>\nThanks');
    expect(html).not.toMatch(/<img|<script|\{\{/);
  });

  it('does not link a public URL that is not http(s)', () => {
    const { html } = renderConfirmation(input({ publicUrl: 'javascript:alert(1)' }));
    expect(html).not.toContain('href=');
    expect(html).toContain('javascript:alert(1)');
  });

  it('falls back to English for an unknown locale', () => {
    expect(supportedLocales).toContain('en');
    expect(renderConfirmation(input(), 'xx')).toEqual(renderConfirmation(input(), 'en'));
    expect(renderConfirmation(input(), '__proto__').html).toContain('<html lang="en">');
  });

  it('leaves no placeholder unfilled in any locale string', () => {
    const { subject, text, html } = renderConfirmation(input({ guidance: 'g', trackingNumber: 't' }));
    expect(`${subject}${text}${html}`).not.toContain('{{');
    expect(Object.keys(en.confirmation).length).toBeGreaterThan(10);
  });
});
