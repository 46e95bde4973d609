import { growTable, type FeatureTable, type SparseRows } from './classifier-table.js';
import { seededRandom } from '../../kernel/seeded-random.js';

/**
 * Multinomial logistic regression (softmax) over sparse rows, trained by averaged stochastic
 * gradient descent. Averaging the weights over every step is a cheap, well-known regulariser:
 * it stands in for an explicit L2 term and keeps updates sparse.
 */
export type LogRegParams = { weights: FeatureTable; bias: Float64Array };

export type LogRegOptions = { epochs: number; learningRate: number; seed: number };

export const DEFAULT_LOGREG_OPTIONS: LogRegOptions = { epochs: 20, learningRate: 2, seed: 20240601 };

export type LabelledRows = { x: SparseRows; label: number; weight: number };

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

/** Softmax of the linear scores, written into `out`. */
export function logRegProbabilities(params: LogRegParams, x: SparseRows, out: Float64Array): Float64Array {
  const { columns: classes, values: w } = params.weights;
  out.set(params.bias);
  for (let i = 0; i < x.rows.length; i++) {
    const base = (x.rows[i] ?? 0) * classes;
    if (base >= w.length) continue;
    const value = x.values[i] ?? 0;
    for (let k = 0; k < classes; k++) out[k] = (out[k] ?? 0) + value * (w[base + k] ?? 0);
  }
  return softmaxInPlace(out);
}

type Averaging = { sums: Float64Array; sumBias: Float64Array; time: number };

/** One gradient step; with `averaging`, also accumulates time-weighted updates (average = w − sums / time). */
function step(params: LogRegParams, example: LabelledRows, rate: number, scratch: Float64Array, averaging?: Averaging, updateBias = true): void {
  const classes = params.bias.length;
  const gradient = logRegProbabilities(params, example.x, scratch);
  for (let k = 0; k < classes; k++) gradient[k] = rate * example.weight * ((k === example.label ? 1 : 0) - (gradient[k] ?? 0));
  const w = params.weights.values;
  const time = averaging?.time ?? 0;
  const { rows, values } = example.x;
  for (let i = 0; i < rows.length; i++) {
    const base = (rows[i] ?? 0) * classes;
    const value = values[i] ?? 0;
    for (let k = 0; k < classes; k++) {
      const delta = value * (gradient[k] ?? 0);
      w[base + k] = (w[base + k] ?? 0) + delta;
      if (averaging) averaging.sums[base + k] = (averaging.sums[base + k] ?? 0) + time * delta;
    }
  }
  for (let k = 0; k < classes && updateBias; k++) {
    params.bias[k] = (params.bias[k] ?? 0) + (gradient[k] ?? 0);
    if (averaging) averaging.sumBias[k] = (averaging.sumBias[k] ?? 0) + time * (gradient[k] ?? 0);
  }
}

/** Trains from scratch on rows of a vocabulary of `rows` features; the order is shuffled per epoch with a seeded PRNG. */
export function trainLogReg(examples: readonly LabelledRows[], classes: number, rows: number, options: LogRegOptions = DEFAULT_LOGREG_OPTIONS): LogRegParams {
  const params: LogRegParams = { weights: { columns: classes, values: new Float64Array(Math.max(1, rows) * classes) }, bias: new Float64Array(classes) };
  const averaging: Averaging = { sums: new Float64Array(params.weights.values.length), sumBias: new Float64Array(classes), time: 1 };
  const scratch = new Float64Array(classes);
  const random = seededRandom(options.seed);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    const rate = options.learningRate / (1 + epoch * 0.2);
    for (const index of order) {
      const example = examples[index];
      if (example) step(params, example, rate, scratch, averaging);
      averaging.time++;
    }
  }
  const w = params.weights.values;
  for (let i = 0; i < w.length; i++) w[i] = (w[i] ?? 0) - (averaging.sums[i] ?? 0) / averaging.time;
  for (let k = 0; k < classes; k++) params.bias[k] = (params.bias[k] ?? 0) - (averaging.sumBias[k] ?? 0) / averaging.time;
  return params;
}

/**
 * Online update for one new example (an agent's correction): repeated small steps until the
 * model gives the corrected topic at least `target` probability, capped so that one odd
 * example cannot wreck the model. The class biases stay put: moving them would shift every
 * other prediction towards the corrected topic. `rows` is the vocabulary size (it may have grown).
 */
export function learnOne(params: LogRegParams, example: LabelledRows, rows: number, rate: number, target = 0.6, maxSteps = 40): void {
  growTable(params.weights, rows);
  const scratch = new Float64Array(params.bias.length);
  for (let i = 0; i < maxSteps; i++) {
    if ((logRegProbabilities(params, example.x, scratch)[example.label] ?? 0) >= target) return;
    step(params, example, rate, scratch, undefined, false);
  }
}
