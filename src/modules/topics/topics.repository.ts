import type { Executor } from '../../storage/database.js';
import { fromDbBool, fromDbJson, toDbBool, toDbJson, toDbTime, type Dialect } from '../../storage/dialect-helpers.js';
import { newId } from '../../kernel/ids.js';
import type { Department, LocalizedText, Topic, TopicField } from './topic.js';
import type { DefaultTopic } from './default-topics.js';

function selectTopics(executor: Executor) {
  return executor
    .selectFrom('topics')
    .innerJoin('departments', 'departments.id', 'topics.department_id')
    .select([
      'topics.id', 'topics.slug', 'topics.names', 'topics.fields', 'topics.urgent_guidance', 'topics.position', 'topics.active',
      'departments.id as department_id', 'departments.slug as department_slug', 'departments.name as department_name',
    ]);
}

type TopicRow = Awaited<ReturnType<ReturnType<typeof selectTopics>['executeTakeFirstOrThrow']>>;

function toTopic(row: TopicRow): Topic {
  return {
    id: row.id,
    slug: row.slug,
    department: { id: row.department_id, slug: row.department_slug, name: row.department_name },
    names: fromDbJson<LocalizedText>(row.names),
    fields: fromDbJson<TopicField[]>(row.fields),
    urgentGuidance: row.urgent_guidance === null ? null : fromDbJson<LocalizedText>(row.urgent_guidance),
    position: row.position,
    active: fromDbBool(row.active),
  };
}

export async function listTopics(executor: Executor, options: { activeOnly: boolean }): Promise<Topic[]> {
  const rows = await selectTopics(executor).orderBy('topics.position').orderBy('topics.slug').execute();
  const topics = rows.map(toTopic);
  return options.activeOnly ? topics.filter((topic) => topic.active) : topics;
}

export async function findTopicBySlug(executor: Executor, slug: string): Promise<Topic | null> {
  const row = await selectTopics(executor).where('topics.slug', '=', slug).executeTakeFirst();
  return row ? toTopic(row) : null;
}

export async function findTopicById(executor: Executor, id: string): Promise<Topic | null> {
  const row = await selectTopics(executor).where('topics.id', '=', id).executeTakeFirst();
  return row ? toTopic(row) : null;
}

export async function listDepartments(executor: Executor): Promise<Department[]> {
  return executor.selectFrom('departments').select(['id', 'slug', 'name']).orderBy('name').execute();
}

/** Inserts the departments and topics that do not exist yet (by slug); never overwrites an admin's edits. */
export async function insertMissingDefaults(
  executor: Executor,
  dialect: Dialect,
  defaults: { departments: { slug: string; name: string }[]; topics: DefaultTopic[] },
  now: Date,
): Promise<{ departments: number; topics: number }> {
  const createdAt = toDbTime(now);
  let departments = 0;
  for (const department of defaults.departments) {
    const result = await executor
      .insertInto('departments')
      .values({ id: newId(), slug: department.slug, name: department.name, created_at: createdAt })
      .onConflict((oc) => oc.column('slug').doNothing())
      .executeTakeFirst();
    departments += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  const departmentIds = new Map(
    (await executor.selectFrom('departments').select(['id', 'slug']).execute()).map((row) => [row.slug, row.id]),
  );
  let topics = 0;
  for (const [position, topic] of defaults.topics.entries()) {
    const departmentId = departmentIds.get(topic.department);
    if (!departmentId) throw new Error(`Default topic ${topic.slug} names unknown department ${topic.department}`);
    const result = await executor
      .insertInto('topics')
      .values({
        id: newId(),
        slug: topic.slug,
        department_id: departmentId,
        names: toDbJson(topic.names),
        fields: toDbJson(topic.fields),
        urgent_guidance: topic.urgentGuidance ? toDbJson(topic.urgentGuidance) : null,
        position,
        active: toDbBool(true, dialect),
        created_at: createdAt,
      })
      .onConflict((oc) => oc.column('slug').doNothing())
      .executeTakeFirst();
    topics += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return { departments, topics };
}
