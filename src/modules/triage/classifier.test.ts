import { beforeAll, describe, expect, it } from 'vitest';
import { isTestExample, loadLabelledMessages, loadProbe, loadSplit, type LabelledMessage } from './classifier-data.js';
import { extractFeatures, foldText, joinSubject, tokenize } from './classifier-features.js';
import { loadModel, trainClassifier, type TopicModel } from './classifier.js';

const TOPICS = [
  'address-change-hold',
  'delivery-problem',
  'feedback-complaint',
  'general-question',
  'informed-delivery',
  'missing-package',
  'passport',
  'refund-claim',
  'tracking',
];

function accuracy(model: TopicModel, messages: readonly LabelledMessage[]): number {
  return messages.filter((m) => model.predict(joinSubject(m)).topic === m.topic).length / messages.length;
}

describe('text features', () => {
  it.each([
    ['Pașaportul', 'pasaportul'],
    ['paşaportul (cedilla)', 'pasaportul (cedilla)'],
    ['¿Dirección?', '¿direccion?'],
    ['MÂINE în ȚARĂ', 'maine in tara'],
    ['Mañana', 'manana'],
  ])('folds %s to %s', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });

  it.each([
    ['Where is my package??', ['where', 'is', 'my', 'package']],
    ['9400 1118 9922 3344 5566 77', ['#n3', '#n3', '#n3', '#n3', '#n3', '#n1']],
    ['tracking 9405511899223197428490', ['tracking', '#n8']],
    ['LX123456785DE cleared customs', ['#id', 'cleared', 'customs']],
    ['Coletul n-a ajuns, mi-au zis', ['coletul', 'n', 'a', 'ajuns', 'mi', 'au', 'zis']],
  ])('tokenises %j', (input, expected) => {
    expect(tokenize(input)).toEqual(expected);
  });

  it('gives diacritic and plain spellings the same features', () => {
    expect(extractFeatures('pașaport urgent')).toEqual(extractFeatures('pasaport urgent'));
    expect(extractFeatures('pașaport urgent').size).toBeGreaterThan(10);
  });

  it('puts the subject on its own line before the body', () => {
    expect(joinSubject({ subject: 'Lost parcel', text: 'Please help' })).toBe('Lost parcel\nPlease help');
    expect(joinSubject({ text: 'Please help' })).toBe('Please help');
  });
});

describe('training data', () => {
  const all = loadLabelledMessages();

  it('has at least 900 messages, 100 per topic and 250 per language, with unique ids', () => {
    expect(all.length).toBeGreaterThanOrEqual(900);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    for (const topic of TOPICS) expect(all.filter((m) => m.topic === topic).length).toBeGreaterThanOrEqual(100);
    for (const lang of ['en', 'es', 'ro']) expect(all.filter((m) => m.lang === lang).length).toBeGreaterThanOrEqual(250);
    expect(new Set(all.map((m) => m.topic))).toEqual(new Set(TOPICS));
  });

  it('splits about 20 % into the test split, by id alone', () => {
    const { train, test } = loadSplit();
    expect(train.length + test.length).toBe(all.length);
    expect(test.length / all.length).toBeGreaterThan(0.15);
    expect(test.length / all.length).toBeLessThan(0.25);
    expect(test.every((m) => isTestExample(m.id))).toBe(true);
    expect(isTestExample('en-mp-001')).toBe(isTestExample('en-mp-001'));
  });

  it('marks roughly 15 % of the messages urgent', () => {
    const share = all.filter((m) => m.urgent).length / all.length;
    expect(share).toBeGreaterThan(0.12);
    expect(share).toBeLessThan(0.18);
  });

  it('keeps the style probe apart from the training files', () => {
    const ids = new Set(all.map((m) => m.id));
    const probe = loadProbe();
    expect(probe.length).toBe(30);
    expect(probe.some((m) => ids.has(m.id))).toBe(false);
  });
});

describe('topic classifier', () => {
  let model: TopicModel;
  const { train, test } = loadSplit();

  beforeAll(() => {
    model = trainClassifier(train);
  });

  it('reaches the accuracy floor on the test split it never saw', () => {
    expect(accuracy(model, test)).toBeGreaterThanOrEqual(0.85);
  });

  it('returns the three likeliest topics as probabilities, best first', () => {
    const prediction = model.predict('where is my package?? its been 2 weeks');
    expect(prediction.topic).toBe('missing-package');
    expect(prediction.top).toHaveLength(3);
    expect(prediction.top[0]).toEqual({ topic: prediction.topic, score: prediction.confidence });
    const scores = prediction.top.map((t) => t.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-9);
    expect(model.topics).toEqual(TOPICS);
  });

  it('answers even for text it has nothing to say about, with low confidence', () => {
    for (const text of ['', '12345', '¿?!']) {
      const prediction = model.predict(text);
      expect(TOPICS).toContain(prediction.topic);
      expect(prediction.confidence).toBeLessThan(0.5);
    }
  });

  it('survives a JSON round trip with the same predictions', () => {
    const json = JSON.parse(JSON.stringify(model.toJSON())) as ReturnType<TopicModel['toJSON']>;
    const restored = loadModel(json);
    expect(restored.toJSON()).toEqual(json);
    for (const message of test.slice(0, 40)) {
      const text = joinSubject(message);
      const before = model.predict(text);
      const after = restored.predict(text);
      expect(after.topic).toBe(before.topic);
      expect(after.confidence).toBeCloseTo(before.confidence, 5);
    }
  });

  it('rejects a model of an unknown format', () => {
    expect(() => loadModel({ ...model.toJSON(), version: 2 } as unknown as ReturnType<TopicModel['toJSON']>)).toThrow(
      'triage.model_format_unknown',
    );
  });

  it('learns from agents’ corrections: a similar message follows the corrected topic', () => {
    // Restored from JSON, as the service would, so the original model stays untouched for the other tests.
    const corrected = loadModel(model.toJSON());
    const similar = 'Suspicious text about a package with a link to pay customs, is it you?';
    expect(corrected.predict(similar).topic).not.toBe('feedback-complaint');
    corrected.addExample({ topic: 'feedback-complaint', text: 'Scam text message says my package is held and asks for a fee, is this from you?' });
    corrected.addExample({ topic: 'feedback-complaint', text: 'I got an SMS saying redelivery fee required with a link, is it real?' });
    expect(corrected.predict(similar).topic).toBe('feedback-complaint');
    // …without disturbing what it already knew.
    expect(accuracy(corrected, test)).toBeGreaterThanOrEqual(accuracy(model, test) - 0.01);
  });

  it('trains deterministically', () => {
    const sample = train.filter((_, i) => i % 10 === 0);
    expect(trainClassifier(sample).toJSON()).toEqual(trainClassifier(sample).toJSON());
  });

  it('refuses to train on fewer than two topics or to learn an unknown topic', () => {
    expect(() => trainClassifier([{ topic: 'passport', text: 'a' }])).toThrow('triage.classifier_needs_two_topics');
    expect(() => model.addExample({ topic: 'lottery', text: 'I won' })).toThrow('triage.topic_unknown_to_model');
  });
});
