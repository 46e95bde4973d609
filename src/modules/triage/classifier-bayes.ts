import type { FeatureVector } from './classifier-features.js';
import { softmaxInPlace } from './classifier-logreg.js';
import { createTable, ensureRow, type FeatureTable } from './classifier-table.js';

/**
 * Multinomial naive Bayes over (normalised) term weights with Laplace smoothing. Its state is
 * plain sums, so learning one more example is exact: add its weights to its class.
 */
export type BayesParams = {
  alpha: number;
  /** Per feature, the summed weight in each class. */
  counts: FeatureTable;
  /** Summed weight of all features per class. */
  totals: Float64Array;
  /** Number of (weighted) examples per class, for the prior. */
  documents: Float64Array;
};

type Labelled = { vector: FeatureVector; label: number; weight: number };

export function addToBayes(params: BayesParams, example: Labelled): void {
  const { vector, label, weight } = example;
  const classes = params.totals.length;
  for (const [feature, value] of vector) {
    const cell = ensureRow(params.counts, feature) * classes + label;
    params.counts.values[cell] = (params.counts.values[cell] ?? 0) + value * weight;
    params.totals[label] = (params.totals[label] ?? 0) + value * weight;
  }
  params.documents[label] = (params.documents[label] ?? 0) + weight;
}

export function trainBayes(examples: readonly Labelled[], classes: number, alpha: number): BayesParams {
  const params: BayesParams = {
    alpha,
    counts: createTable(classes, 1 << 16),
    totals: new Float64Array(classes),
    documents: new Float64Array(classes),
  };
  for (const example of examples) addToBayes(params, example);
  return params;
}

/**
 * Class probabilities. Log-likelihoods of normalised vectors are on a small scale, so the
 * softmax gives usable (if still overconfident) probabilities; `temperature` softens them.
 */
export function bayesProbabilities(params: BayesParams, vector: FeatureVector, out: Float64Array, temperature = 1): Float64Array {
  const classes = out.length;
  const { alpha, counts } = params;
  const vocabulary = counts.features.length + 1;
  let documents = 0;
  for (const d of params.documents) documents += d;
  const denominators = new Float64Array(classes);
  for (let k = 0; k < classes; k++) {
    denominators[k] = Math.log((params.totals[k] ?? 0) + alpha * vocabulary);
    out[k] = Math.log(((params.documents[k] ?? 0) + 1) / (documents + classes));
  }
  for (const [feature, value] of vector) {
    const row = counts.index.get(feature);
    if (row === undefined) continue;
    const base = row * classes;
    for (let k = 0; k < classes; k++) {
      out[k] = (out[k] ?? 0) + value * (Math.log((counts.values[base + k] ?? 0) + alpha) - (denominators[k] ?? 0));
    }
  }
  for (let k = 0; k < classes; k++) out[k] = (out[k] ?? 0) / temperature;
  return softmaxInPlace(out);
}
