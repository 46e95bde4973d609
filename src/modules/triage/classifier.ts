import { addToBayes, bayesProbabilities, refreshLogCounts, trainBayes } from './classifier-bayes.js';
import { DEFAULT_FEATURE_WEIGHTS, extractFeatures, joinSubject, type FeatureVector } from './classifier-features.js';
import { DEFAULT_LOGREG_OPTIONS, learnOne, logRegProbabilities, trainLogReg, type LabelledRows } from './classifier-logreg.js';
import { readModel, writeModel, type TopicModelJson } from './classifier-serialize.js';
import type { ClassifierOptions, ModelState } from './classifier-state.js';
import { createTable, createVocabulary, ensureRow, growTable, resolveRows, type FeatureTable, type SparseRows, type Vocabulary } from './classifier-table.js';

export type { TopicModelJson } from './classifier-serialize.js';
export type { ClassifierAlgorithm, ClassifierOptions } from './classifier-state.js';

/** One labelled message: what the customer wrote and the topic an agent (or the data set) gave it. */
export type TopicExample = { topic: string; text: string; subject?: string | undefined };

export type TopicScore = { topic: string; score: number };

/** `top` holds the three likeliest topics; scores are probabilities over all topics (they sum to at most 1). */
export type TopicPrediction = { topic: string; confidence: number; top: TopicScore[] };

/** Chosen by 5-fold cross-validation on the train split (see training/README.md). */
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

const TOP_N = 3;

function idfWeights(state: Pick<ModelState, 'options' | 'documents' | 'frequency'>): (row: number) => number {
  if (!state.options.idf) return () => 1;
  const { documents, frequency } = state;
  return (row) => Math.log((1 + documents) / (1 + (frequency.values[row] ?? 0))) + 1;
}

/** Counts document frequencies, then keeps the features seen in at least `minimum` messages. */
function buildVocabulary(raw: readonly FeatureVector[], minimum: number): { vocabulary: Vocabulary; frequency: FeatureTable } {
  const counts = new Map<number, number>();
  for (const vector of raw) for (const feature of vector.keys()) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const vocabulary = createVocabulary();
  const kept = [...counts].filter(([, n]) => n >= minimum);
  const frequency = createTable(1, kept.length);
  for (const [feature, n] of kept) frequency.values[ensureRow(vocabulary, feature)] = n;
  return { vocabulary, frequency };
}

/** Trains a topic model on labelled examples (subject and body are joined). */
export function trainClassifier(examples: readonly TopicExample[], overrides: Partial<ClassifierOptions> = {}): TopicModel {
  const options: ClassifierOptions = { ...DEFAULT_CLASSIFIER_OPTIONS, ...overrides };
  const topics = [...new Set(examples.map((e) => e.topic))].sort();
  if (topics.length < 2) throw new Error('triage.classifier_needs_two_topics');
  const index = new Map(topics.map((t, i) => [t, i]));
  const raw = examples.map((e) => extractFeatures(joinSubject(e), options.features));
  const { vocabulary, frequency } = buildVocabulary(raw, options.minDocumentFrequency);
  const weightOf = idfWeights({ options, documents: examples.length, frequency });
  const labelled: LabelledRows[] = raw.map((vector, i) => ({
    x: resolveRows(vocabulary, vector, weightOf),
    label: index.get(examples[i]?.topic ?? '') ?? 0,
    weight: 1,
  }));
  const rows = vocabulary.features.length;
  return createModel({
    options,
    topics,
    vocabulary,
    documents: examples.length,
    frequency,
    logreg: options.algorithm !== 'bayes' ? trainLogReg(labelled, topics.length, rows, options.logreg) : null,
    bayes: options.algorithm !== 'logreg' ? trainBayes(labelled, topics.length, rows, options.alpha) : null,
  });
}

/** Restores a model saved with `toJSON()`. */
export function loadModel(json: TopicModelJson): TopicModel {
  const state = readModel(json);
  if (state.bayes) refreshLogCounts(state.bayes);
  return createModel(state);
}

function probabilities(state: ModelState, x: SparseRows): Float64Array {
  const classes = state.topics.length;
  const out = new Float64Array(classes);
  if (state.logreg) logRegProbabilities(state.logreg, x, out);
  if (state.bayes) {
    const nb = bayesProbabilities(state.bayes, x, state.vocabulary.features.length, new Float64Array(classes), state.options.bayesTemperature);
    const share = state.logreg ? state.options.logregShare : 0;
    for (let k = 0; k < classes; k++) out[k] = share * (out[k] ?? 0) + (1 - share) * (nb[k] ?? 0);
  }
  return out;
}

/**
 * The IDF of every vocabulary row, computed once: a prediction then looks weights up instead of
 * taking a logarithm per feature. Stale once an example is learnt (the document count changes
 * every weight), so `addExample` drops it.
 */
function idfTable(state: ModelState): (row: number) => number {
  if (!state.options.idf) return () => 1;
  const rows = state.vocabulary.features.length;
  const weightOf = idfWeights(state);
  const table = new Float64Array(rows);
  for (let row = 0; row < rows; row++) table[row] = weightOf(row);
  return (row) => table[row] ?? 1;
}

function createModel(state: ModelState): TopicModel {
  let weights: ((row: number) => number) | null = null;
  return {
    topics: state.topics,
    predict: (text) => {
      weights ??= idfTable(state);
      const x = resolveRows(state.vocabulary, extractFeatures(text, state.options.features), weights);
      return rank(state.topics, probabilities(state, x));
    },
    addExample: (example) => {
      learn(state, example);
      weights = null;
    },
    toJSON: () => writeModel(state),
  };
}

function rank(topics: readonly string[], probs: Float64Array): TopicPrediction {
  const scores = topics.map((topic, k) => ({ topic, score: probs[k] ?? 0 }));
  scores.sort((a, b) => b.score - a.score);
  const top = scores.slice(0, TOP_N);
  const best = top[0] ?? { topic: topics[0] ?? '', score: 0 };
  return { topic: best.topic, confidence: best.score, top };
}

/** Learns one corrected example: its features join the vocabulary, then both models update. */
function learn(state: ModelState, example: TopicExample): void {
  const label = state.topics.indexOf(example.topic);
  if (label < 0) throw new Error('triage.topic_unknown_to_model');
  const raw = extractFeatures(joinSubject(example), state.options.features);
  for (const feature of raw.keys()) {
    const row = ensureRow(state.vocabulary, feature);
    growTable(state.frequency, row + 1);
    state.frequency.values[row] = (state.frequency.values[row] ?? 0) + 1;
  }
  state.documents++;
  const size = state.vocabulary.features.length;
  const rows: LabelledRows = { x: resolveRows(state.vocabulary, raw, idfWeights(state)), label, weight: state.options.correctionWeight };
  if (state.bayes) {
    addToBayes(state.bayes, rows, size);
    refreshLogCounts(state.bayes, rows.x.rows);
  }
  // A quarter of the training rate: small steps keep a correction from spilling onto unrelated messages.
  if (state.logreg) learnOne(state.logreg, rows, size, state.options.logreg.learningRate / 4);
}
