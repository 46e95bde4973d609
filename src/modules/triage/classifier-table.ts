import type { FeatureVector } from './classifier-features.js';

/**
 * The features a model knows: feature hash → row number, shared by every per-feature table of
 * the model (document frequency, regression weights, Bayes counts), so a message's features
 * are looked up once and the row number indexes all tables.
 */
export type Vocabulary = { index: Map<number, number>; features: number[] };

/** Per-feature numbers, `columns` per row, in one flat array aligned with the vocabulary. */
export type FeatureTable = { columns: number; values: Float64Array };

export function createVocabulary(): Vocabulary {
  return { index: new Map(), features: [] };
}

/** Row number of a feature, appending it when it is new. */
export function ensureRow(vocabulary: Vocabulary, feature: number): number {
  const existing = vocabulary.index.get(feature);
  if (existing !== undefined) return existing;
  const row = vocabulary.features.length;
  vocabulary.index.set(feature, row);
  vocabulary.features.push(feature);
  return row;
}

export function createTable(columns: number, rows: number): FeatureTable {
  return { columns, values: new Float64Array(Math.max(1, rows) * columns) };
}

/** Makes room for `rows` rows (doubling, so appending one row at a time stays cheap). */
export function growTable(table: FeatureTable, rows: number): void {
  const needed = rows * table.columns;
  if (needed <= table.values.length) return;
  const grown = new Float64Array(Math.max(needed, table.values.length * 2));
  grown.set(table.values);
  table.values = grown;
}

/** A message's features resolved to vocabulary rows, with their final (weighted, normalised) values. */
export type SparseRows = { rows: Int32Array; values: Float64Array };

/**
 * Resolves raw term counts to rows: sublinear term frequency times `weightOf(row)` (the IDF),
 * then unit length, so long emails and one-liners weigh the same. Features the vocabulary does
 * not know are dropped: no table has anything to say about them.
 */
export function resolveRows(vocabulary: Vocabulary, raw: FeatureVector, weightOf: (row: number) => number): SparseRows {
  const rows = new Int32Array(raw.size);
  const values = new Float64Array(raw.size);
  let n = 0;
  let sumSquares = 0;
  for (const [feature, count] of raw) {
    const row = vocabulary.index.get(feature);
    if (row === undefined) continue;
    const value = Math.log1p(count) * weightOf(row);
    rows[n] = row;
    values[n] = value;
    sumSquares += value * value;
    n++;
  }
  const scale = sumSquares > 0 ? 1 / Math.sqrt(sumSquares) : 0;
  for (let i = 0; i < n; i++) values[i] = (values[i] ?? 0) * scale;
  return { rows: rows.subarray(0, n), values: values.subarray(0, n) };
}
