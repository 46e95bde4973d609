import { RATINGS } from './survey-policy.js';

/** Surveys sent in a period, counted per department, agent and rating (null: not answered). */
export type SurveyCountRow = {
  departmentSlug: string;
  departmentName: string;
  agentId: string | null;
  agentName: string | null;
  rating: number | null;
  count: number;
};

/** The figures of one group of surveys. */
export type SatisfactionFigures = {
  sent: number;
  answered: number;
  /** answered / sent, 0–1 to four places; null when nothing was sent. */
  responseRate: number | null;
  /** Mean rating to two places; null when nothing was answered. */
  average: number | null;
  distribution: { rating: number; count: number }[];
};

export type SatisfactionSummary = {
  overall: SatisfactionFigures;
  departments: (SatisfactionFigures & { slug: string; name: string })[];
  agents: (SatisfactionFigures & { id: string | null; name: string | null })[];
};

const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;

function figuresOf(rows: readonly SurveyCountRow[]): SatisfactionFigures {
  const counts = new Map<number, number>(RATINGS.map((r) => [r, 0]));
  let sent = 0;
  for (const row of rows) {
    sent += row.count;
    if (row.rating !== null) counts.set(row.rating, (counts.get(row.rating) ?? 0) + row.count);
  }
  const distribution = RATINGS.map((rating) => ({ rating, count: counts.get(rating) ?? 0 }));
  const answered = distribution.reduce((sum, d) => sum + d.count, 0);
  const total = distribution.reduce((sum, d) => sum + d.rating * d.count, 0);
  return {
    sent,
    answered,
    responseRate: sent === 0 ? null : round(answered / sent, 4),
    average: answered === 0 ? null : round(total / answered, 2),
    distribution,
  };
}

function groupBy<K>(rows: readonly SurveyCountRow[], key: (row: SurveyCountRow) => K): Map<K, SurveyCountRow[]> {
  const groups = new Map<K, SurveyCountRow[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

const byName = (a: { name: string | null }, b: { name: string | null }) => (a.name ?? '').localeCompare(b.name ?? '');

/** Overall, per-department and per-agent figures from the grouped counts. */
export function summarizeSurveys(rows: readonly SurveyCountRow[]): SatisfactionSummary {
  const departments = [...groupBy(rows, (r) => r.departmentSlug).values()].map((group) => ({
    slug: group[0]!.departmentSlug, name: group[0]!.departmentName, ...figuresOf(group),
  }));
  const agents = [...groupBy(rows, (r) => r.agentId).values()].map((group) => ({
    id: group[0]!.agentId, name: group[0]!.agentName, ...figuresOf(group),
  }));
  return { overall: figuresOf(rows), departments: departments.sort(byName), agents: agents.sort(byName) };
}
