import { generateCaseNumber } from '../cases/case-number.js';
import { gs1CheckDigit } from '../triage/tracking-checksums.js';
import { pickWeighted, type DemoLanguage, type Random } from './demo-text.js';

/**
 * The shape of a demo data set: how cases spread over time, statuses, priorities, channels and
 * languages, as a carrier's case history looks after a year — most cases closed, a recent
 * working set open, a backlog of old open ones (some of them past their SLA), a few due soon.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;

export type DemoStatus = 'new' | 'open' | 'pending_customer' | 'resolved' | 'closed' | 'spam' | 'merged';
export type DemoPriority = 'low' | 'normal' | 'high' | 'urgent';
export type DemoChannel = 'web' | 'email' | 'chat' | 'social' | 'phone';

/** Roughly 2,750 cases a day (a large carrier), over at least two weeks and at most a year. */
export function historySpanMs(cases: number): number {
  return Math.min(365, Math.max(14, Math.ceil(cases / 2_750))) * DAY_MS;
}

/** Status by age: the newer a case, the likelier it is still being worked on. */
export function statusForAge(random: Random, ageMs: number): DemoStatus {
  if (ageMs < DAY_MS) return pickWeighted<DemoStatus>(random, { new: 70, open: 18, pending_customer: 10, spam: 2 });
  if (ageMs < 5 * DAY_MS) return pickWeighted<DemoStatus>(random, { new: 30, open: 30, pending_customer: 24, resolved: 15, spam: 1 });
  if (ageMs < 30 * DAY_MS) {
    return pickWeighted<DemoStatus>(random, { new: 2, open: 10, pending_customer: 14, resolved: 44, closed: 28, spam: 1, merged: 1 });
  }
  return pickWeighted<DemoStatus>(random, { new: 1, open: 2, pending_customer: 3, resolved: 13, closed: 79, spam: 1, merged: 1 });
}

export function priorityFor(random: Random, topic: string): DemoPriority {
  if (topic === 'passport') return pickWeighted<DemoPriority>(random, { normal: 40, high: 40, urgent: 20 });
  return pickWeighted<DemoPriority>(random, { low: 10, normal: 72, high: 14, urgent: 4 });
}

export function channelFor(random: Random): DemoChannel {
  return pickWeighted<DemoChannel>(random, { web: 45, email: 38, chat: 6, social: 5, phone: 6 });
}

export function languageFor(random: Random): DemoLanguage {
  return pickWeighted<DemoLanguage>(random, { en: 80, es: 15, ro: 5 });
}

/** Topics weighted as contacts arrive at a carrier: delivery matters first. */
export const TOPIC_WEIGHTS: Readonly<Record<string, number>> = {
  'missing-package': 20, 'delivery-problem': 18, tracking: 16, 'refund-claim': 10, 'feedback-complaint': 9,
  'general-question': 10, 'address-change-hold': 8, 'informed-delivery': 5, passport: 4,
};

/** How likely a case of this topic carries a tracking number (required by some topics' forms). */
export const TRACKING_SHARE: Readonly<Record<string, number>> = {
  'missing-package': 1, tracking: 1, 'refund-claim': 1, 'delivery-problem': 0.7, 'feedback-complaint': 0.2, passport: 0.3,
};

const PRIORITY_HOURS: Readonly<Record<DemoPriority, number>> = { urgent: 24, high: 48, normal: 72, low: 72 };

/**
 * First-response due time: 1–3 days by priority, moved off weekends. An approximation of the
 * business calendar (no holidays, no business hours), which is enough to spread due times the
 * way real ones are spread; computing the real calendar a million times would dominate the run.
 */
export function firstResponseDueMs(createdMs: number, priority: DemoPriority): number {
  const due = new Date(createdMs + PRIORITY_HOURS[priority] * HOUR_MS);
  const day = due.getUTCDay();
  return due.getTime() + (day === 6 ? 2 * DAY_MS : day === 0 ? DAY_MS : 0);
}

/** A valid USPS IMpb number: `94` (online label), service 001, a 6-digit mailer id, a package id, GS1 check digit. */
export function uspsTrackingNumber(random: Random): string {
  let digits = `94001${1 + Math.floor(random() * 8)}`;
  while (digits.length < 21) digits += String(Math.floor(random() * 10));
  return `${digits}${gs1CheckDigit(digits)}`;
}

/** A case number from the seeded source, with the production check character. */
export function demoCaseNumber(random: Random): string {
  return generateCaseNumber((n) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256)));
}

/**
 * A UUIDv7 (RFC 9562) for a row created at `ms`, with seeded random bits: time-ordered like
 * production ids (`newId`), so indexes grow at their end, yet the same seed gives the same ids.
 * `sequence` (below 4096) orders ids of one millisecond.
 */
export function demoId(ms: number, random: Random, sequence?: number): string {
  const hex = (value: number, length: number) => Math.floor(value).toString(16).padStart(length, '0');
  const time = hex(ms, 12);
  // Like newId's counter: rows of one millisecond (a case's first events) keep their order.
  const randA = hex(sequence ?? random() * 0x1000, 3);
  const variant = hex(0x8000 | Math.floor(random() * 0x4000), 4);
  const tail = `${hex(random() * 0x1000000, 6)}${hex(random() * 0x1000000, 6)}`;
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randA}-${variant}-${tail}`;
}

/**
 * How many messages each case of a pair gets: `perCase ± d`, so the total is exactly
 * cases × perCase (for an even number of cases) while threads vary from one message to many.
 */
export function messageCounts(random: Random, perCase: number): [number, number] {
  const spread = Math.floor(random() * perCase);
  return [perCase + spread, Math.max(1, perCase - spread)];
}
