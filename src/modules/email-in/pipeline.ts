import type { Logger } from '../../kernel/log.js';
import type { AutomaticVerdict } from './automatic-mail.js';
import type { InboundMessage, InboundOutcome, InboundStatus } from './inbound.repository.js';
import type { ParsedMail } from './parse.js';
import type { SenderAuth } from './sender-auth.js';
import type { ThreadDecision } from './threading.js';
import type { EmailContent } from './email-content.js';

/** What the steps learn about one inbound message, in pipeline order. */
export type PipelineState = {
  inbound: InboundMessage;
  log: Logger;
  mail?: ParsedMail;
  /** The MIME parser refused the message; it was read as plain text instead (flagged for agents). */
  parseError?: string;
  automatic?: AutomaticVerdict;
  auth?: SenderAuth;
  thread?: ThreadDecision;
  content?: EmailContent;
};

/** A step either lets the message go on, or finishes it with the outcome to record. */
export type Finished = {
  status: InboundStatus;
  caseId: string | null;
  outcome: InboundOutcome;
  /** The step already wrote the row's final state in its own transaction. */
  recorded?: boolean;
};

export type StepResult = { next: true } | { done: Finished };

export type PipelineStep = { name: string; run(state: PipelineState): Promise<StepResult> };

export const NEXT: StepResult = { next: true };

/** Runs the steps in order until one finishes the message; a step that throws fails the job (retried, then dead-lettered). */
export async function runPipeline(steps: PipelineStep[], state: PipelineState): Promise<Finished> {
  for (const step of steps) {
    const result = await step.run(state);
    if ('done' in result) return result.done;
  }
  throw new Error('the inbound pipeline ended without a decision');
}

/** Reads a field an earlier step must have set; a missing one is a wiring bug, not bad mail. */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`pipeline step order: ${what} is not known yet`);
  return value;
}
