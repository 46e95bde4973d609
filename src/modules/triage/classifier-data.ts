import { readFileSync } from 'node:fs';

/** One line of `training/*.jsonl`: a customer message labelled with topic, language and urgency. */
export type LabelledMessage = {
  id: string;
  lang: string;
  topic: string;
  urgent: boolean;
  subject?: string;
  text: string;
};

export const TRAINING_FILES = ['examples.en.jsonl', 'examples.es.jsonl', 'examples.ro.jsonl'] as const;
export const PROBE_FILE = 'holdout-probe.jsonl';

const TRAINING_DIR = new URL('./training/', import.meta.url);

/** Percentage of examples in the test split. */
const TEST_PERCENT = 20;

/**
 * The fixed split: FNV-1a (32-bit) of the example id, modulo 100, below 20 → test. It depends
 * on the id alone, so adding examples never moves an existing one between train and test.
 */
export function isTestExample(id: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 100 < TEST_PERCENT;
}

/** Parses JSON Lines, validating each record's shape; blank lines are skipped. */
export function parseLabelledMessages(jsonl: string, source = 'jsonl'): LabelledMessage[] {
  const messages: LabelledMessage[] = [];
  jsonl.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const record: unknown = JSON.parse(line);
    if (!isLabelledMessage(record)) throw new Error(`${source}:${i + 1}: not a labelled message`);
    messages.push(record);
  });
  return messages;
}

function isLabelledMessage(value: unknown): value is LabelledMessage {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    typeof r.lang === 'string' &&
    typeof r.topic === 'string' &&
    typeof r.urgent === 'boolean' &&
    typeof r.text === 'string' &&
    (r.subject === undefined || typeof r.subject === 'string')
  );
}

function readTrainingFile(name: string): LabelledMessage[] {
  return parseLabelledMessages(readFileSync(new URL(name, TRAINING_DIR), 'utf8'), name);
}

/** Every shipped labelled message (all languages), train and test split together. */
export function loadLabelledMessages(): LabelledMessage[] {
  return TRAINING_FILES.flatMap(readTrainingFile);
}

/** The shipped messages divided by `isTestExample`. */
export function loadSplit(): { train: LabelledMessage[]; test: LabelledMessage[] } {
  const all = loadLabelledMessages();
  return { train: all.filter((m) => !isTestExample(m.id)), test: all.filter((m) => isTestExample(m.id)) };
}

/** Messages written in a different style, never trained on: a check against overfitting. */
export function loadProbe(): LabelledMessage[] {
  return readTrainingFile(PROBE_FILE);
}
