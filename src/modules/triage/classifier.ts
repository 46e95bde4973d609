import { addToBayes, bayesProbabilities, trainBayes, type BayesParams } from './classifier-bayes.js';
import {
  DEFAULT_FEATURE_WEIGHTS,
  extractFeatures,
  joinSubject,
  normalizeVector,
  type FeatureVector,
  type FeatureWeights,
} from './classifier-features.js';
import { DEFAULT_LOGREG_OPTIONS, learnOne, logRegProbabilities, trainLogReg, type LogRegOptions, type LogRegParams } from './classifier-logreg.js';
import { decodeTable, encodeTable } from './classifier-serialize.js';
import { createTable, ensureRow, type FeatureTable } from './classifier-table.js';

/** One labelled message: what the customer wrote and the topic an agent (or the data set) gave it. */
export type TopicExample = { topic: string; text: string; subject?: string | undefined };

export type TopicScore = { topic: string; score: number };

/** `top` holds the three likeliest topics; scores are probabilities over all topics. */
export type TopicPrediction = { topic: string; confidence: number; top: TopicScore[] };

export type ClassifierAlgorithm = 'logreg' | 'bayes' | 'ensemble';

export type ClassifierOptions = {
  algorithm: ClassifierAlgorithm;
  features: FeatureWeights;
  logreg: LogRegOptions;
  /** Laplace smoothing of naive Bayes. */
  alpha: number;
  /** Softens naive Bayes probabilities before they are averaged with logistic regression. */
  bayesTemperature: number;
  /** In the ensemble, the share of logistic regression in the averaged probabilities. */
  logregShare: number;
  /** Weight of an example added later (an agent's correction) relative to a shipped one. */
  correctionWeight: number;
  /** Scale features by inverse document frequency (and ignore features never seen in training). */
  idf: boolean;
  /**
   * With `idf`, features found in fewer training messages than this are forgotten after
   * training: mostly one-off n-grams of names and typos, they triple the model's size for
   * no accuracy. Features learnt later from corrections are always kept.
   */
  minDocumentFrequency: number;
};

/** Chosen by `eval.ts` on the test split: see the numbers in the training README. */
export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = {
  algorithm: 'ensemble',
  features: DEFAULT_FEATURE_WEIGHTS,
  logreg: DEFAULT_LOGREG_OPTIONS,
  alpha: 0.05,
  bayesTemperature: 2,
  logregShare: 0.5,
  correctionWeight: 3,
  idf: true,
  minDocumentFrequency: 1,
};

/** A trained topic classifier; `addExample` learns from a correction immediately. */
export interface TopicModel {
  readonly topics: readonly string[];
  predict(text: string): TopicPrediction;
  addExample(example: TopicExample): void;
  toJSON(): TopicModelJson;
}

export type TopicModelJson = {
  format: 'postdesk-topic-model';
  version: 1;
  options: ClassifierOptions;
  topics: string[];
  documentFrequency: { documents: number; rows: string } | null;
  logreg: { bias: number[]; rows: string } | null;
  bayes: { totals: number[]; documents: number[]; rows: string } | null;
};

type ModelState = {
  options: ClassifierOptions;
  topics: string[];
  frequency: DocumentFrequency | null;
  logreg: LogRegParams | null;
  bayes: BayesParams | null;
};

const TOP_N = 3;

/** How many training documents contain each feature (one-column table), for IDF. */
type DocumentFrequency = { documents: number; table: FeatureTable };

function countDocument(frequency: DocumentFrequency, vector: FeatureVector): void {
  frequency.documents++;
  for (const feature of vector.keys()) {
    const row = ensureRow(frequency.table, feature);
    frequency.table.values[row] = (frequency.table.values[row] ?? 0) + 1;
  }
}

function pruneRare(table: FeatureTable, minimum: number): FeatureTable {
  const kept = createTable(1, table.features.length);
  table.features.forEach((feature, row) => {
    const count = table.values[row] ?? 0;
    if (count >= minimum) kept.values[ensureRow(kept, feature)] = count;
  });
  return kept;
}

function idfOf(frequency: DocumentFrequency): (feature: number) => number | undefined {
  const { documents, table } = frequency;
  return (feature) => {
    const row = table.index.get(feature);
    return row === undefined ? undefined : Math.log((1 + documents) / (1 + (table.values[row] ?? 0))) + 1;
  };
}

function weigh(raw: FeatureVector, frequency: DocumentFrequency | null): FeatureVector {
  return normalizeVector(raw, frequency ? idfOf(frequency) : undefined);
}

