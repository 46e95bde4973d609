import { beforeAll, describe, expect, it } from 'vitest';
import { loadLabelledMessages } from './classifier-data.js';
import { trainClassifier, type TopicModel } from './classifier.js';
import { decideTriage, type TriageInput } from './triage.js';

let model: TopicModel;
beforeAll(() => {
  model = trainClassifier(loadLabelledMessages().map((m) => ({ topic: m.topic, text: m.text, subject: m.subject })));
});

const input = (overrides: Partial<TriageInput>): TriageInput => ({
  channel: 'email', chosenTopic: null, subject: '', text: '', trackingNumberField: null, localeHint: null, customerRegistered: false, ...overrides,
});

describe('decideTriage', () => {
  it.each<[string, Partial<TriageInput>, { topic?: string; priority?: string; language?: string; review?: boolean }]>([
    ['free text about a lost parcel', { text: 'My package 9400 1000 0000 0000 0000 00 never arrived, it has been two weeks.' }, { topic: 'missing-package', language: 'en' }],
    ['Spanish address change', { text: 'Me mudé la semana pasada y quiero que mi correo llegue a mi nueva dirección.' }, { topic: 'address-change-hold', language: 'es' }],
    ['Romanian passport, urgent', { text: 'Am trimis cererea de pașaport acum trei săptămâni și zbor peste 5 zile. Ce pot face?' }, { topic: 'passport', language: 'ro', priority: 'urgent' }],
    ['the customer\'s chosen topic wins', { chosenTopic: 'feedback-complaint', text: 'Where is my package? It never arrived.' }, { topic: 'feedback-complaint' }],
    ['the form locale wins over detection', { chosenTopic: 'general-question', localeHint: 'es', text: 'Hello, when do you open?' }, { language: 'es' }],
    ['a registered customer is answered faster', { text: 'When does the post office on Main Street open on Saturday?', customerRegistered: true }, { priority: 'high' }],
    ['an anonymous customer with the same question', { text: 'When does the post office on Main Street open on Saturday?' }, { priority: 'normal' }],
    ['gibberish goes to review', { text: 'qwzx plork vrrt' }, { review: true }],
  ])('%s', (_name, overrides, expected) => {
    const decision = decideTriage(input(overrides), model);
    if (expected.topic) expect(decision.topic).toBe(expected.topic);
    if (expected.priority) expect(decision.priority).toBe(expected.priority);
    if (expected.language) expect(decision.language).toBe(expected.language);
    if (expected.review !== undefined) expect(decision.needsReview).toBe(expected.review);
    expect(decision.reasons.length).toBeGreaterThan(0);
  });

  it('explains itself: classifier top-3 with scores, tracking numbers, urgency words', () => {
    const decision = decideTriage(input({ text: 'URGENT: my Priority Mail Express envelope EA123456785US with court documents must arrive by tomorrow' }), model);
    expect(decision.details.classifier).toHaveLength(3);
    expect(decision.details.trackingNumbers).toEqual(['EA123456785US']);
    expect(decision.priority).toBe('urgent');
    expect(decision.details.urgencySignals.length).toBeGreaterThan(0);
    expect(decision.reasons.some((r) => r.startsWith('classifier: '))).toBe(true);
    expect(decision.reasons.some((r) => r.includes('EA123456785US'))).toBe(true);
  });

  it('gives carrier guidance for another carrier\'s number and flags a USPS typo', () => {
    const ups = decideTriage(input({ text: 'Where is my parcel 1Z999AA10123456784?' }), model);
    expect(ups.trackingNumbers[0]).toMatchObject({ carrier: 'ups', valid: true });
    expect(ups.carrierNotes.join(' ')).toMatch(/UPS/);
    const typo = decideTriage(input({ text: 'tracking 9400 1000 0000 0000 0000 01 never arrived' }), model);
    expect(typo.trackingNumbers[0]).toMatchObject({ carrier: 'usps', valid: false, probableTypo: true });
    expect(typo.carrierNotes.join(' ')).toMatch(/typo/);
  });
});
