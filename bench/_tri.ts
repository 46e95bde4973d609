import { loadModel, trainClassifier } from '../src/modules/triage/classifier.js';
import { loadLabelledMessages } from '../src/modules/triage/classifier-data.js';
import { detectLanguage } from '../src/modules/triage/language.js';
import { findTrackingNumbers } from '../src/modules/triage/tracking-numbers.js';
import { detectUrgency } from '../src/modules/triage/urgency.js';
import { extractFeatures } from '../src/modules/triage/classifier-features.js';
const msgs = loadLabelledMessages();
const model = loadModel(trainClassifier(msgs.map((m) => ({ topic: m.topic, text: m.text, subject: m.subject }))).toJSON());
const texts = msgs.slice(0, 2000).map((m) => `${m.subject ?? ''}\n${m.text}`);
console.log('avg len', texts.reduce((a, t) => a + t.length, 0) / texts.length, 'features', extractFeatures(texts[0]!).size);
function time(name: string, f: (t: string) => unknown) {
  for (let r = 0; r < 2; r++) { const t0 = performance.now(); for (const t of texts) f(t); const us = ((performance.now() - t0) * 1000) / texts.length; if (r) console.log(name.padEnd(12), us.toFixed(1), 'µs'); }
}
time('features', (t) => extractFeatures(t));
time('predict', (t) => model.predict(t));
time('language', (t) => detectLanguage(t));
time('tracking', (t) => findTrackingNumbers(t));
time('urgency', (t) => detectUrgency(t, { topic: 'general-question' }));
for (let i = 0; i < 20000; i++) model.predict(texts[i % texts.length]!);
