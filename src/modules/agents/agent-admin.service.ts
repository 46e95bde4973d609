import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError, type FieldErrors } from '../../kernel/errors.js';
import { newId, newToken } from '../../kernel/ids.js';
import type { Database, Executor } from '../../storage/database.js';
import { recordAudit } from '../audit/index.js';
import { isPlausibleEmail } from '../customers/customer.js';
import type { MailSettings } from '../email-out/confirmation.service.js';
import { queueInvitationMail } from '../email-out/invitation-mail.js';
import { listDepartments } from '../topics/topics.repository.js';
import { hasRole, normalizeAgentEmail, type Agent, type AgentRole } from './agent.js';
import {
  deleteSessionsOf, findAgentProfile, listAgentProfiles, replaceAgentDepartments, updateAgentColumns, type AgentProfile,
} from './agent-directory.repository.js';
import { insertAgent } from './agents.repository.js';
import { INVITATION_TTL_MS, consumeInvitation, insertInvitation, revokeInvitations } from './invitations.repository.js';
import { checkPasswordPolicy, hashPassword } from './passwords.js';

export type InviteInput = { email: string; name: string; role: AgentRole; departments?: string[] | undefined };
export type AgentPatch = { name?: string | undefined; role?: AgentRole | undefined; active?: boolean | undefined; available?: boolean | undefined; departments?: string[] | undefined };

/** Placeholder hash of an invited agent: argon2 never verifies it, so nobody signs in before accepting. */
const NO_PASSWORD = '!invited';

export interface AgentAdminService {
  /** Active agents, for every agent (the assign dropdown). */
  directory(): Promise<AgentProfile[]>;
  /** Every agent with its status, for supervisors and admins. */
  list(): Promise<AgentProfile[]>;
  /** Creates an inactive agent and emails a one-use link to choose a password (admins). */
  invite(input: InviteInput, admin: Agent): Promise<{ agent: AgentProfile; expiresAt: Date }>;
  /** Supervisors change availability and departments; only admins change name, role and active. */
  update(id: string, patch: AgentPatch, actor: Agent): Promise<AgentProfile>;
  /** Any agent marks themself available (or not) for automatic assignment. */
  setOwnAvailability(agent: Agent, available: boolean): Promise<AgentProfile>;
  /** The invited agent chooses a password (and may correct their name); the agent becomes active. */
  acceptInvitation(input: { token: string; password: string; name?: string | undefined }): Promise<AgentProfile>;
}

