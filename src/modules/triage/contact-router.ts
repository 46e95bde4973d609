import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import type { Routing } from '../cases/open-case.js';
import type { TrackingNumber } from '../cases/cases.repository.js';
import { EXPRESS_GUIDANCE, FALLBACK_TOPIC_SLUG, TRIAGE_DEPARTMENT_SLUG } from '../topics/default-topics.js';
import { localize, selectUrgentGuidance, type Department, type Topic } from '../topics/topic.js';
import { listDepartments, listTopics } from '../topics/topics.repository.js';
import { applyRoutingRules } from './routing-rules.js';
import { loadActiveRoutingRules } from './routing-rules.service.js';
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
      const [{ topics, departments }, rules] = await Promise.all([lookups(), loadActiveRoutingRules(deps.db)]);
      const decided = topics.get(decision.topic) ?? topics.get(FALLBACK_TOPIC_SLUG);
      if (!decided) throw new Error(`topic ${decision.topic} and the fallback topic are missing: run npx postdesk seed`);
      const triageDepartment = decision.needsReview ? departments.get(TRIAGE_DEPARTMENT_SLUG) : undefined;
      const urgent = selectUrgentGuidance(decided, `${input.subject}\n${input.text}`, EXPRESS_GUIDANCE);
      const guidance = [urgent ? localize(urgent, decision.language) : null, ...decision.carrierNotes].filter(Boolean).join('\n\n') || null;
      const decidedPriority = urgent && decision.priority === 'normal' ? 'high' : decision.priority;
      // Admins' rules come last: they see the decision as triage made it and may override it.
      const ruled = applyRoutingRules(rules, {
        channel: input.channel, topic: decided.slug, language: decision.language, subject: input.subject, text: input.text,
        carriers: decision.trackingNumbers.map((m) => m.carrier), priority: decidedPriority, customerRegistered: input.customerRegistered,
        needsReview: decision.needsReview, topics: new Set([...topics.values()].filter((t) => t.active).map((t) => t.slug)), departments: new Set(departments.keys()),
      });
      const topic = (ruled.topic && topics.get(ruled.topic)) || decided;
      // A rule that names the topic has decided what triage could not: the Triage department no longer applies.
      const department = (ruled.department && departments.get(ruled.department)) || (ruled.topic ? undefined : triageDepartment);
      const priority = ruled.priority ?? decidedPriority;
      const trackingNumbers: TrackingNumber[] = decision.trackingNumbers.map((m) => ({ number: m.number, carrier: m.carrier, valid: m.valid }));
      if (input.trackingNumberField && !trackingNumbers.some((t) => t.number === input.trackingNumberField)) {
        // A number in no format we know is still the customer's reference: kept, marked unknown.
        trackingNumbers.push({ number: input.trackingNumberField, carrier: 'unknown', valid: false });
      }
      return {
        routing: {
          topic,
          ...(department ? { department } : {}),
          priority,
          language: decision.language,
          reasons: [...decision.reasons, ...ruled.matched.map((m) => `rule ${m.name}: ${m.reason}`), ...(urgent ? ['urgent-matter guidance sent to the customer'] : [])],
          details: { confidence: Number(decision.confidence.toFixed(3)), needsReview: decision.needsReview, ...decision.details },
        },
        trackingNumbers,
        guidance,
        decision,
      };
    },
  };
}
