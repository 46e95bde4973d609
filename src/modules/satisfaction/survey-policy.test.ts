import { describe, expect, it } from 'vitest';
import type { CaseStatus } from '../cases/case.js';
import { commentLength, decideSurvey, normalizeComment, parseRating, type SkipReason, type SurveyStatus } from './survey-policy.js';

type Row = [label: string, caseStatus: CaseStatus, survey: SurveyStatus | null, email: string, bounced: boolean, expected: true | SkipReason];

describe('decideSurvey: when a resolved case gets its one survey', () => {
  const rows: Row[] = [
    // At the resolution (the case has just become resolved).
    ['first resolution', 'resolved', null, 'ana@example.org', false, true],
    ['resolved again after a survey went out', 'resolved', 'sent', 'ana@example.org', false, 'already_sent'],
    ['resolved again after the customer answered', 'resolved', 'answered', 'ana@example.org', false, 'already_sent'],
    ['resolved again after a reopen cancelled the first one unsent', 'resolved', 'cancelled', 'ana@example.org', false, true],
    ['resolved again while the first one still waits', 'resolved', 'scheduled', 'ana@example.org', false, true],
    ['customer address bounced before', 'resolved', null, 'ana@example.org', true, 'email_bounced'],
    ['no customer address', 'resolved', null, '', false, 'no_email'],
    ['an address that cannot receive mail', 'resolved', null, 'not-an-address', false, 'no_email'],
    // When the survey falls due (the case may have moved on since).
    ['still resolved when due', 'resolved', 'scheduled', 'ana@example.org', false, true],
    ['closed by an agent or the customer after the resolution', 'closed', 'scheduled', 'ana@example.org', false, true],
    ['reopened by a customer reply before it went out', 'open', 'scheduled', 'ana@example.org', false, 'reopened'],
    ['waiting for the customer again', 'pending_customer', 'scheduled', 'ana@example.org', false, 'reopened'],
    ['marked spam', 'spam', 'scheduled', 'ana@example.org', false, 'spam'],
    ['merged into another case', 'merged', 'scheduled', 'ana@example.org', false, 'merged'],
    ['address bounced in the meantime', 'resolved', 'scheduled', 'ana@example.org', true, 'email_bounced'],
    ['a job run twice after sending', 'resolved', 'sent', 'ana@example.org', false, 'already_sent'],
    ['spam wins over a missing address', 'spam', null, '', false, 'spam'],
  ];

  it.each(rows)('%s', (_label, caseStatus, survey, customerEmail, emailBounced, expected) => {
    const decision = decideSurvey({ caseStatus, survey, customerEmail, emailBounced });
    expect(decision).toEqual(expected === true ? { send: true } : { send: false, reason: expected });
  });
});

describe('survey answers', () => {
  it.each<[unknown, number | null]>([
    ['1', 1], ['5', 5], [' 3 ', 3], [4, 4], ['0', null], ['6', null], ['4.5', null], ['', null], [undefined, null], [['4'], null], ['04', null],
  ])('parseRating(%j) → %j', (input, expected) => {
    expect(parseRating(input)).toBe(expected);
  });

  it('normalises comments: line endings, control characters, blank means none', () => {
    expect(normalizeComment('  Quick\r\nand kind\u0007  ')).toBe('Quick\nand kind');
    expect(normalizeComment(' \r\n\t ')).toBeNull();
  });

  it('counts characters as a person does', () => {
    expect(commentLength('👍🏽 ok')).toBe(5);
    expect(commentLength('ăîșț')).toBe(4);
  });
});
