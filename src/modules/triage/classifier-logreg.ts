import type { FeatureVector } from './classifier-features.js';
import { createTable, ensureRow, toRows, type FeatureTable, type SparseRows } from './classifier-table.js';

/**
 * Multinomial logistic regression (softmax) over hashed sparse features, trained by
 * averaged stochastic gradient descent. Averaging the weights over every step is a cheap,
 * well-known regulariser: it replaces an explicit L2 term and keeps updates sparse.
 */
export type LogRegParams = { weights: FeatureTable; bias: Float64Array };

export type LogRegOptions = { epochs: number; learningRate: number; seed: number };

export const DEFAULT_LOGREG_OPTIONS: LogRegOptions = { epochs: 20, learningRate: 2, seed: 20240601 };

type Labelled = { vector: FeatureVector; label: number; weight: number };
type Resolved = { x: SparseRows; label: number; weight: number };

/** Deterministic PRNG (mulberry32) so that training twice gives the same model. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function softmaxInPlace(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    const e = Math.exp((scores[k] ?? 0) - max);
    scores[k] = e;
    sum += e;
  }
  for (let k = 0; k < scores.length; k++) scores[k] = (scores[k] ?? 0) / sum;
  return scores;
}

function rowProbabilities(params: LogRegParams, x: SparseRows, out: Float64Array): Float64Array {
  const { classes, values: w } = params.weights;
  out.set(params.bias);
  for (let i = 0; i < x.rows.length; i++) {
    const base = (x.rows[i] ?? 0) * classes;
    const value = x.values[i] ?? 0;
    for (let k = 0; k < classes; k++) out[k] = (out[k] ?? 0) + value * (w[base + k] ?? 0);
  }
  return softmaxInPlace(out);
}

/** Softmax of the linear scores, written into `out`; unknown features are ignored. */
export function logRegProbabilities(params: LogRegParams, vector: FeatureVector, out: Float64Array): Float64Array {
  return rowProbabilities(params, toRows(params.weights, vector, false), out);
}

/**
 * One gradient step; `sums` (when given) accumulates time-weighted updates for averaging:
 * average = w − sums / time.
 */
function step(params: LogRegParams, example: Resolved, rate: number, scratch: Float64Array, sums?: Float64Array, sumBias?: Float64Array, time = 0): void {
  const classes = params.bias.length;
  const gradient = rowProbabilities(params, example.x, scratch);
  for (let k = 0; k < classes; k++) gradient[k] = rate * example.weight * ((k === example.label ? 1 : 0) - (gradient[k] ?? 0));
  const w = params.weights.values;
  const { rows, values } = example.x;
  for (let i = 0; i < rows.length; i++) {
    const base = (rows[i] ?? 0) * classes;
    const value = values[i] ?? 0;
    for (let k = 0; k < classes; k++) {
      const delta = value * (gradient[k] ?? 0);
      w[base + k] = (w[base + k] ?? 0) + delta;
      if (sums) sums[base + k] = (sums[base + k] ?? 0) + time * delta;
    }
  }
  for (let k = 0; k < classes; k++) {
    params.bias[k] = (params.bias[k] ?? 0) + (gradient[k] ?? 0);
    if (sumBias) sumBias[k] = (sumBias[k] ?? 0) + time * (gradient[k] ?? 0);
  }
}

/** Trains from scratch; the example order is shuffled per epoch with a seeded PRNG. */
export function trainLogReg(examples: readonly Labelled[], classes: number, options: LogRegOptions = DEFAULT_LOGREG_OPTIONS): LogRegParams {
  const params: LogRegParams = { weights: createTable(classes, 1 << 16), bias: new Float64Array(classes) };
  const resolved: Resolved[] = examples.map((e) => ({ x: toRows(params.weights, e.vector, true), label: e.label, weight: e.weight }));
  const sums = new Float64Array(params.weights.values.length);
  const sumBias = new Float64Array(classes);
  const scratch = new Float64Array(classes);
  const random = createRandom(options.seed);
  const order = resolved.map((_, i) => i);
  let time = 1;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    const rate = options.learningRate / (1 + epoch * 0.2);
    for (const index of order) {
      const example = resolved[index];
      if (example) step(params, example, rate, scratch, sums, sumBias, time);
      time++;
    }
  }
  const w = params.weights.values;
  for (let i = 0; i < params.weights.features.length * classes; i++) w[i] = (w[i] ?? 0) - (sums[i] ?? 0) / time;
  for (let k = 0; k < classes; k++) params.bias[k] = (params.bias[k] ?? 0) - (sumBias[k] ?? 0) / time;
  return params;
}

/**
 * Online update for one new example (an agent's correction): repeated small steps until
 * the model gives the corrected topic at least `target` probability, capped in steps so a
 * single odd example cannot wreck the model.
 */
export function learnOne(params: LogRegParams, vector: FeatureVector, label: number, weight: number, rate: number, target = 0.6, maxSteps = 40): void {
  for (const feature of vector.keys()) ensureRow(params.weights, feature);
  const example: Resolved = { x: toRows(params.weights, vector, false), label, weight };
  const scratch = new Float64Array(params.bias.length);
  for (let i = 0; i < maxSteps; i++) {
    if ((rowProbabilities(params, example.x, scratch)[label] ?? 0) >= target) return;
    step(params, example, rate, scratch);
  }
}
