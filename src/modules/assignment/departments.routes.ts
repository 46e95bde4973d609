import { Type } from 'typebox';
import { currentAgent, requireAgent } from '../../http/auth.js';
import type { HttpApp } from '../../http/types.js';
import type { AuthService } from '../agents/auth.service.js';
import { ASSIGNMENT_MODES } from './assignment.js';
import type { DepartmentSettings } from './assignment.repository.js';
import type { DepartmentService } from './departments.service.js';

const Mode = Type.Enum(ASSIGNMENT_MODES, {
  description: 'manual: cases wait in the queue; round_robin: the available member assigned least recently; least_open: the available member with the fewest open cases',
});
const DepartmentSchema = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  assignmentMode: Mode,
  members: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), active: Type.Boolean(), available: Type.Boolean() })),
});
const DepartmentParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 100 }) });
const DepartmentPatch = Type.Object(
  { name: Type.Optional(Type.String({ maxLength: 200 })), assignmentMode: Type.Optional(Mode) },
  { additionalProperties: false, minProperties: 1 },
);

/** Departments and their assignment mode: supervisors and admins (members are set per agent). */
export function registerDepartmentRoutes(app: HttpApp, deps: { auth: AuthService; departments: DepartmentService }): void {
  const supervisors = requireAgent(deps.auth, 'supervisor');

  app.get('/api/v1/admin/departments', {
    schema: { response: { 200: Type.Object({ departments: Type.Array(DepartmentSchema) }) } },
    preValidation: supervisors,
  }, async () => ({ departments: (await deps.departments.list()).map(present) }));

  app.patch('/api/v1/admin/departments/:slug', {
    schema: { params: DepartmentParams, body: DepartmentPatch, response: { 200: Type.Object({ department: DepartmentSchema }) } },
    preValidation: supervisors,
  }, async (request) => ({ department: present(await deps.departments.update(request.params.slug, request.body, currentAgent(request))) }));
}

function present(department: DepartmentSettings) {
  return { slug: department.slug, name: department.name, assignmentMode: department.assignmentMode, members: department.members };
}
