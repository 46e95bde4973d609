import { softmaxInPlace, type LabelledRows } from './classifier-logreg.js';
import { growTable, type FeatureTable, type SparseRows } from './classifier-table.js';

/**
 * Multinomial naive Bayes over (normalised) term weights with Laplace smoothing. Its state is
 * plain sums, so learning one more example is exact: add its weights to its class.
 */
export type BayesParams = {
  alpha: number;
  /** Per feature row, the summed weight in each class. */
  counts: FeatureTable;
  /** log(count + alpha), kept in step with `counts` so prediction needs no logarithms. */
  logCounts: FeatureTable;
  /** Summed weight of all features per class. */
  totals: Float64Array;
  /** Number of (weighted) examples per class, for the prior. */
  documents: Float64Array;
};

export function createBayes(classes: number, rows: number, alpha: number): BayesParams {
  return {
    alpha,
    counts: { columns: classes, values: new Float64Array(Math.max(1, rows) * classes) },
    logCounts: { columns: classes, values: new Float64Array(Math.max(1, rows) * classes).fill(Math.log(alpha)) },
    totals: new Float64Array(classes),
    documents: new Float64Array(classes),
  };
}

/** Recomputes the cached logarithms (after loading, or of the rows an example touched). */
export function refreshLogCounts(params: BayesParams, rows?: Iterable<number>): void {
  const { columns, values } = params.counts;
  growTable(params.logCounts, values.length / columns);
  const logs = params.logCounts.values;
  const refresh = (row: number): void => {
    for (let k = 0; k < columns; k++) logs[row * columns + k] = Math.log((values[row * columns + k] ?? 0) + params.alpha);
  };
  if (rows) for (const row of rows) refresh(row);
  else for (let row = 0; row < values.length / columns; row++) refresh(row);
}

export function addToBayes(params: BayesParams, example: LabelledRows, vocabularySize: number): void {
  const { x, label, weight } = example;
  const classes = params.totals.length;
  growTable(params.counts, vocabularySize);
  const counts = params.counts.values;
  for (let i = 0; i < x.rows.length; i++) {
    const cell = (x.rows[i] ?? 0) * classes + label;
    const add = (x.values[i] ?? 0) * weight;
    counts[cell] = (counts[cell] ?? 0) + add;
    params.totals[label] = (params.totals[label] ?? 0) + add;
  }
  params.documents[label] = (params.documents[label] ?? 0) + weight;
}

export function trainBayes(examples: readonly LabelledRows[], classes: number, rows: number, alpha: number): BayesParams {
  const params = createBayes(classes, rows, alpha);
  for (const example of examples) addToBayes(params, example, rows);
  refreshLogCounts(params);
  return params;
}

/**
 * Class probabilities: log prior + Σ value · (log(count + α) − log(total + α·V)). Scores of
 * normalised vectors are on a small scale; `temperature` softens the softmax further.
 */
export function bayesProbabilities(params: BayesParams, x: SparseRows, vocabularySize: number, out: Float64Array, temperature = 1): Float64Array {
  const classes = out.length;
  const logs = params.logCounts.values;
  let documents = 0;
  for (const d of params.documents) documents += d;
  let mass = 0;
  out.fill(0);
  for (let i = 0; i < x.rows.length; i++) {
    const base = (x.rows[i] ?? 0) * classes;
    const value = x.values[i] ?? 0;
    mass += value;
    if (base >= logs.length) continue;
    for (let k = 0; k < classes; k++) out[k] = (out[k] ?? 0) + value * (logs[base + k] ?? 0);
  }
  for (let k = 0; k < classes; k++) {
    const prior = Math.log(((params.documents[k] ?? 0) + 1) / (documents + classes));
    const denominator = Math.log((params.totals[k] ?? 0) + params.alpha * (vocabularySize + 1));
    out[k] = (prior + (out[k] ?? 0) - mass * denominator) / temperature;
  }
  return softmaxInPlace(out);
}
