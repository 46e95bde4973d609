import { createTable, ensureRow, type FeatureTable } from './classifier-table.js';

/**
 * Compact persistence of a feature table: each row is its feature hash (uint32) followed by
 * one float32 per class, the whole table base64-encoded. Float32 keeps predictions equal to
 * the in-memory model to about 1e-6 and makes the JSON a fraction of a plain number array.
 */
export function encodeTable(table: FeatureTable): string {
  const { classes, features, values } = table;
  const stride = 4 * (1 + classes);
  const buffer = Buffer.alloc(features.length * stride);
  features.forEach((feature, row) => {
    const offset = row * stride;
    buffer.writeUInt32LE(feature >>> 0, offset);
    for (let k = 0; k < classes; k++) buffer.writeFloatLE(values[row * classes + k] ?? 0, offset + 4 * (k + 1));
  });
  return buffer.toString('base64');
}

export function decodeTable(encoded: string, classes: number): FeatureTable {
  const buffer = Buffer.from(encoded, 'base64');
  const stride = 4 * (1 + classes);
  if (buffer.length % stride !== 0) throw new Error('triage.model_rows_corrupt');
  const table = createTable(classes, Math.max(1024, buffer.length / stride + 256));
  for (let offset = 0; offset < buffer.length; offset += stride) {
    const base = ensureRow(table, buffer.readUInt32LE(offset)) * classes;
    for (let k = 0; k < classes; k++) table.values[base + k] = buffer.readFloatLE(offset + 4 * (k + 1));
  }
  return table;
}
