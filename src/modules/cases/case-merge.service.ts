import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events.js';
import type { Database, Executor } from '../../storage/database.js';
import { dialectOf } from '../../storage/dialect-helpers.js';
import type { Agent } from '../agents/agent.js';
import { canTransition, type Case } from './case.js';
import { requireCase, recordCaseAction } from './case-audit.js';
import { upsertLinkPair } from './case-links.repository.js';
import { addTrackingNumbers, listTrackingNumbers, updateCase } from './cases.repository.js';

export type MergeResult = { source: Case; target: Case; movedMessages: number };

export interface CaseMergeService {
  /**
   * Merges a case into another case of the same customer: the source's thread, tracking numbers
   * and open tasks move to the target, the source becomes `merged` and points at the target.
   */
  merge(sourceNumber: string, input: { into: string; reason?: string | undefined }, agent: Agent): Promise<MergeResult>;
}

export function createCaseMergeService(deps: { db: Kysely<Database>; clock: Clock; events: EventBus }): CaseMergeService {
  return {
    async merge(sourceNumber, input, agent) {
      const now = deps.clock.now();
      const reason = input.reason?.trim() || null;
      const result = await deps.db.transaction().execute(async (trx) => {
        const source = await requireCase(trx, sourceNumber);
        const target = await requireCase(trx, input.into);
        checkMergeable(source, target);
        const movedMessages = await moveCaseContent(trx, source.id, target.id);
        await updateCase(trx, source.id, { status: 'merged' }, now);
        await updateCase(trx, target.id, {}, now);
        // Directional kinds: threading follows `merged-into` from a reply to the old case to the new one.
        await upsertLinkPair(trx, { caseId: source.id, otherId: target.id, kind: 'merged-into', reverseKind: 'merged-from' }, now);
        const actor = { type: 'agent' as const, id: agent.id };
        await recordCaseAction(trx, { record: source, type: 'case.merged', actor, at: now, data: { into: target.number, fromStatus: source.status, movedMessages, reason } });
        await recordCaseAction(trx, { record: target, type: 'case.merged', actor, at: now, data: { from: source.number, movedMessages, reason } });
        return { source: { ...source, status: 'merged' as const, updatedAt: now }, target: { ...target, updatedAt: now }, movedMessages };
      });
      for (const record of [result.source, result.target]) deps.events.publish({ type: 'case.updated', caseId: record.id, caseNumber: record.number });
      return result;
    },
  };
}

/** 422 unless both cases are distinct, of one customer, and still able to take part in a merge. */
function checkMergeable(source: Case, target: Case): void {
  const refuse = (message: string, field: string) => {
    throw new AppError('case.merge_invalid', message, { [field]: message });
  };
  if (source.id === target.id) refuse('A case cannot be merged into itself.', 'into');
  if (source.customerId !== target.customerId) refuse('Only cases of the same customer can be merged.', 'into');
  if (target.status === 'merged' || target.status === 'spam') refuse(`The target case is ${target.status}.`, 'into');
  if (!canTransition(source.status, 'merged')) refuse(`A ${source.status} case cannot be merged.`, 'caseNumber');
}

/**
 * Moves (rather than mirrors) the thread: the target becomes the one conversation agents answer,
 * its replies carry every earlier Message-ID in References, and search finds the words under
 * the case that is still open. Messages keep their times, so the thread interleaves in order.
 */
async function moveCaseContent(trx: Executor, sourceId: string, targetId: string): Promise<number> {
  const moved = await trx.updateTable('messages').set({ case_id: targetId }).where('case_id', '=', sourceId).executeTakeFirst();
  await trx.updateTable('attachments').set({ case_id: targetId }).where('case_id', '=', sourceId).execute();
  await addTrackingNumbers(trx, dialectOf(trx), targetId, await listTrackingNumbers(trx, sourceId));
  await trx.updateTable('case_tasks').set({ case_id: targetId }).where('case_id', '=', sourceId).where('status', '=', 'open').execute();
  return Number(moved.numUpdatedRows);
}
