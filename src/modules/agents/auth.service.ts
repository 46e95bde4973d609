import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError, type FieldErrors } from '../../kernel/errors.js';
import { newId, newToken } from '../../kernel/ids.js';
import type { Logger } from '../../kernel/log.js';
import type { Database, Executor } from '../../storage/database.js';
import { recordAudit, type AuditActorType } from '../audit/index.js';
import {
  SIGN_IN_POLICY,
  isLocked,
  normalizeAgentEmail,
  type Agent,
  type AgentRole,
} from './agent.js';
import {
  countAgents,
  createSession,
  deleteExpiredSessions,
  deleteSession,
  findAgentByEmail,
  findValidSession,
  insertAgent,
  lockAgentUntil,
  recordFailedLogin,
  resetFailedLogins,
  type AgentCredentials,
} from './agents.repository.js';
import { checkPasswordPolicy, generatePassword, hashPassword, verifyPassword } from './passwords.js';
import { isPlausibleEmail } from '../customers/customer.js';

export type LoginResult = { agent: Agent; sessionToken: string; csrfToken: string; expiresAt: Date };
export type AuthenticatedSession = { agent: Agent; csrfToken: string; sessionId: string };
export type NewAgentInput = { email: string; name: string; role: AgentRole; password: string };
export type AuditActor = { type: AuditActorType; id: string | null };
export type BootstrapAdminOptions = { email?: string | undefined; password?: string | undefined; defaultEmail: string };
export type BootstrapAdminResult = { created: true; email: string; password: string } | { created: false };

/** Agent sign-in, sessions and accounts. */
export interface AuthService {
  /** Opens a session; throws `auth.invalid_credentials` (unknown email or wrong password alike) or `auth.locked`. */
  login(email: string, password: string, clientAddress: string): Promise<LoginResult>;
  /** Ends the session the token belongs to; unknown tokens are ignored. */
  logout(sessionToken: string, clientAddress?: string): Promise<void>;
  /** The active agent behind an unexpired session token, or null. */
  authenticate(sessionToken: string): Promise<AuthenticatedSession | null>;
  /** Creates an active agent; throws `agent.exists` or `validation.failed`. */
  createAgent(input: NewAgentInput, actor?: AuditActor): Promise<Agent>;
  /** On an empty agents table only, creates an admin (generating a password when none is given). */
  ensureBootstrapAdmin(options: BootstrapAdminOptions): Promise<BootstrapAdminResult>;
}

export type AuthServiceDeps = { db: Kysely<Database>; clock: Clock; log: Logger };

const SYSTEM: AuditActor = { type: 'system', id: null };

function invalidCredentials(): AppError {
  return new AppError('auth.invalid_credentials', 'The email address or password is not correct.');
}

