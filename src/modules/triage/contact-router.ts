import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import type { Routing } from '../cases/open-case.js';
import type { TrackingNumber } from '../cases/cases.repository.js';
import { EXPRESS_GUIDANCE, FALLBACK_TOPIC_SLUG, TRIAGE_DEPARTMENT_SLUG } from '../topics/default-topics.js';
import { localize, selectUrgentGuidance, type Department, type Topic } from '../topics/topic.js';
import { listDepartments, listTopics } from '../topics/topics.repository.js';
import type { TriageDecision, TriageInput } from './triage.js';
import type { TriageService } from './triage.service.js';

/** A contact with everything needed to open its case: routing, tracking numbers, customer guidance. */
export type RoutedContact = {
  routing: Routing;
  trackingNumbers: TrackingNumber[];
  /** Urgent-matter guidance and carrier notes for the confirmation, in the customer's language. */
  guidance: string | null;
  decision: TriageDecision;
};

export interface ContactRouter {
  route(input: TriageInput): Promise<RoutedContact>;
}

const CACHE_MS = 5_000;

/** Turns a triage decision into case routing: topic and department rows, priority, reasons, guidance. */
export function createContactRouter(deps: { db: Kysely<Database>; triage: TriageService }): ContactRouter {
  // Topics and departments change only through admin edits: a short cache keeps intake to one write transaction.
  let cache: { at: number; topics: Map<string, Topic>; departments: Map<string, Department> } | null = null;
  async function lookups() {
    if (!cache || Date.now() - cache.at > CACHE_MS) {
      const [topics, departments] = await Promise.all([listTopics(deps.db, { activeOnly: false }), listDepartments(deps.db)]);
      cache = { at: Date.now(), topics: new Map(topics.map((t) => [t.slug, t])), departments: new Map(departments.map((d) => [d.slug, d])) };
    }
    return cache;
  }

  return {
    async route(input) {
      const decision = await deps.triage.triage(input);
      const { topics, departments } = await lookups();
      const topic = topics.get(decision.topic) ?? topics.get(FALLBACK_TOPIC_SLUG);
      if (!topic) throw new Error(`topic ${decision.topic} and the fallback topic are missing: run npx postdesk seed`);
      const triageDepartment = decision.needsReview ? departments.get(TRIAGE_DEPARTMENT_SLUG) : undefined;
      const urgent = selectUrgentGuidance(topic, `${input.subject}\n${input.text}`, EXPRESS_GUIDANCE);
      const guidance = [urgent ? localize(urgent, decision.language) : null, ...decision.carrierNotes].filter(Boolean).join('\n\n') || null;
      const priority = urgent && decision.priority === 'normal' ? 'high' : decision.priority;
      const trackingNumbers: TrackingNumber[] = decision.trackingNumbers.map((m) => ({ number: m.number, carrier: m.carrier, valid: m.valid }));
      if (input.trackingNumberField && !trackingNumbers.some((t) => t.number === input.trackingNumberField)) {
        // A number in no format we know is still the customer's reference: kept, marked unknown.
        trackingNumbers.push({ number: input.trackingNumberField, carrier: 'unknown', valid: false });
      }
      return {
        routing: {
          topic,
          ...(triageDepartment ? { department: triageDepartment } : {}),
          priority,
          language: decision.language,
          reasons: [...decision.reasons, ...(urgent ? ['urgent-matter guidance sent to the customer'] : [])],
          details: { confidence: Number(decision.confidence.toFixed(3)), needsReview: decision.needsReview, ...decision.details },
        },
        trackingNumbers,
        guidance,
        decision,
      };
    },
  };
}
