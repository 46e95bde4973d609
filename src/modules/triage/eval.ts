/**
 * Triage evaluation: trains the topic classifier on the train split and reports, on the test
 * split and on the hand-written style probe, topic accuracy (overall, per topic, confusion
 * matrix), language accuracy and urgency recall / precision.
 * Run: node --import tsx src/modules/triage/eval.ts
 */
import { pathToFileURL } from 'node:url';
import { loadProbe, loadSplit, type LabelledMessage } from './classifier-data.js';
import { joinSubject } from './classifier-features.js';
import { trainClassifier, type TopicModel } from './classifier.js';
import { detectLanguage } from './language.js';
import { detectUrgency } from './urgency.js';

export type Tally = { correct: number; total: number };

export type Evaluation = {
  topics: string[];
  overall: Tally;
  perTopic: Record<string, Tally>;
  /** confusion[truth][predicted] = count */
  confusion: Record<string, Record<string, number>>;
  language: Record<string, Tally>;
  urgency: { truePositive: number; falsePositive: number; falseNegative: number; trueNegative: number; urgentLevelFalsePositive: number };
  missedUrgent: string[];
};

const ratio = (t: Tally): number => (t.total === 0 ? 0 : t.correct / t.total);
const count = (tally: Tally, ok: boolean): void => {
  tally.total++;
  if (ok) tally.correct++;
};

/** Scores a trained model, the language detector and the urgency detector on labelled messages. */
export function evaluate(model: TopicModel, messages: readonly LabelledMessage[]): Evaluation {
  const topics = [...model.topics];
  const result: Evaluation = {
    topics,
    overall: { correct: 0, total: 0 },
    perTopic: Object.fromEntries(topics.map((t) => [t, { correct: 0, total: 0 }])),
    confusion: Object.fromEntries(topics.map((t) => [t, Object.fromEntries(topics.map((p) => [p, 0]))])),
    language: {},
    urgency: { truePositive: 0, falsePositive: 0, falseNegative: 0, trueNegative: 0, urgentLevelFalsePositive: 0 },
    missedUrgent: [],
  };
  for (const message of messages) {
    const text = joinSubject(message);
    const predicted = model.predict(text).topic;
    count(result.overall, predicted === message.topic);
    count((result.perTopic[message.topic] ??= { correct: 0, total: 0 }), predicted === message.topic);
    const row = (result.confusion[message.topic] ??= {});
    row[predicted] = (row[predicted] ?? 0) + 1;
    count((result.language[message.lang] ??= { correct: 0, total: 0 }), detectLanguage(text).language === message.lang);
    scoreUrgency(result, message, detectUrgency(text, { topic: predicted }).level);
  }
  return result;
}

function scoreUrgency(result: Evaluation, message: LabelledMessage, level: string | null): void {
  const u = result.urgency;
  if (message.urgent && level) u.truePositive++;
  else if (message.urgent) {
    u.falseNegative++;
    result.missedUrgent.push(message.id);
  } else if (level) {
    u.falsePositive++;
    if (level === 'urgent') u.urgentLevelFalsePositive++;
  } else u.trueNegative++;
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

/** Short column labels for the confusion matrix: initials of the topic slug. */
function abbreviate(topic: string): string {
  return topic
    .split('-')
    .map((part) => part[0] ?? '')
    .join('');
}

export function formatConfusion(evaluation: Evaluation): string {
  const { topics, confusion } = evaluation;
  const labelWidth = Math.max(...topics.map((t) => t.length));
  const cell = 5;
  const header = `${'truth \\ predicted'.padEnd(labelWidth)} ${topics.map((t) => abbreviate(t).padStart(cell)).join('')}`;
  const rows = topics.map((truth) => {
    const cells = topics.map((p) => {
      const n = confusion[truth]?.[p] ?? 0;
      return (n === 0 ? '.' : String(n)).padStart(cell);
    });
    return `${truth.padEnd(labelWidth)} ${cells.join('')}`;
  });
  return [header, ...rows].join('\n');
}

export function formatEvaluation(title: string, evaluation: Evaluation): string {
  const lines = [`== ${title} ==`, `topic accuracy: ${percent(ratio(evaluation.overall))} (${evaluation.overall.correct}/${evaluation.overall.total})`];
  for (const topic of evaluation.topics) {
    const tally = evaluation.perTopic[topic] ?? { correct: 0, total: 0 };
    lines.push(`  ${topic.padEnd(22)} ${percent(ratio(tally)).padStart(6)}  (${tally.correct}/${tally.total})`);
  }
  lines.push('', 'confusion matrix (rows = truth, columns = predicted):', formatConfusion(evaluation), '');
  const languages = Object.entries(evaluation.language).map(([lang, t]) => `${lang} ${percent(ratio(t))} (${t.correct}/${t.total})`);
  lines.push(`language accuracy: ${languages.join(', ')}`);
  const u = evaluation.urgency;
  const flagged = u.truePositive + u.falsePositive;
  lines.push(
    `urgency (flagged = urgent or high; topic = predicted): recall ${percent(u.truePositive / Math.max(1, u.truePositive + u.falseNegative))}` +
      ` (${u.truePositive}/${u.truePositive + u.falseNegative}), precision ${percent(u.truePositive / Math.max(1, flagged))},` +
      ` false-positive rate ${percent(u.falsePositive / Math.max(1, u.falsePositive + u.trueNegative))}` +
      ` (${u.falsePositive}/${u.falsePositive + u.trueNegative}, of which level urgent: ${u.urgentLevelFalsePositive})`,
  );
  if (evaluation.missedUrgent.length > 0) lines.push(`missed urgent: ${evaluation.missedUrgent.join(', ')}`);
  return lines.join('\n');
}

/** Per-call cost: wall-clock and CPU microseconds (CPU time is steadier on a busy machine). */
function measure(run: () => unknown, runs = 2000): { wall: number; cpu: number } {
  for (let i = 0; i < runs / 4; i++) run();
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < runs; i++) run();
  const used = process.cpuUsage(cpu);
  return { wall: ((performance.now() - start) / runs) * 1000, cpu: (used.user + used.system) / runs };
}

/** About 1 KB of real (English) customer text, for timing. */
function oneKilobyte(samples: readonly LabelledMessage[]): string {
  let text = samples.map(joinSubject).join(' ').slice(0, 1024);
  while (text.length < 1024) text += ' where is my package';
  return text;
}

const timing = (label: string, t: { wall: number; cpu: number }, unit = 'µs'): string =>
  `${label} ${t.wall.toFixed(0)} ${unit} (CPU ${t.cpu.toFixed(0)} ${unit})`;

export function main(): void {
  const { train, test } = loadSplit();
  const probe = loadProbe();
  let model = trainClassifier(train);
  const training = measure(() => (model = trainClassifier(train)), 3);
  const text = oneKilobyte(test.filter((m) => m.lang === 'en'));
  console.log(`train split: ${train.length} messages, test split: ${test.length}, probe: ${probe.length}`);
  console.log(
    [
      timing('training:', { wall: training.wall / 1000, cpu: training.cpu / 1000 }, 'ms'),
      timing('per 1 KB message: topic', measure(() => model.predict(text))),
      timing('language', measure(() => detectLanguage(text), 500)),
      timing('urgency', measure(() => detectUrgency(text), 500)),
    ].join('; ') + '\n',
  );
  console.log(formatEvaluation('test split (never trained on)', evaluate(model, test)));
  console.log('');
  console.log(formatEvaluation('held-out style probe (never trained on)', evaluate(model, probe)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
