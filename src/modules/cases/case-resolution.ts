import type { Executor } from '../../storage/database.js';

/** An agent has just moved a case to `resolved` (by PATCH, or by a reply that resolves it). */
export type CaseResolution = {
  caseId: string;
  /** The agent who resolved it. */
  agentId: string;
  /** The case's assignee after the change, if any. */
  assigneeId: string | null;
  departmentId: string;
  at: Date;
};

/**
 * Called inside the resolving transaction, so what it writes (a survey and its job) commits or
 * rolls back with the resolution. The cases module knows nothing of what listens.
 */
export type CaseResolvedListener = (executor: Executor, resolution: CaseResolution) => Promise<void>;

/** The customer's satisfaction survey as the agent console shows it on the case. */
export type CaseSatisfaction = {
  status: 'scheduled' | 'sent' | 'answered' | 'cancelled';
  skipReason: string | null;
  sentAt: Date | null;
  rating: number | null;
  comment: string | null;
  answeredAt: Date | null;
};

/** Reads a case's survey for the case view; the satisfaction module implements it. */
export interface CaseSatisfactionReader {
  forCase(executor: Executor, caseId: string): Promise<CaseSatisfaction | null>;
}
