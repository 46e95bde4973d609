import type { BayesParams } from './classifier-bayes.js';
import type { ClassifierOptions, ModelState } from './classifier-state.js';
import type { FeatureTable } from './classifier-table.js';

/**
 * The persisted form of a topic model. Per-feature tables are float32 arrays in base64, rows
 * aligned with `features` (uint32 hashes): a fraction of the size of JSON number arrays, and
 * predictions of a reloaded model equal the original's to about 1e-6.
 */
export type TopicModelJson = {
  format: 'postdesk-topic-model';
  version: 1;
  options: ClassifierOptions;
  topics: string[];
  documents: number;
  features: string;
  frequency: string;
  logreg: { bias: number[]; weights: string } | null;
  bayes: { totals: number[]; documents: number[]; counts: string } | null;
};

function encode(values: ArrayLike<number>, length: number, kind: 'uint32' | 'float32'): string {
  const array = kind === 'uint32' ? new Uint32Array(length) : new Float32Array(length);
  for (let i = 0; i < length; i++) array[i] = values[i] ?? 0;
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function decode(text: string, kind: 'uint32' | 'float32', expected: number): number[] {
  const buffer = Buffer.from(text, 'base64');
  if (buffer.length !== expected * 4) throw new Error('triage.model_corrupt');
  const bytes = new Uint8Array(buffer); // a fresh copy, so the typed array below is 4-byte aligned
  const array = kind === 'uint32' ? new Uint32Array(bytes.buffer, 0, expected) : new Float32Array(bytes.buffer, 0, expected);
  return Array.from(array);
}

function table(columns: number, values: number[]): FeatureTable {
  return { columns, values: Float64Array.from(values) };
}

export function writeModel(state: ModelState): TopicModelJson {
  const rows = state.vocabulary.features.length;
  const classes = state.topics.length;
  return {
    format: 'postdesk-topic-model',
    version: 1,
    options: state.options,
    topics: [...state.topics],
    documents: state.documents,
    features: encode(state.vocabulary.features, rows, 'uint32'),
    frequency: encode(state.frequency.values, rows, 'float32'),
    logreg: state.logreg ? { bias: [...state.logreg.bias], weights: encode(state.logreg.weights.values, rows * classes, 'float32') } : null,
    bayes: state.bayes
      ? { totals: [...state.bayes.totals], documents: [...state.bayes.documents], counts: encode(state.bayes.counts.values, rows * classes, 'float32') }
      : null,
  };
}

/** Rebuilds the state; the Bayes log cache is left for the caller to refresh. */
export function readModel(json: TopicModelJson): ModelState {
  if (json.format !== 'postdesk-topic-model' || json.version !== 1) throw new Error('triage.model_format_unknown');
  const classes = json.topics.length;
  const features = decode(json.features, 'uint32', Buffer.from(json.features, 'base64').length / 4);
  const rows = features.length;
  const bayes: BayesParams | null = json.bayes
    ? {
        alpha: json.options.alpha,
        counts: table(classes, decode(json.bayes.counts, 'float32', rows * classes)),
        logCounts: { columns: classes, values: new Float64Array(rows * classes) },
        totals: Float64Array.from(json.bayes.totals),
        documents: Float64Array.from(json.bayes.documents),
      }
    : null;
  return {
    options: json.options,
    topics: [...json.topics],
    vocabulary: { index: new Map(features.map((feature, row) => [feature, row])), features },
    documents: json.documents,
    frequency: table(1, decode(json.frequency, 'float32', rows)),
    logreg: json.logreg ? { bias: Float64Array.from(json.logreg.bias), weights: table(classes, decode(json.logreg.weights, 'float32', rows * classes)) } : null,
    bayes,
  };
}