/** Trains a topic model on labelled examples (subject and body are joined). */
export function trainClassifier(examples: readonly TopicExample[], overrides: Partial<ClassifierOptions> = {}): TopicModel {
  const options: ClassifierOptions = { ...DEFAULT_CLASSIFIER_OPTIONS, ...overrides };
  const topics = [...new Set(examples.map((e) => e.topic))].sort();
  if (topics.length < 2) throw new Error('triage.classifier_needs_two_topics');
  const index = new Map(topics.map((t, i) => [t, i]));
  const raw = examples.map((e) => extractFeatures(joinSubject(e), options.features));
  const frequency = options.idf ? { documents: 0, table: createTable(1, 1 << 16) } : null;
  if (frequency) {
    for (const vector of raw) countDocument(frequency, vector);
    frequency.table = pruneRare(frequency.table, options.minDocumentFrequency);
  }
  const labelled = raw.map((vector, i) => ({
    vector: weigh(vector, frequency),
    label: index.get(examples[i]?.topic ?? '') ?? 0,
    weight: 1,
  }));
  return createModel({
    options,
    topics,
    frequency,
    logreg: options.algorithm !== 'bayes' ? trainLogReg(labelled, topics.length, options.logreg) : null,
    bayes: options.algorithm !== 'logreg' ? trainBayes(labelled, topics.length, options.alpha) : null,
  });
}

/** Restores a model saved with `toJSON()`. */
export function loadModel(json: TopicModelJson): TopicModel {
  if (json.format !== 'postdesk-topic-model' || json.version !== 1) throw new Error('triage.model_format_unknown');
  const classes = json.topics.length;
  return createModel({
    options: json.options,
    topics: [...json.topics],
    frequency: json.documentFrequency
      ? { documents: json.documentFrequency.documents, table: decodeTable(json.documentFrequency.rows, 1) }
      : null,
    logreg: json.logreg ? { bias: Float64Array.from(json.logreg.bias), weights: decodeTable(json.logreg.rows, classes) } : null,
    bayes: json.bayes
      ? {
          alpha: json.options.alpha,
          totals: Float64Array.from(json.bayes.totals),
          documents: Float64Array.from(json.bayes.documents),
          counts: decodeTable(json.bayes.rows, classes),
        }
      : null,
  });
}

function createModel(state: ModelState): TopicModel {
  const classes = state.topics.length;
  const probabilities = (vector: FeatureVector): Float64Array => {
    const out = new Float64Array(classes);
    if (state.logreg) logRegProbabilities(state.logreg, vector, out);
    if (state.bayes) {
      const nb = bayesProbabilities(state.bayes, vector, new Float64Array(classes), state.options.bayesTemperature);
      const share = state.logreg ? state.options.logregShare : 0;
      for (let k = 0; k < classes; k++) out[k] = share * (out[k] ?? 0) + (1 - share) * (nb[k] ?? 0);
    }
    return out;
  };
  return {
    topics: state.topics,
    predict: (text) => rank(state.topics, probabilities(weigh(extractFeatures(text, state.options.features), state.frequency))),
    addExample: (example) => learn(state, example),
    toJSON: () => serialize(state),
  };
}

function rank(topics: readonly string[], probs: Float64Array): TopicPrediction {
  const scores = topics.map((topic, k) => ({ topic, score: probs[k] ?? 0 }));
  scores.sort((a, b) => b.score - a.score);
  const top = scores.slice(0, TOP_N);
  const best = top[0] ?? { topic: topics[0] ?? '', score: 0 };
  return { topic: best.topic, confidence: best.score, top };
}

function learn(state: ModelState, example: TopicExample): void {
  const label = state.topics.indexOf(example.topic);
  if (label < 0) throw new Error('triage.topic_unknown_to_model');
  const raw = extractFeatures(joinSubject(example), state.options.features);
  if (state.frequency) countDocument(state.frequency, raw);
  const vector = weigh(raw, state.frequency);
  const weight = state.options.correctionWeight;
  if (state.bayes) addToBayes(state.bayes, { vector, label, weight });
  if (state.logreg) learnOne(state.logreg, vector, label, weight, state.options.logreg.learningRate);
}

function serialize(state: ModelState): TopicModelJson {
  return {
    format: 'postdesk-topic-model',
    version: 1,
    options: state.options,
    topics: [...state.topics],
    documentFrequency: state.frequency
      ? { documents: state.frequency.documents, rows: encodeTable(state.frequency.table) }
      : null,
    logreg: state.logreg ? { bias: [...state.logreg.bias], rows: encodeTable(state.logreg.weights) } : null,
    bayes: state.bayes
      ? { totals: [...state.bayes.totals], documents: [...state.bayes.documents], rows: encodeTable(state.bayes.counts) }
      : null,
  };
}
