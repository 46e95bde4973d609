import type { FeatureVector } from './classifier-features.js';

/**
 * Per-class numbers for every known feature, stored as one flat Float64Array (row = feature,
 * column = class) behind a hash → row map. Flat storage keeps training allocation-free;
 * rows are appended when a new feature shows up (training, or an agent's correction).
 */
export type FeatureTable = {
  classes: number;
  index: Map<number, number>;
  /** Feature hash of each row, in row order (for serialisation). */
  features: number[];
  values: Float64Array;
};

export function createTable(classes: number, capacity = 1024): FeatureTable {
  return { classes, index: new Map(), features: [], values: new Float64Array(capacity * classes) };
}

/** Row number of a feature, appending a zero row when it is new. */
export function ensureRow(table: FeatureTable, feature: number): number {
  const existing = table.index.get(feature);
  if (existing !== undefined) return existing;
  const row = table.features.length;
  if ((row + 1) * table.classes > table.values.length) {
    const grown = new Float64Array(table.values.length * 2);
    grown.set(table.values);
    table.values = grown;
  }
  table.index.set(feature, row);
  table.features.push(feature);
  return row;
}

/** A feature vector resolved to table rows once, for the many passes of training. */
export type SparseRows = { rows: Int32Array; values: Float64Array };

export function toRows(table: FeatureTable, vector: FeatureVector, create: boolean): SparseRows {
  const rows: number[] = [];
  const values: number[] = [];
  for (const [feature, value] of vector) {
    const row = create ? ensureRow(table, feature) : table.index.get(feature);
    if (row === undefined) continue;
    rows.push(row);
    values.push(value);
  }
  return { rows: Int32Array.from(rows), values: Float64Array.from(values) };
}
