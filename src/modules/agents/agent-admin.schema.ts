import { Type } from 'typebox';
import { PASSWORD_MAX_LENGTH } from './passwords.js';

const Role = Type.Union([Type.Literal('agent'), Type.Literal('supervisor'), Type.Literal('admin')]);
const DepartmentSlugs = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50, uniqueItems: true, description: 'department slugs; replaces the whole list' });
const Departments = Type.Array(Type.Object({ slug: Type.String(), name: Type.String() }));

/** One agent as every agent sees them (the assign dropdown). */
const AgentListItem = Type.Object({
  id: Type.String(), name: Type.String(), email: Type.String(), role: Role, available: Type.Boolean(), departments: Departments,
});

/** One agent as supervisors and admins see them. */
const AgentAdminItem = Type.Object({
  ...AgentListItem.properties,
  status: Type.Union([Type.Literal('active'), Type.Literal('invited'), Type.Literal('deactivated')]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const AgentListResponse = Type.Object({ agents: Type.Array(AgentListItem) });
export const AgentAdminListResponse = Type.Object({ agents: Type.Array(AgentAdminItem) });
export const AgentAdminResponse = Type.Object({ agent: AgentAdminItem });
export const InvitedAgentResponse = Type.Object({ agent: AgentAdminItem, invitationExpiresAt: Type.String({ format: 'date-time' }) });

export const AgentIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const InviteAgentBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 320 }), name: Type.String({ maxLength: 200 }), role: Type.Optional(Role), departments: Type.Optional(DepartmentSlugs) },
  { additionalProperties: false },
);

export const UpdateAgentBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200, description: 'admins only' })),
    role: Type.Optional(Role),
    active: Type.Optional(Type.Boolean({ description: 'admins only; false signs the agent out everywhere' })),
    available: Type.Optional(Type.Boolean()),
    departments: Type.Optional(DepartmentSlugs),
  },
  { additionalProperties: false, minProperties: 1, description: 'supervisors may change available and departments; name, role and active need an admin' },
);

export const OwnAvailabilityBody = Type.Object({ available: Type.Boolean() }, { additionalProperties: false });

export const AcceptInviteBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }), name: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);

export const AcceptInviteResponse = Type.Object({ agent: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String(), role: Role }) });
