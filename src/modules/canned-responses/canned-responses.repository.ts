import type { Executor } from '../../storage/database.js';
import { dialectOf, fromDbBool, fromDbTime, toDbBool, toDbTime } from '../../storage/dialect-helpers.js';

/** A reply text admins prepare; `body` is a template (template.ts). */
export type CannedResponse = {
  id: string;
  title: string;
  body: string;
  language: string;
  department: { id: string; slug: string; name: string } | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
};

function selectCanned(executor: Executor) {
  return executor
    .selectFrom('canned_responses')
    .leftJoin('departments', 'departments.id', 'canned_responses.department_id')
    .selectAll('canned_responses')
    .select(['departments.slug as department_slug', 'departments.name as department_name']);
}

type CannedRow = Awaited<ReturnType<ReturnType<typeof selectCanned>['executeTakeFirstOrThrow']>>;

function toCanned(row: CannedRow): CannedResponse {
  const department = row.department_id && row.department_slug && row.department_name
    ? { id: row.department_id, slug: row.department_slug, name: row.department_name }
    : null;
  return {
    id: row.id, title: row.title, body: row.body, language: row.language, department, active: fromDbBool(row.active),
    createdAt: fromDbTime(row.created_at), updatedAt: fromDbTime(row.updated_at),
  };
}

export type CannedFilter = { activeOnly: boolean; language?: string | undefined; departmentId?: string | undefined };

/** By title; with a department, the department's own responses and those for every department. */
export async function listCannedResponses(executor: Executor, filter: CannedFilter): Promise<CannedResponse[]> {
  let query = selectCanned(executor).orderBy('canned_responses.title').orderBy('canned_responses.id');
  if (filter.activeOnly) query = query.where('canned_responses.active', '=', toDbBool(true, dialectOf(executor)));
  if (filter.language) query = query.where('canned_responses.language', '=', filter.language);
  const departmentId = filter.departmentId;
  if (departmentId) query = query.where((eb) => eb.or([eb('canned_responses.department_id', 'is', null), eb('canned_responses.department_id', '=', departmentId)]));
  return (await query.execute()).map(toCanned);
}

export async function findCannedResponse(executor: Executor, id: string): Promise<CannedResponse | null> {
  const row = await selectCanned(executor).where('canned_responses.id', '=', id).executeTakeFirst();
  return row ? toCanned(row) : null;
}

/** Inserts or replaces the row with this id. */
export async function saveCannedResponse(executor: Executor, canned: CannedResponse): Promise<void> {
  const row = {
    id: canned.id, title: canned.title, body: canned.body, language: canned.language, department_id: canned.department?.id ?? null,
    active: toDbBool(canned.active, dialectOf(executor)), created_at: toDbTime(canned.createdAt), updated_at: toDbTime(canned.updatedAt),
  };
  const { id: _id, created_at: _created, ...changes } = row;
  await executor.insertInto('canned_responses').values(row).onConflict((oc) => oc.column('id').doUpdateSet(changes)).execute();
}

export async function deleteCannedResponse(executor: Executor, id: string): Promise<void> {
  await executor.deleteFrom('canned_responses').where('id', '=', id).execute();
}
