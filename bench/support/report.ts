/** One printed figure: `name: value unit`. */
export type Figure = { name: string; value: number; unit: string };

/** A goal from the issue and whether this run met it; benchmarks report goals, they do not gate. */
export type GoalCheck = { goal: string; pass: boolean };

export type BenchmarkReport = {
  name: string;
  figures: Figure[];
  goals: GoalCheck[];
  /** Everything else worth keeping in the JSON results (raw counts, settings, per-phase latencies). */
  details: Record<string, unknown>;
};

export function formatFigure(figure: Figure): string {
  return `${figure.name}: ${Number.isFinite(figure.value) ? figure.value : 'n/a'} ${figure.unit}`;
}

export function formatGoal(check: GoalCheck): string {
  return `goal ${check.goal}: ${check.pass ? 'PASS' : 'FAIL'}`;
}
