import type { FieldErrors } from '../../kernel/errors.js';
import { PRIORITIES, type Channel, type Priority } from '../cases/case.js';
import type { Carrier } from './tracking-types.js';

/** What a contact must look like for a rule to apply; every condition given must hold. */
export type RuleConditions = {
  channel?: Channel;
  /** The topic as triage (or an earlier rule) decided it. */
  topic?: string;
  language?: string;
  /** Words or phrases, any of which in subject or text matches, ignoring case and diacritics. */
  textMatches?: string[];
  /** A tracking number of this carrier was found. */
  carrier?: Carrier;
  /** The decided priority is at least this. */
  minPriority?: Priority;
  customerRegistered?: boolean;
  /** Triage was unsure and would send the case to the Triage department. */
  needsReview?: boolean;
};

/** What a matching rule changes; `stop` (default true) ends evaluation at this rule. */
export type RuleActions = { department?: string; topic?: string; priority?: Priority; stop?: boolean };

/** An admin's routing rule, applied on top of the triage decision in `position` order. */
export type RoutingRule = {
  id: string;
  name: string;
  position: number;
  active: boolean;
  conditions: RuleConditions;
  actions: RuleActions;
  createdAt: Date;
  updatedAt: Date;
};

/** Every carrier a `carrier` condition may name (a Record, so a new carrier fails to compile here). */
const CARRIER_NAMES: Record<Carrier, true> = { usps: true, ups: true, fedex: true, dhl: true, amazon: true, 'upu-s10': true };
export const RULE_CARRIERS = Object.keys(CARRIER_NAMES) as Carrier[];

/** The contact as triage saw it, and the slugs rules may route to. */
export type RoutingFacts = {
  channel: Channel;
  topic: string;
  language: string;
  subject: string;
  text: string;
  carriers: readonly Carrier[];
  priority: Priority;
  customerRegistered: boolean;
  needsReview: boolean;
  /** Active topics and existing departments: a rule naming anything else is skipped, not applied. */
  topics: ReadonlySet<string>;
  departments: ReadonlySet<string>;
};

/** One rule whose conditions held: applied, or skipped because it names a topic/department that is gone. */
export type RuleOutcome = { name: string; applied: boolean; reason: string };

export type RoutingRulesResult = { topic?: string; department?: string; priority?: Priority; matched: RuleOutcome[] };

type EvaluatedRule = Pick<RoutingRule, 'name' | 'position' | 'active' | 'conditions' | 'actions'>;

/**
 * Applies the active rules in position order, each seeing the topic and priority the rules
 * before it left; the first applied rule with `stop` (the default) ends the evaluation.
 */
export function applyRoutingRules(rules: readonly EvaluatedRule[], facts: RoutingFacts): RoutingRulesResult {
  const result: RoutingRulesResult = { matched: [] };
  const current = { ...facts };
  let words: string | null = null;
  // Subject and text are normalised once, and only when some rule looks at the words.
  const textWords = () => (words ??= ` ${normalizeForMatch(`${facts.subject}\n${facts.text}`)} `);
  const ordered = rules.filter((rule) => rule.active).sort((a, b) => a.position - b.position);
  for (const rule of ordered) {
    const why = explainMatch(rule.conditions, current, textWords);
    if (!why) continue;
    const missing = missingTargets(rule.actions, facts);
    if (missing) {
      result.matched.push({ name: rule.name, applied: false, reason: `skipped: ${missing}` });
      continue;
    }
    const { topic, department, priority, stop = true } = rule.actions;
    if (topic) result.topic = current.topic = topic;
    if (department) result.department = department;
    if (priority) result.priority = current.priority = priority;
    result.matched.push({ name: rule.name, applied: true, reason: `${why.join(', ')} → ${describeActions(rule.actions)}` });
    if (stop) break;
  }
  return result;
}

type ConditionValues = Required<RuleConditions>;
type ConditionCheck<K extends keyof ConditionValues> = (value: ConditionValues[K], facts: RoutingFacts, textWords: () => string) => string | null;

