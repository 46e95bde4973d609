import type { CaseStatus } from '../cases/case.js';
import { isPlausibleEmail } from '../customers/customer.js';

/**
 * The lifecycle of a case's one survey:
 * scheduled → sent → answered, or scheduled → cancelled (a skip reason says why).
 * A cancelled survey may be scheduled again by a later resolution; a sent one never is.
 */
export const SURVEY_STATUSES = ['scheduled', 'sent', 'answered', 'cancelled'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export const SKIP_REASONS = ['already_sent', 'reopened', 'spam', 'merged', 'no_email', 'email_bounced'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** 1 = very dissatisfied … 5 = very satisfied. */
export const RATINGS = [1, 2, 3, 4, 5] as const;
export type Rating = (typeof RATINGS)[number];

/** How long after the resolution the survey goes out by default: a quick reopen cancels it first. */
export const DEFAULT_SURVEY_DELAY_MS = 60 * 60 * 1000;
/** How long the emailed links work. */
export const SURVEY_VALIDITY_MS = 30 * 24 * 60 * 60 * 1000;
export const COMMENT_MAX_CHARS = 2_000;

/** What the policy looks at, both when a case is resolved and when its survey falls due. */
export type SurveyFacts = {
  caseStatus: CaseStatus;
  customerEmail: string;
  emailBounced: boolean;
  /** The case's survey so far, or null when it never had one. */
  survey: SurveyStatus | null;
};

export type SurveyDecision = { send: true } | { send: false; reason: SkipReason };

/**
 * Whether a case's customer gets (or still gets) the survey. One email per case, ever: a case
 * resolved, reopened and resolved again is not asked twice (a second ask after a reopen mostly
 * measures the reopen, and a carrier's customers should not be mailed for every round trip).
 * A case still resolved or since closed is asked: the survey rates the agents' resolution, and
 * closing it afterwards does not undo that. A case the customer closed without a resolution is
 * never asked (only a resolution schedules a survey). Spam and merged cases are never asked,
 * nor addresses that are implausible or have bounced.
 */
export function decideSurvey(facts: SurveyFacts): SurveyDecision {
  if (facts.survey === 'sent' || facts.survey === 'answered') return skip('already_sent');
  if (facts.caseStatus === 'spam') return skip('spam');
  if (facts.caseStatus === 'merged') return skip('merged');
  if (facts.caseStatus !== 'resolved' && facts.caseStatus !== 'closed') return skip('reopened');
  if (!isPlausibleEmail(facts.customerEmail)) return skip('no_email');
  if (facts.emailBounced) return skip('email_bounced');
  return { send: true };
}

function skip(reason: SkipReason): SurveyDecision {
  return { send: false, reason };
}

/** A rating from a form or a link (`"4"`), or null when it is not one of 1–5. */
export function parseRating(value: unknown): Rating | null {
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  if (!/^[1-5]$/.test(text)) return null;
  return Number(text) as Rating;
}

/** The comment as stored: `\n` line endings, no control characters but tab, trimmed; null when empty. */
export function normalizeComment(value: string): string | null {
  const text = value
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
    .trim();
  return text === '' ? null : text;
}

/** Length as a person counts it (code points), so an emoji is one character, as in the hint. */
export function commentLength(value: string): number {
  return Array.from(value).length;
}
