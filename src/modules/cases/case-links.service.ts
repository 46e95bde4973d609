import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events.js';
import type { Database } from '../../storage/database.js';
import type { Agent } from '../agents/agent.js';
import type { Case } from './case.js';
import { recordCaseAction, requireCase } from './case-audit.js';
import { MERGE_LINK_KINDS, deleteLinkPair, findLinkKind, upsertLinkPair } from './case-links.repository.js';
import { listLinkedCaseNumbers } from './cases.repository.js';

/** Kinds an agent may set by hand; merges and intake's own links are made by their use cases. */
export const MANUAL_LINK_KINDS = ['related', 'duplicate'] as const;
export type ManualLinkKind = (typeof MANUAL_LINK_KINDS)[number];

export type LinkedCase = { caseNumber: string; kind: string };

export interface CaseLinkService {
  /** Links two cases both ways (idempotent for the same kind); returns the first case's links. */
  link(caseNumber: string, input: { caseNumber: string; kind?: ManualLinkKind | undefined }, agent: Agent): Promise<LinkedCase[]>;
  /** Removes a link both ways; merge links stay (they are how a merged case is found). */
  unlink(caseNumber: string, otherNumber: string, agent: Agent): Promise<LinkedCase[]>;
}

export function createCaseLinkService(deps: { db: Kysely<Database>; clock: Clock; events: EventBus }): CaseLinkService {
  /** Runs one change on a pair of cases, then tells both cases' watchers. */
  async function onPair(caseNumber: string, otherNumber: string, work: (trx: Kysely<Database>, one: Case, other: Case, now: Date) => Promise<void>) {
    const now = deps.clock.now();
    const { one, other, links } = await deps.db.transaction().execute(async (trx) => {
      const one = await requireCase(trx, caseNumber);
      const other = await requireCase(trx, otherNumber);
      if (one.id === other.id) throw new AppError('validation.failed', 'A case cannot be linked to itself.', { caseNumber: 'is this same case' });
      await work(trx, one, other, now);
      return { one, other, links: await listLinkedCaseNumbers(trx, one.id) };
    });
    for (const record of [one, other]) deps.events.publish({ type: 'case.updated', caseId: record.id, caseNumber: record.number });
    return links;
  }

  return {
    link(caseNumber, input, agent) {
      const kind = input.kind ?? 'related';
      return onPair(caseNumber, input.caseNumber, async (trx, one, other, now) => {
        const existing = await findLinkKind(trx, one.id, other.id);
        if (existing === kind) return;
        if (existing && (MERGE_LINK_KINDS as readonly string[]).includes(existing)) {
          throw new AppError('validation.failed', 'These cases are merged; that link cannot change.', { caseNumber: 'is merged with this case' });
        }
        await upsertLinkPair(trx, { caseId: one.id, otherId: other.id, kind, reverseKind: kind }, now);
        const actor = { type: 'agent' as const, id: agent.id };
        await recordCaseAction(trx, { record: one, type: 'case.linked', actor, at: now, data: { caseNumber: other.number, kind, previousKind: existing } });
        await recordCaseAction(trx, { record: other, type: 'case.linked', actor, at: now, data: { caseNumber: one.number, kind, previousKind: existing } });
      });
    },

    unlink(caseNumber, otherNumber, agent) {
      return onPair(caseNumber, otherNumber, async (trx, one, other, now) => {
        const existing = await findLinkKind(trx, one.id, other.id);
        if (existing === null) throw new AppError('case.link_not_found', 'These cases are not linked.');
        if ((MERGE_LINK_KINDS as readonly string[]).includes(existing)) {
          throw new AppError('validation.failed', 'A merge link cannot be removed.', { other: 'is merged with this case' });
        }
        await deleteLinkPair(trx, one.id, other.id);
        const actor = { type: 'agent' as const, id: agent.id };
        await recordCaseAction(trx, { record: one, type: 'case.unlinked', actor, at: now, data: { caseNumber: other.number, kind: existing } });
        await recordCaseAction(trx, { record: other, type: 'case.unlinked', actor, at: now, data: { caseNumber: one.number, kind: existing } });
      });
    },
  };
}