function locked(until: Date, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError('auth.locked', `Too many failed sign-ins: this account is locked. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
}

export function createAuthService({ db, clock, log }: AuthServiceDeps): AuthService {
  // Unknown emails still cost one verification, so response time does not reveal which emails exist.
  let dummyHash: Promise<string> | undefined;
  const spendVerification = async (password: string): Promise<void> => {
    dummyHash ??= hashPassword(newToken());
    await verifyPassword(await dummyHash, password);
  };

  async function auditSignInFailure(
    executor: Executor,
    reason: 'unknown_email' | 'inactive' | 'locked' | 'wrong_password',
    details: { agentId: string | null; email: string; clientAddress: string; now: Date; lockedNow?: boolean },
  ): Promise<void> {
    await recordAudit(executor, {
      actorType: 'agent',
      actorId: null,
      action: 'agent.sign_in_failed',
      subject: details.agentId === null ? null : `agent:${details.agentId}`,
      data: {
        reason,
        clientAddress: details.clientAddress,
        ...(details.agentId === null ? { email: details.email.slice(0, 254) } : {}),
        ...(details.lockedNow ? { locked: true } : {}),
      },
      at: details.now,
    });
    log.warn({ agentId: details.agentId, reason }, 'agent sign-in failed');
  }

  async function failWrongPassword(found: AgentCredentials, email: string, clientAddress: string, now: Date): Promise<never> {
    const until = new Date(now.getTime() + SIGN_IN_POLICY.lockMs);
    const lockedNow = await db.transaction().execute(async (trx) => {
      const failures = await recordFailedLogin(trx, found.agent.id);
      const lock = failures >= SIGN_IN_POLICY.maxConsecutiveFailures;
      if (lock) await lockAgentUntil(trx, found.agent.id, until);
      await auditSignInFailure(trx, 'wrong_password', { agentId: found.agent.id, email, clientAddress, now, lockedNow: lock });
      return lock;
    });
    throw lockedNow ? locked(until, now) : invalidCredentials();
  }

  async function openSession(agent: Agent, clientAddress: string, now: Date): Promise<LoginResult> {
    const sessionToken = newToken();
    const csrfToken = newToken();
    const expiresAt = new Date(now.getTime() + SIGN_IN_POLICY.sessionMs);
    await db.transaction().execute(async (trx) => {
      await resetFailedLogins(trx, agent.id);
      await deleteExpiredSessions(trx, now);
      await createSession(trx, { token: sessionToken, agentId: agent.id, csrfToken, createdAt: now, expiresAt });
      await recordAudit(trx, {
        actorType: 'agent',
        actorId: agent.id,
        action: 'agent.signed_in',
        subject: `agent:${agent.id}`,
        data: { clientAddress },
        at: now,
      });
    });
    log.info({ agentId: agent.id }, 'agent signed in');
    return { agent, sessionToken, csrfToken, expiresAt };
  }

  function validateNewAgent(input: NewAgentInput): { email: string; name: string } {
    const email = normalizeAgentEmail(input.email);
    const name = input.name.trim();
    const fields: FieldErrors = {};
    if (!isPlausibleEmail(email)) fields.email = 'must be an email address';
    if (name.length === 0 || name.length > 200) fields.name = 'must be between 1 and 200 characters long';
    const passwordProblem = checkPasswordPolicy(input.password);
    if (passwordProblem !== null) fields.password = passwordProblem;
    if (Object.keys(fields).length > 0) throw new AppError('validation.failed', 'Some fields need attention.', fields);
    return { email, name };
  }

  /** Inserts and audits in one transaction; null when the email is taken (or `onlyIfEmpty` and agents exist). */
  async function addAgent(input: NewAgentInput, actor: AuditActor, onlyIfEmpty: boolean): Promise<Agent | null> {
    const { email, name } = validateNewAgent(input);
    const passwordHash = await hashPassword(input.password);
    const now = clock.now();
    const agent: Agent = { id: newId(now.getTime()), email, name, role: input.role, active: true, createdAt: now };
    const inserted = await db.transaction().execute(async (trx) => {
      if (onlyIfEmpty && (await countAgents(trx)) > 0) return false;
      if ((await insertAgent(trx, { ...agent, passwordHash })) === 'duplicate') return false;
      await recordAudit(trx, {
        actorType: actor.type,
        actorId: actor.id,
        action: 'agent.created',
        subject: `agent:${agent.id}`,
        data: { role: agent.role },
        at: now,
      });
      return true;
    });
    if (inserted) log.info({ agentId: agent.id, role: agent.role }, 'agent created');
    return inserted ? agent : null;
  }

  return {
    async login(email, password, clientAddress) {
      const now = clock.now();
      const normalized = normalizeAgentEmail(email);
      const found = await findAgentByEmail(db, normalized);
      if (!found || !found.agent.active) {
        await spendVerification(password);
        const reason = found ? 'inactive' : 'unknown_email';
        await auditSignInFailure(db, reason, { agentId: found?.agent.id ?? null, email: normalized, clientAddress, now });
        throw invalidCredentials();
      }
      if (found.lockedUntil !== null && isLocked(found.lockedUntil, now)) {
        await auditSignInFailure(db, 'locked', { agentId: found.agent.id, email: normalized, clientAddress, now });
        throw locked(found.lockedUntil, now);
      }
      if (!(await verifyPassword(found.passwordHash, password))) {
        return failWrongPassword(found, normalized, clientAddress, now);
      }
      return openSession(found.agent, clientAddress, now);
    },

    async logout(sessionToken, clientAddress) {
      if (sessionToken === '') return;
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const agentId = await deleteSession(trx, sessionToken);
        if (agentId === null) return;
        await recordAudit(trx, {
          actorType: 'agent',
          actorId: agentId,
          action: 'agent.signed_out',
          subject: `agent:${agentId}`,
          data: clientAddress === undefined ? {} : { clientAddress },
          at: now,
        });
        log.info({ agentId }, 'agent signed out');
      });
    },

    async authenticate(sessionToken) {
      if (sessionToken === '') return null;
      const found = await findValidSession(db, sessionToken, clock.now());
      if (!found || !found.agent.active) return null;
      return { agent: found.agent, csrfToken: found.session.csrfToken, sessionId: found.session.id };
    },

    async createAgent(input, actor = SYSTEM) {
      const agent = await addAgent(input, actor, false);
      if (!agent) throw new AppError('agent.exists', 'An agent with this email address already exists.', { email: 'is already taken' });
      return agent;
    },

    async ensureBootstrapAdmin(options) {
      if ((await countAgents(db)) > 0) return { created: false };
      const email = normalizeAgentEmail(options.email ?? options.defaultEmail);
      const password = options.password ?? generatePassword();
      const agent = await addAgent({ email, name: 'Administrator', role: 'admin', password }, SYSTEM, true);
      return agent ? { created: true, email: agent.email, password } : { created: false };
    },
  };
}
