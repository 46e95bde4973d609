import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { Database } from '../../storage/database.js';
import type { Agent } from '../agents/agent.js';
import { recordAudit } from '../audit/index.js';
import type { AssignmentMode } from './assignment.js';
import { listDepartmentSettings, updateDepartmentSettings, type DepartmentSettings } from './assignment.repository.js';

export interface DepartmentService {
  list(): Promise<DepartmentSettings[]>;
  /** Renames a department or changes how its cases are assigned; audited. */
  update(slug: string, change: { name?: string | undefined; assignmentMode?: AssignmentMode | undefined }, actor: Agent): Promise<DepartmentSettings>;
}

export function createDepartmentService(deps: { db: Kysely<Database>; clock: Clock }): DepartmentService {
  return {
    list: () => listDepartmentSettings(deps.db),
    async update(slug, change, actor) {
      const name = change.name?.trim();
      if (name === '') throw new AppError('validation.failed', 'Give the department a name.', { name: 'must not be blank' });
      const now = deps.clock.now();
      return deps.db.transaction().execute(async (trx) => {
        const [before] = await listDepartmentSettings(trx, slug);
        if (!before) throw new AppError('department.not_found', 'There is no such department.');
        await updateDepartmentSettings(trx, before.id, { name, assignmentMode: change.assignmentMode });
        const [after] = await listDepartmentSettings(trx, slug);
        if (!after) throw new Error(`department ${slug} vanished`);
        await recordAudit(trx, {
          actorType: 'agent', actorId: actor.id, action: 'department.updated', subject: `department:${slug}`, at: now,
          data: { before: { name: before.name, assignmentMode: before.assignmentMode }, after: { name: after.name, assignmentMode: after.assignmentMode } },
        });
        return after;
      });
    },
  };
}