/** One check per condition, returning why it holds or null; the text search runs last, being the dearest. */
const CONDITION_CHECKS: { [K in keyof ConditionValues]: ConditionCheck<K> } = {
  channel: (channel, facts) => (facts.channel === channel ? `channel ${channel}` : null),
  topic: (topic, facts) => (facts.topic === topic ? `topic ${topic}` : null),
  language: (language, facts) => (facts.language === language ? `language ${language}` : null),
  carrier: (carrier, facts) => (facts.carriers.includes(carrier) ? `${carrier} tracking number` : null),
  minPriority: (min, facts) => (rank(facts.priority) >= rank(min) ? `priority ${facts.priority} (at least ${min})` : null),
  customerRegistered: (registered, facts) =>
    facts.customerRegistered === registered ? (registered ? 'registered customer' : 'anonymous customer') : null,
  needsReview: (unsure, facts) => (facts.needsReview === unsure ? (unsure ? 'triage unsure' : 'triage sure') : null),
  textMatches: (phrases, _facts, textWords) => {
    const found = phrases.find((phrase) => {
      const normalized = normalizeForMatch(phrase);
      return normalized !== '' && textWords().includes(` ${normalized} `);
    });
    return found === undefined ? null : `text has "${found}"`;
  },
};

function checkCondition<K extends keyof ConditionValues>(key: K, conditions: RuleConditions, facts: RoutingFacts, textWords: () => string) {
  const value = conditions[key];
  return value === undefined ? undefined : CONDITION_CHECKS[key](value as ConditionValues[K], facts, textWords);
}

/** Why the conditions hold, one phrase each; null when one fails or none is given. */
function explainMatch(conditions: RuleConditions, facts: RoutingFacts, textWords: () => string): string[] | null {
  const why: string[] = [];
  for (const key of Object.keys(CONDITION_CHECKS) as (keyof ConditionValues)[]) {
    const reason = checkCondition(key, conditions, facts, textWords);
    if (reason === null) return null;
    if (reason !== undefined) why.push(reason);
  }
  return why.length > 0 ? why : null;
}

function missingTargets(actions: RuleActions, facts: RoutingFacts): string | null {
  const missing = [
    actions.topic && !facts.topics.has(actions.topic) ? `topic ${actions.topic} no longer exists` : null,
    actions.department && !facts.departments.has(actions.department) ? `department ${actions.department} no longer exists` : null,
  ].filter(Boolean);
  return missing.length > 0 ? missing.join(', ') : null;
}

function describeActions(actions: RuleActions): string {
  const parts = [
    actions.priority ? `priority ${actions.priority}` : null,
    actions.department ? `department ${actions.department}` : null,
    actions.topic ? `topic ${actions.topic}` : null,
  ].filter(Boolean);
  return `${parts.join(', ')}${actions.stop === false ? '; later rules continue' : ''}`;
}

function rank(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}

/**
 * Lower case, diacritics removed (ș→s, ñ→n), every run of non-letters/digits one space: phrases
 * are matched as whole words in this form, by plain string search, never as user regexes (ReDoS).
 */
export function normalizeForMatch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Per-field problems of a rule an admin submitted; empty when it can be saved. */
export function checkRoutingRule(
  rule: { conditions: RuleConditions; actions: RuleActions },
  known: { topics: ReadonlySet<string>; departments: ReadonlySet<string> },
): FieldErrors {
  const fields: FieldErrors = {};
  const { conditions, actions } = rule;
  if (!Object.values(conditions).some((value) => value !== undefined)) fields.conditions = 'Give at least one condition.';
  if (conditions.topic !== undefined && !known.topics.has(conditions.topic)) fields['conditions.topic'] = `There is no active topic "${conditions.topic}".`;
  conditions.textMatches?.forEach((phrase, index) => {
    if (normalizeForMatch(phrase) === '') fields[`conditions.textMatches.${index}`] = 'A word or phrase needs at least one letter or digit.';
  });
  if (actions.topic === undefined && actions.department === undefined && actions.priority === undefined) {
    fields.actions = 'Give a department, a topic or a priority to set.';
  }
  if (actions.topic !== undefined && !known.topics.has(actions.topic)) fields['actions.topic'] = `There is no active topic "${actions.topic}".`;
  if (actions.department !== undefined && !known.departments.has(actions.department)) {
    fields['actions.department'] = `There is no department "${actions.department}".`;
  }
  return fields;
}
