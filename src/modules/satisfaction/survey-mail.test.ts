import { describe, expect, it } from 'vitest';
import { renderSurveyMail } from './survey-mail.js';

const input = { caseNumber: 'PD-AB12-CD34', customerName: 'Ana Popescu', surveyUrl: 'https://help.example.org/survey/tok' };

describe('renderSurveyMail', () => {
  it.each([
    ['en', '[PD-AB12-CD34] How did we do?', '1 – Very dissatisfied', '5 – Very satisfied'],
    ['es', '[PD-AB12-CD34] ¿Qué tal lo hicimos?', '1 – Muy insatisfecho', '5 – Muy satisfecho'],
    ['ro', '[PD-AB12-CD34] Cum ne-am descurcat?', '1 – Foarte nemulțumit', '5 – Foarte mulțumit'],
  ])('%s: the case tag in the subject and five worded links in both parts', (locale, subject, lowest, highest) => {
    const mail = renderSurveyMail(input, locale);
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain(`${lowest}:\nhttps://help.example.org/survey/tok?rating=1\n`);
    expect(mail.text).toContain(`${highest}:\nhttps://help.example.org/survey/tok?rating=5\n`);
    expect(mail.text.match(/\?rating=[1-5]\n/g)).toHaveLength(5);
    expect(mail.html.match(/<a href="https:\/\/help\.example\.org\/survey\/tok\?rating=[1-5]"/g)).toHaveLength(5);
    expect(mail.html).toContain(`<html lang="${locale}">`);
    expect(`${mail.subject}${mail.text}${mail.html}`).not.toContain('{{');
  });

  it('falls back to English for a language without a catalog', () => {
    expect(renderSurveyMail(input, 'de')).toEqual(renderSurveyMail(input, 'en'));
  });

  it('treats the customer name as text: no markup in the HTML part, no line breaks in headers', () => {
    const mail = renderSurveyMail({ ...input, customerName: '<img src=x onerror=alert(1)>\r\nBcc: x@example.org' }, 'en');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('Hello &lt;img src=x onerror=alert(1)&gt; Bcc: x@example.org,');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('greets without a name when there is none', () => {
    expect(renderSurveyMail({ ...input, customerName: '  ' }, 'es').text.startsWith('Hola:\n')).toBe(true);
  });
});
