import type { Priority } from '../cases/case.js';
import type { TopicModel, TopicScore } from './classifier.js';
import { detectLanguage } from './language.js';
import { carrierGuidance, findTrackingNumbers, type GuidanceLocale, type TrackingMatch } from './tracking-numbers.js';
import { detectUrgency, type UrgencyAssessment } from './urgency.js';

export type TriageInput = {
  channel: 'web' | 'email' | 'chat' | 'social' | 'phone';
  /** The topic the customer picked on a form; null for free text. */
  chosenTopic: string | null;
  subject: string;
  text: string;
  /** A tracking number typed into its own form field (also looked for in the text). */
  trackingNumberField: string | null;
  /** The language the customer chose on a form; detected from the text otherwise. */
  localeHint: string | null;
  customerRegistered: boolean;
};

export type TriageDecision = {
  topic: string;
  /** Probability of the chosen topic (1 when the customer picked it). */
  confidence: number;
  /** Too unsure to route: the case goes to the Triage department for a person to decide. */
  needsReview: boolean;
  priority: Priority;
  language: string;
  trackingNumbers: TrackingMatch[];
  urgency: UrgencyAssessment;
  /** Sentences for the customer (carrier guidance, typo warnings), in their language. */
  carrierNotes: string[];
  reasons: string[];
  details: { classifier: TopicScore[] | null; urgencySignals: string[]; languageConfidence: number; trackingNumbers: string[] };
};

/** Below this probability a free-text contact is not routed to a department but to triage. */
// On the test split: 8.5 % of free-text contacts go to review, and 95.6 % of the rest are routed right (0.45: 11.5 %, 96.3 %).
export const REVIEW_THRESHOLD = 0.4;

const DELIVERY_TOPICS = new Set(['missing-package', 'delivery-problem', 'tracking', 'refund-claim']);
const NOT_ARRIVED = /\b(never (arrived|came|showed up|delivered)|not (arrived|received|delivered)|hasn'?t (arrived|come)|didn'?t (arrive|get|receive)|no (ha|he) (llegado|recibido)|nunca lleg[oó]|no lleg[oó]|nu (a ajuns|am primit)|n-a ajuns|nu mi-a venit)\b/i;

/**
 * Combines the evidence into one routing decision, with reasons an agent can read: the
 * customer's chosen topic wins (the classifier's disagreement is recorded); for free text the
 * classifier decides, nudged by hard evidence (a tracking number plus "never arrived" is a
 * missing package); urgency raises the priority; verified registered customers go one step up.
 */
export function decideTriage(input: TriageInput, model: TopicModel): TriageDecision {
  const text = `${input.subject}\n${input.text}`;
  // The language the customer chose wins; detection (the slowest step of triage) runs only without one.
  const detected = input.localeHint ? null : detectLanguage(text);
  const language = input.localeHint ?? (detected && ['en', 'es', 'ro'].includes(detected.language) ? detected.language : 'en');
  const found = findTrackingNumbers(`${input.trackingNumberField ?? ''}\n${text}`);
  const prediction = model.predict(text);
  const reasons: string[] = [];

  let topic: string;
  let confidence: number;
  if (input.chosenTopic) {
    topic = input.chosenTopic;
    confidence = 1;
    reasons.push(`topic ${topic} chosen by the customer`);
    if (prediction.topic !== topic && prediction.confidence >= 0.8) {
      reasons.push(`the classifier would have said ${prediction.topic} (${prediction.confidence.toFixed(2)})`);
    }
  } else {
    ({ topic, confidence } = prediction);
    reasons.push(`classifier: ${prediction.top.map((t) => `${t.topic} ${t.score.toFixed(2)}`).join(', ')}`);
    if (found.some((m) => m.valid) && NOT_ARRIVED.test(text) && !DELIVERY_TOPICS.has(topic)) {
      topic = 'missing-package';
      confidence = Math.max(confidence, 0.6);
      reasons.push('a tracking number and "never arrived": missing package');
    } else if (found.some((m) => m.valid) && DELIVERY_TOPICS.has(topic)) {
      confidence = Math.min(1, confidence + 0.15);
      reasons.push('a valid tracking number supports a delivery topic');
    }
  }
  const needsReview = !input.chosenTopic && confidence < REVIEW_THRESHOLD;
  if (needsReview) reasons.push(`confidence ${confidence.toFixed(2)} is below ${REVIEW_THRESHOLD}: sent to triage for a person to route`);

  const urgency = detectUrgency(text, { topic });
  let priority: Priority = urgency.level ?? 'normal';
  if (urgency.level) reasons.push(`urgent words: ${urgency.signals.join(', ')}`);
  if (input.customerRegistered && priority !== 'urgent') {
    priority = priority === 'high' ? 'urgent' : 'high';
    reasons.push('registered customer: answered faster');
  }
  for (const match of found) {
    reasons.push(`tracking number ${match.number}: ${match.carrier}${match.valid ? '' : match.probableTypo ? ', probable typo' : ', check digit wrong'}`);
  }
  const locale: GuidanceLocale = language === 'es' || language === 'ro' ? language : 'en';
  const carrierNotes = found.map((m) => carrierGuidance(m, locale)).filter((note): note is string => Boolean(note));

  return {
    topic, confidence, needsReview, priority, language, trackingNumbers: found, urgency, carrierNotes, reasons,
    details: {
      classifier: prediction.top,
      urgencySignals: urgency.signals,
      languageConfidence: detected ? detected.confidence : 1,
      trackingNumbers: found.map((m) => m.number),
    },
  };
}
