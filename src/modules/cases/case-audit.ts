import { AppError } from '../../kernel/errors.js';
import type { Executor } from '../../storage/database.js';
import { recordAudit } from '../audit/index.js';
import type { Case } from './case.js';
import { findCaseByNumber, recordCaseEvent, type CaseEventActor } from './cases.repository.js';
import { parseCaseNumberOrThrow } from './cases.service.js';

/** The case with this number (a typo is a 422 with a hint, an unknown number a 404). */
export async function requireCase(executor: Executor, caseNumberInput: string): Promise<Case> {
  const found = await findCaseByNumber(executor, parseCaseNumberOrThrow(caseNumberInput));
  if (!found) throw new AppError('case.not_found', 'No case has this number.');
  return found;
}

export type CaseAction = {
  record: Pick<Case, 'id' | 'number'>;
  type: string;
  actor: CaseEventActor;
  data: Record<string, unknown>;
  at: Date;
};

/**
 * One agent action on a case, written twice in the caller's transaction: on the case's timeline
 * (what the console shows) and in the audit log (what administrators review), so neither can
 * exist without the other.
 */
export async function recordCaseAction(trx: Executor, action: CaseAction): Promise<void> {
  await recordCaseEvent(trx, { caseId: action.record.id, type: action.type, actor: action.actor, data: action.data, at: action.at });
  await recordAudit(trx, {
    actorType: action.actor.type, actorId: action.actor.id, action: action.type, subject: `case:${action.record.number}`, data: action.data, at: action.at,
  });
}
