import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import type { Dialect } from '../../storage/dialect-helpers.js';
import { DEFAULT_DEPARTMENTS, DEFAULT_TOPICS } from './default-topics.js';
import { localize } from './topic.js';
import { insertMissingDefaults, listTopics } from './topics.repository.js';

export type PublicTopic = {
  slug: string;
  name: string;
  department: string;
  departmentName: string;
  urgentGuidance?: string;
  fields: { name: string; required: boolean }[];
};

export interface TopicService {
  listForCustomers(locale: string | undefined): Promise<PublicTopic[]>;
  /** Idempotent: inserts the default departments and topics that are missing. */
  seedDefaults(now: Date): Promise<{ departments: number; topics: number }>;
}

export function createTopicService(deps: { db: Kysely<Database>; dialect: Dialect }): TopicService {
  return {
    async listForCustomers(locale) {
      const lang = locale?.toLowerCase().slice(0, 2);
      const topics = await listTopics(deps.db, { activeOnly: true });
      return topics.map((topic) => ({
        slug: topic.slug,
        name: localize(topic.names, lang),
        department: topic.department.slug,
        departmentName: topic.department.name,
        ...(topic.urgentGuidance ? { urgentGuidance: localize(topic.urgentGuidance, lang) } : {}),
        fields: [
          { name: 'name', required: true },
          { name: 'email', required: true },
          ...topic.fields,
          { name: 'description', required: true },
        ],
      }));
    },
    seedDefaults(now) {
      return deps.db.transaction().execute((trx) =>
        insertMissingDefaults(trx, deps.dialect, { departments: DEFAULT_DEPARTMENTS, topics: DEFAULT_TOPICS }, now),
      );
    },
  };
}
