import type { CaseNumber } from './case-number.js';

export const CASE_STATUSES = ['new', 'open', 'pending_customer', 'resolved', 'closed', 'spam', 'merged'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CHANNELS = ['web', 'email', 'chat', 'social', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];

export type Case = {
  id: string;
  number: CaseNumber;
  customerId: string;
  topicId: string;
  departmentId: string;
  assigneeId: string | null;
  status: CaseStatus;
  priority: Priority;
  channel: Channel;
  subject: string;
  language: string;
  firstResponseDueAt: Date;
  firstRespondedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
};

/**
 * The status machine of CONTRACT.md: new → open → pending_customer ↔ open → resolved → closed,
 * with spam and merged as side exits. A closed or merged case never reopens: a later message
 * starts a linked new case instead.
 */
const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['open', 'pending_customer', 'resolved', 'closed', 'spam', 'merged'],
  open: ['pending_customer', 'resolved', 'closed', 'spam', 'merged'],
  pending_customer: ['open', 'resolved', 'closed', 'spam', 'merged'],
  resolved: ['open', 'closed', 'merged'],
  closed: [],
  spam: ['open'],
  merged: [],
};

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isCaseStatus(value: string): value is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(value);
}

export function isPriority(value: string): value is Priority {
  return (PRIORITIES as readonly string[]).includes(value);
}

/** The case's subject line: the customer's own subject, else the first words of what they wrote. */
export function deriveSubject(subject: string | null, description: string, topicName: string): string {
  const own = subject?.trim();
  if (own) return own.slice(0, 200);
  const firstLine = description.trim().split(/\r?\n/, 1)[0]?.trim() ?? '';
  if (!firstLine) return topicName;
  return firstLine.length > 80 ? `${firstLine.slice(0, 77).trimEnd()}…` : firstLine;
}
