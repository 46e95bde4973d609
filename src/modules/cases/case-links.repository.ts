import type { Executor } from '../../storage/database.js';
import { toDbTime } from '../../storage/dialect-helpers.js';

/** Link kinds that record a merge; threading follows `merged-into` (cases.repository.ts). */
export const MERGE_LINK_KINDS = ['merged-into', 'merged-from'] as const;

/** The kind of the link from `caseId` to `otherId`, or null when they are not linked. */
export async function findLinkKind(executor: Executor, caseId: string, otherId: string): Promise<string | null> {
  const row = await executor.selectFrom('case_links').select('kind').where('case_id', '=', caseId).where('linked_case_id', '=', otherId).executeTakeFirst();
  return row?.kind ?? null;
}

/** Sets the link in each direction, replacing any earlier link between the two (e.g. a duplicate link before a merge). */
export async function upsertLinkPair(executor: Executor, pair: { caseId: string; otherId: string; kind: string; reverseKind: string }, now: Date): Promise<void> {
  const at = toDbTime(now);
  await executor
    .insertInto('case_links')
    .values([
      { case_id: pair.caseId, linked_case_id: pair.otherId, kind: pair.kind, created_at: at },
      { case_id: pair.otherId, linked_case_id: pair.caseId, kind: pair.reverseKind, created_at: at },
    ])
    .onConflict((oc) => oc.columns(['case_id', 'linked_case_id']).doUpdateSet((eb) => ({ kind: eb.ref('excluded.kind'), created_at: eb.ref('excluded.created_at') })))
    .execute();
}

/** Removes the link in both directions; returns how many rows went. */
export async function deleteLinkPair(executor: Executor, caseId: string, otherId: string): Promise<number> {
  const result = await executor
    .deleteFrom('case_links')
    .where((eb) => eb.or([
      eb.and([eb('case_id', '=', caseId), eb('linked_case_id', '=', otherId)]),
      eb.and([eb('case_id', '=', otherId), eb('linked_case_id', '=', caseId)]),
    ]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
