/** How a department's new cases find an agent; `manual` leaves them in the queue. */
export const ASSIGNMENT_MODES = ['manual', 'round_robin', 'least_open'] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];

export function isAssignmentMode(value: string): value is AssignmentMode {
  return (ASSIGNMENT_MODES as readonly string[]).includes(value);
}

/** An active, available member of the department. */
export type AssignmentCandidate = {
  agentId: string;
  /** When the agent last got a case of this department automatically; null: never. */
  lastAssignedAt: Date | null;
  /** The agent's cases in new, open or pending_customer, across departments (their whole load). */
  openCases: number;
};

const never = (candidate: AssignmentCandidate) => candidate.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY;

/**
 * Who gets the next case: round-robin picks the member assigned least recently (never first);
 * least-open picks the member with the fewest open cases, ties going round-robin. The agent id
 * breaks the last ties so the choice is deterministic. Null: manual mode, or nobody available.
 */
export function chooseAssignee(mode: AssignmentMode, candidates: readonly AssignmentCandidate[]): string | null {
  if (mode === 'manual' || candidates.length === 0) return null;
  const byRecency = (a: AssignmentCandidate, b: AssignmentCandidate) => never(a) - never(b) || a.agentId.localeCompare(b.agentId);
  const order = mode === 'least_open' ? (a: AssignmentCandidate, b: AssignmentCandidate) => a.openCases - b.openCases || byRecency(a, b) : byRecency;
  return [...candidates].sort(order)[0]?.agentId ?? null;
}