export function createAgentAdminService(deps: { db: Kysely<Database>; clock: Clock; mail: MailSettings }): AgentAdminService {
  const { db, clock } = deps;

  /** Applies an allowed change and audits it with the before and after, in one transaction. */
  async function apply(id: string, patch: AgentPatch, actor: Agent): Promise<AgentProfile> {
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const before = await requireProfile(trx, id);
      if (patch.active === true && before.status === 'invited') {
        throw new AppError('validation.failed', 'This agent has not accepted the invitation yet.', { active: 'the invitation is not accepted yet' });
      }
      const name = patch.name === undefined ? undefined : checkName(patch.name, {});
      await updateAgentColumns(trx, id, { name, role: patch.role, active: patch.active, available: patch.active === false ? false : patch.available });
      if (patch.departments) await replaceAgentDepartments(trx, id, await departmentIdsOf(trx, patch.departments), now);
      if (patch.active === false) {
        await deleteSessionsOf(trx, id);
        await revokeInvitations(trx, id, now);
      }
      const after = await requireProfile(trx, id);
      await recordAudit(trx, { actorType: 'agent', actorId: actor.id, action: 'agent.updated', subject: `agent:${id}`, data: { before: snapshot(before), after: snapshot(after) }, at: now });
      return after;
    });
  }

  return {
    directory: () => listAgentProfiles(db, { activeOnly: true }),
    list: () => listAgentProfiles(db, { activeOnly: false }),

    async invite(input, admin) {
      const email = normalizeAgentEmail(input.email);
      const name = checkName(input.name, isPlausibleEmail(email) ? {} : { email: 'must be an email address' });
      const now = clock.now();
      const token = newToken();
      const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
      const agent = await db.transaction().execute(async (trx) => {
        const departmentIds = await departmentIdsOf(trx, input.departments ?? []);
        const id = newId(now.getTime());
        if ((await insertAgent(trx, { id, email, name, role: input.role, passwordHash: NO_PASSWORD, createdAt: now })) === 'duplicate') {
          throw new AppError('agent.exists', 'An agent with this email address already exists.', { email: 'is already taken' });
        }
        await updateAgentColumns(trx, id, { active: false });
        await replaceAgentDepartments(trx, id, departmentIds, now);
        await insertInvitation(trx, { token, agentId: id, createdBy: admin.id, expiresAt, createdAt: now });
        await queueInvitationMail(trx, deps.mail, { to: email, name, invitedBy: admin.name, token, expiresAt }, now);
        await recordAudit(trx, { actorType: 'agent', actorId: admin.id, action: 'agent.invited', subject: `agent:${id}`, data: { email, role: input.role, departments: input.departments ?? [] }, at: now });
        return requireProfile(trx, id);
      });
      return { agent, expiresAt };
    },

    async update(id, patch, actor) {
      checkPermission(id, patch, actor);
      return apply(id, patch, actor);
    },

    setOwnAvailability: (agent, available) => apply(agent.id, { available }, agent),

    async acceptInvitation(input) {
      const problem = checkPasswordPolicy(input.password);
      const name = input.name === undefined ? undefined : checkName(input.name, problem ? { password: problem } : {});
      if (problem) throw new AppError('validation.failed', 'Some fields need attention.', { password: problem });
      const passwordHash = await hashPassword(input.password);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const invitation = await consumeInvitation(trx, input.token, now);
        if (!invitation) throw new AppError('invitation.invalid', 'This invitation link is not valid any more: ask an administrator for a new one.', { token: 'is unknown, used or expired' });
        await trx.updateTable('agents').set({ password_hash: passwordHash }).where('id', '=', invitation.agentId).execute();
        await updateAgentColumns(trx, invitation.agentId, { name, active: true });
        await recordAudit(trx, { actorType: 'agent', actorId: invitation.agentId, action: 'agent.invitation_accepted', subject: `agent:${invitation.agentId}`, data: {}, at: now });
        return requireProfile(trx, invitation.agentId);
      });
    },
  };
}

/**
 * Supervisors staff their queues (availability, departments); who exists and with which rights is
 * the admins' call. Nobody demotes or deactivates themself, so the last admin cannot lock everyone out.
 */
function checkPermission(id: string, patch: AgentPatch, actor: Agent): void {
  const adminOnly = patch.name !== undefined || patch.role !== undefined || patch.active !== undefined;
  if (!hasRole(actor, adminOnly ? 'admin' : 'supervisor')) throw new AppError('auth.forbidden', 'Your role does not allow this change.');
  if (id === actor.id && ((patch.role !== undefined && patch.role !== actor.role) || patch.active === false)) {
    throw new AppError('validation.failed', 'You cannot change your own role or deactivate yourself.', { [patch.active === false ? 'active' : 'role']: 'ask another admin' });
  }
}

function checkName(input: string, fields: FieldErrors): string {
  const name = input.trim();
  if (name.length === 0 || name.length > 200) fields.name = 'must be between 1 and 200 characters long';
  if (Object.keys(fields).length > 0) throw new AppError('validation.failed', 'Some fields need attention.', fields);
  return name;
}

async function departmentIdsOf(executor: Executor, slugs: string[]): Promise<string[]> {
  const departments = await listDepartments(executor);
  const unknown = slugs.filter((slug) => !departments.some((d) => d.slug === slug));
  if (unknown.length > 0) throw new AppError('validation.failed', 'Unknown department.', { departments: `unknown department ${unknown.join(', ')}` });
  return departments.filter((d) => slugs.includes(d.slug)).map((d) => d.id);
}

async function requireProfile(executor: Executor, id: string): Promise<AgentProfile> {
  const profile = await findAgentProfile(executor, id);
  if (!profile) throw new AppError('agent.not_found', 'There is no such agent.');
  return profile;
}

function snapshot(profile: AgentProfile): Record<string, unknown> {
  return { name: profile.name, role: profile.role, active: profile.active, available: profile.available, departments: profile.departments.map((d) => d.slug) };
}
