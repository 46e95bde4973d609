/**
 * Triage of one message (issue 4 goal: under 2 ms on this machine). Measures the whole decision
 * — language, tracking numbers, classifier, urgency — on the shipped test split, against a
 * same-run baseline that only lower-cases and splits the same texts into words (the least any
 * text classifier must do), so the ratio says what the model costs beyond reading the text.
 */
import { performance } from 'node:perf_hooks';
import { loadModel, trainClassifier } from '../src/modules/triage/classifier.js';
import { loadSplit } from '../src/modules/triage/classifier-data.js';
import { decideTriage } from '../src/modules/triage/triage.js';
import type { BenchmarkReport } from './support/report.js';

const ROUNDS = 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function triageBenchmark(): Promise<BenchmarkReport> {
  const { train, test } = loadSplit();
  const trainStart = performance.now();
  const model = loadModel(trainClassifier(train.map((m) => ({ topic: m.topic, text: m.text, subject: m.subject }))).toJSON());
  const trainMs = performance.now() - trainStart;
  const inputs = test.map((m) => ({
    channel: 'email' as const, chosenTopic: null, subject: m.subject ?? '', text: m.text,
    trackingNumberField: null, localeHint: null, customerRegistered: false,
  }));
  for (const input of inputs.slice(0, 50)) decideTriage(input, model); // warm-up (JIT)

  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const input of inputs) {
      const started = performance.now();
      decideTriage(input, model);
      samples.push(performance.now() - started);
    }
  }
  samples.sort((a, b) => a - b);
  let words = 0;
  const baselineStart = performance.now();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const input of inputs) words += `${input.subject}\n${input.text}`.toLowerCase().split(/[^\p{L}\p{N}]+/u).length;
  }
  const baselineMs = (performance.now() - baselineStart) / (ROUNDS * inputs.length);
  const meanMs = samples.reduce((sum, v) => sum + v, 0) / samples.length;
  const p95 = percentile(samples, 95);
  return {
    name: 'triage',
    figures: [
      { name: 'triage.mean', value: Number(meanMs.toFixed(3)), unit: 'ms/message' },
      { name: 'triage.p95', value: Number(p95.toFixed(3)), unit: 'ms/message' },
      { name: 'triage.p99', value: Number(percentile(samples, 99).toFixed(3)), unit: 'ms/message' },
      { name: 'baseline-tokenize.mean', value: Number(baselineMs.toFixed(4)), unit: 'ms/message' },
      { name: 'triage.ratio', value: Number((meanMs / baselineMs).toFixed(1)), unit: 'x baseline' },
      { name: 'triage.train', value: Math.round(trainMs), unit: 'ms' },
    ],
    goals: [{ goal: 'triage p95 < 2 ms', pass: p95 < 2 }],
    details: { messages: inputs.length, rounds: ROUNDS, words },
  };
}
