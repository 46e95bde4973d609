import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { Database } from '../../storage/database.js';
import { dialectOf, toDbBool, toDbJson } from '../../storage/dialect-helpers.js';
import type { Agent } from '../agents/agent.js';
import { recordAudit } from '../audit/index.js';
import type { LocalizedText, Topic } from './topic.js';
import { findTopicBySlug, listDepartments, listTopics } from './topics.repository.js';

export type TopicPatch = {
  names?: LocalizedText | undefined;
  department?: string | undefined;
  active?: boolean | undefined;
  /** null removes the guidance. */
  urgentGuidance?: LocalizedText | null | undefined;
};

export interface TopicAdminService {
  /** Every topic, inactive ones too, with all its languages. */
  list(): Promise<Topic[]>;
  /** Changes a topic's names, department, active flag or urgent-matter guidance; audited. */
  update(slug: string, patch: TopicPatch, admin: Agent): Promise<Topic>;
}

/** Topic edits reach intake within its 5-second topic cache, like routing rules. */
export function createTopicAdminService(deps: { db: Kysely<Database>; clock: Clock }): TopicAdminService {
  return {
    list: () => listTopics(deps.db, { activeOnly: false }),
    async update(slug, patch, admin) {
      const now = deps.clock.now();
      return deps.db.transaction().execute(async (trx) => {
        const before = await findTopicBySlug(trx, slug);
        if (!before) throw new AppError('topic.unknown', 'No topic has this slug.', { slug: `unknown topic ${slug}` });
        const department = patch.department === undefined ? undefined : (await listDepartments(trx)).find((d) => d.slug === patch.department);
        if (patch.department !== undefined && !department) throw new AppError('validation.failed', 'No department has this slug.', { department: `unknown department ${patch.department}` });
        await trx.updateTable('topics').set({
          ...(patch.names ? { names: toDbJson(trimmed(patch.names)) } : {}),
          ...(patch.urgentGuidance !== undefined ? { urgent_guidance: patch.urgentGuidance === null ? null : toDbJson(trimmed(patch.urgentGuidance)) } : {}),
          ...(department ? { department_id: department.id } : {}),
          ...(patch.active !== undefined ? { active: toDbBool(patch.active, dialectOf(trx)) } : {}),
        }).where('id', '=', before.id).execute();
        const after = await findTopicBySlug(trx, slug);
        if (!after) throw new Error(`topic ${slug} vanished`);
        await recordAudit(trx, { actorType: 'agent', actorId: admin.id, action: 'topic.updated', subject: `topic:${slug}`, data: { before: snapshot(before), after: snapshot(after) }, at: now });
        return after;
      });
    },
  };
}

function trimmed(text: LocalizedText): LocalizedText {
  const entries = Object.entries(text).map(([lang, value]) => [lang, (value ?? '').trim()] as const);
  const blank = entries.find(([, value]) => value === '');
  if (blank) throw new AppError('validation.failed', 'Texts must not be blank.', { [blank[0]]: 'must not be blank' });
  return Object.fromEntries(entries) as LocalizedText;
}

function snapshot(topic: Topic): Record<string, unknown> {
  return { names: topic.names, department: topic.department.slug, active: topic.active, urgentGuidance: topic.urgentGuidance };
}
