/** What an agent may do; each role includes the ones below it. */
export type AgentRole = 'agent' | 'supervisor' | 'admin';

export const AGENT_ROLES: readonly AgentRole[] = ['agent', 'supervisor', 'admin'];

/** A staff member who works cases in the console. */
export type Agent = {
  id: string;
  email: string;
  name: string;
  role: AgentRole;
  active: boolean;
  createdAt: Date;
};

/** Sign-in rules: how many consecutive failures lock an account, for how long, and how long a session lasts. */
export const SIGN_IN_POLICY = {
  maxConsecutiveFailures: 5,
  lockMs: 15 * 60 * 1000,
  sessionMs: 12 * 60 * 60 * 1000,
} as const;

const RANK: Readonly<Record<AgentRole, number>> = { agent: 0, supervisor: 1, admin: 2 };

export function isAgentRole(value: unknown): value is AgentRole {
  return typeof value === 'string' && Object.hasOwn(RANK, value);
}

/** True when the agent's role is `required` or above it (admin ⊇ supervisor ⊇ agent). */
export function hasRole(agent: Pick<Agent, 'role'>, required: AgentRole): boolean {
  return RANK[agent.role] >= RANK[required];
}

/**
 * The form agent emails are stored and looked up in: trimmed, NFC, lowercase. Lowercasing the
 * local part is stricter than RFC 5321 allows, but no mail system we meet treats case as distinct,
 * and a sign-in must not fail over a capital letter.
 */
export function normalizeAgentEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/** True while a lock set after too many failed sign-ins is still in force. */
export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}
