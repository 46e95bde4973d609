import { describe, expect, it } from 'vitest';
import { DEFAULT_DEPARTMENTS, DEFAULT_TOPICS } from '../topics/default-topics.js';
import {
  applyRoutingRules, checkRoutingRule, normalizeForMatch, type RoutingFacts, type RoutingRule, type RuleActions, type RuleConditions,
} from './routing-rules.js';

const TOPICS = new Set(DEFAULT_TOPICS.map((t) => t.slug));
const DEPARTMENTS = new Set(DEFAULT_DEPARTMENTS.map((d) => d.slug));

/** A web contact triage routed to general-question, normal priority, English, anonymous, sure of itself. */
const BASE: RoutingFacts = {
  channel: 'web',
  topic: 'general-question',
  language: 'en',
  subject: 'A question',
  text: 'When does the post office on Main Street open?',
  carriers: [],
  priority: 'normal',
  customerRegistered: false,
  needsReview: false,
  topics: TOPICS,
  departments: DEPARTMENTS,
};

let position = 0;
function rule(name: string, conditions: RuleConditions, actions: RuleActions, extra: Partial<RoutingRule> = {}): RoutingRule {
  position += 1;
  return { id: name, name, position, active: true, conditions, actions, createdAt: new Date(0), updatedAt: new Date(0), ...extra };
}

const URGENT: RuleActions = { priority: 'urgent' };

describe('applyRoutingRules: each condition', () => {
  it.each<[string, RuleConditions, Partial<RoutingFacts>, boolean]>([
    ['channel equal', { channel: 'web' }, {}, true],
    ['channel different', { channel: 'email' }, {}, false],
    ['topic equal', { topic: 'general-question' }, {}, true],
    ['topic different', { topic: 'passport' }, {}, false],
    ['language equal', { language: 'es' }, { language: 'es' }, true],
    ['language different', { language: 'ro' }, {}, false],
    ['a word in the text', { textMatches: ['office'] }, {}, true],
    ['a word in the subject', { textMatches: ['question'] }, {}, true],
    ['any of the words', { textMatches: ['refund', 'street'] }, {}, true],
    ['none of the words', { textMatches: ['refund', 'passport'] }, {}, false],
    ['upper case in the text', { textMatches: ['main street'] }, { text: 'Sent from MAIN STREET' }, true],
    ['upper case in the rule', { textMatches: ['MAIN Street'] }, {}, true],
    ['a phrase across punctuation and spaces', { textMatches: ['main street'] }, { text: 'main,   street' }, true],
    ['a phrase with words in another order', { textMatches: ['street main'] }, {}, false],
    ['part of a word only', { textMatches: ['off'] }, {}, false],
    ['a word inside a longer word', { textMatches: ['express'] }, { text: 'I expressly asked' }, false],
    ['Romanian diacritics in the text', { textMatches: ['pasaport urgent'] }, { text: 'Am nevoie de pașaport urgent' }, true],
    ['Romanian diacritics in the rule', { textMatches: ['pașaport'] }, { text: 'pasaport pierdut' }, true],
    ['cedilla and comma-below ș alike', { textMatches: ['ş'] }, { text: 'ș' }, true],
    ['Spanish accents and ñ', { textMatches: ['envio urgente', 'año'] }, { text: 'ENVÍO URGENTE por favor' }, true],
    ['regex characters are not a pattern', { textMatches: ['c.t'] }, { text: 'my cat' }, false],
    ['a catastrophic regex is only the word a', { textMatches: ['(a+)+$'] }, { subject: '', text: `${'a'.repeat(50_000)}!` }, false],
    ['a phrase of digits', { textMatches: ['1 800'] }, { text: 'called 1-800-275-8777' }, true],
    ['carrier found', { carrier: 'ups' }, { carriers: ['usps', 'ups'] }, true],
    ['carrier not found', { carrier: 'dhl' }, { carriers: ['usps'] }, false],
    ['carrier with no tracking number', { carrier: 'usps' }, {}, false],
    ['minPriority equal', { minPriority: 'normal' }, {}, true],
    ['minPriority below', { minPriority: 'low' }, { priority: 'high' }, true],
    ['minPriority above', { minPriority: 'high' }, {}, false],
    ['minPriority urgent', { minPriority: 'urgent' }, { priority: 'urgent' }, true],
    ['registered customer wanted, registered', { customerRegistered: true }, { customerRegistered: true }, true],
    ['registered customer wanted, anonymous', { customerRegistered: true }, {}, false],
    ['anonymous customer wanted, anonymous', { customerRegistered: false }, {}, true],
    ['triage unsure wanted, unsure', { needsReview: true }, { needsReview: true }, true],
    ['triage unsure wanted, sure', { needsReview: true }, {}, false],
    ['triage sure wanted, sure', { needsReview: false }, {}, true],
  ])('%s', (_name, conditions, facts, matches) => {
    const result = applyRoutingRules([rule('r', conditions, URGENT)], { ...BASE, ...facts });
    expect(result.priority).toBe(matches ? 'urgent' : undefined);
    expect(result.matched.length).toBe(matches ? 1 : 0);
  });

  it('never matches a rule without conditions', () => {
    expect(applyRoutingRules([rule('empty', {}, URGENT)], BASE)).toEqual({ matched: [] });
  });
});

describe('applyRoutingRules: combinations', () => {
  const express = rule('Express web', { channel: 'web', textMatches: ['express', 'overnight'], minPriority: 'normal' }, { priority: 'urgent', department: 'delivery-services' });
  it.each<[string, Partial<RoutingFacts>, boolean]>([
    ['all hold', { text: 'Sent by express yesterday' }, true],
    ['another channel', { channel: 'email', text: 'Sent by express yesterday' }, false],
    ['no keyword', { text: 'Sent yesterday' }, false],
    ['priority too low', { priority: 'low', text: 'overnight letter' }, false],
  ])('all given conditions must hold: %s', (_name, facts, matches) => {
    const result = applyRoutingRules([express], { ...BASE, ...facts });
    expect(result.department).toBe(matches ? 'delivery-services' : undefined);
  });

  it('explains which conditions held and what changed', () => {
    const result = applyRoutingRules([express], { ...BASE, subject: 'OVERNIGHT item' });
    expect(result.matched).toEqual([
      { name: 'Express web', applied: true, reason: 'channel web, priority normal (at least normal), text has "overnight" → priority urgent, department delivery-services' },
    ]);
  });

  it('sets topic, department and priority together', () => {
    const result = applyRoutingRules([rule('all three', { language: 'en' }, { topic: 'passport', department: 'customer-care', priority: 'high' })], BASE);
    expect(result).toMatchObject({ topic: 'passport', department: 'customer-care', priority: 'high' });
    expect(result.matched[0]?.reason).toBe('language en → priority high, department customer-care, topic passport');
  });
});

describe('applyRoutingRules: order and stop', () => {
  it('evaluates by position, not by list order; the first matching rule wins', () => {
    const late = rule('late', { channel: 'web' }, { priority: 'low' }, { position: 20 });
    const early = rule('early', { channel: 'web' }, { priority: 'high' }, { position: 10 });
    const result = applyRoutingRules([late, early], BASE);
    expect(result.priority).toBe('high');
    expect(result.matched.map((m) => m.name)).toEqual(['early']);
  });

  it('passes over rules that do not match', () => {
    const result = applyRoutingRules([rule('email only', { channel: 'email' }, { priority: 'low' }), rule('web', { channel: 'web' }, { priority: 'high' })], BASE);
    expect(result.matched.map((m) => m.name)).toEqual(['web']);
  });

  it('stop: false lets later rules apply too, a later action replacing an earlier one', () => {
    const result = applyRoutingRules([
      rule('to delivery', { channel: 'web' }, { department: 'delivery-services', priority: 'high', stop: false }),
      rule('urgent', { channel: 'web' }, { priority: 'urgent' }),
      rule('never reached', { channel: 'web' }, { topic: 'passport' }),
    ], BASE);
    expect(result).toMatchObject({ department: 'delivery-services', priority: 'urgent' });
    expect(result.topic).toBeUndefined();
    expect(result.matched.map((m) => m.name)).toEqual(['to delivery', 'urgent']);
    expect(result.matched[0]?.reason).toContain('; later rules continue');
  });

  it('later rules see the topic and priority earlier rules set', () => {
    const result = applyRoutingRules([
      rule('passport words', { textMatches: ['passport'] }, { topic: 'passport', stop: false }),
      rule('passport urgent', { topic: 'passport', minPriority: 'normal' }, { priority: 'urgent', stop: false }),
      rule('urgent to care', { minPriority: 'urgent' }, { department: 'passport-services' }),
    ], { ...BASE, text: 'My passport application' });
    expect(result).toMatchObject({ topic: 'passport', priority: 'urgent', department: 'passport-services' });
    expect(result.matched).toHaveLength(3);
  });

  it('ignores inactive rules', () => {
    const result = applyRoutingRules([
      rule('off', { channel: 'web' }, { priority: 'low' }, { active: false }),
      rule('on', { channel: 'web' }, { priority: 'high' }),
    ], BASE);
    expect(result.priority).toBe('high');
    expect(result.matched.map((m) => m.name)).toEqual(['on']);
  });

  it('returns nothing to change when there are no rules', () => {
    expect(applyRoutingRules([], BASE)).toEqual({ matched: [] });
  });
});

describe('applyRoutingRules: rules naming what no longer exists', () => {
  it.each<[string, RuleActions, string]>([
    ['a removed topic', { topic: 'parcel-lockers', priority: 'high' }, 'skipped: topic parcel-lockers no longer exists'],
    ['a removed department', { department: 'lockers', priority: 'high' }, 'skipped: department lockers no longer exists'],
    ['both', { topic: 'gone', department: 'gone-too' }, 'skipped: topic gone no longer exists, department gone-too no longer exists'],
  ])('skips a rule naming %s, with a reason, and goes on to the next rule', (_name, actions, reason) => {
    const result = applyRoutingRules([rule('stale', { channel: 'web' }, actions), rule('next', { channel: 'web' }, { priority: 'low' })], BASE);
    expect(result.matched).toEqual([{ name: 'stale', applied: false, reason }, expect.objectContaining({ name: 'next', applied: true })]);
    expect(result).toMatchObject({ priority: 'low' });
    expect(result.topic).toBeUndefined();
    expect(result.department).toBeUndefined();
  });

  it('treats an inactive topic as gone (facts.topics lists active topics only)', () => {
    const topics = new Set([...TOPICS].filter((t) => t !== 'informed-delivery'));
    const result = applyRoutingRules([rule('digital', { channel: 'web' }, { topic: 'informed-delivery' })], { ...BASE, topics });
    expect(result.matched[0]?.applied).toBe(false);
  });
});

describe('normalizeForMatch', () => {
  it.each([
    ['Ștampilă ŞI țară', 'stampila si tara'],
    ['¿Dónde está mi ENVÍO?', 'donde esta mi envio'],
    ['  Priority-Mail   Express!! ', 'priority mail express'],
    ['ﬁle', 'file'],
    ['!!!', ''],
  ])('%s → %s', (input, expected) => {
    expect(normalizeForMatch(input)).toBe(expected);
  });
});

describe('checkRoutingRule', () => {
  const known = { topics: TOPICS, departments: DEPARTMENTS };
  it.each<[string, RuleConditions, RuleActions, string[]]>([
    ['a valid rule', { channel: 'email' }, { priority: 'high' }, []],
    ['no condition', {}, { priority: 'high' }, ['conditions']],
    ['no action', { channel: 'email' }, {}, ['actions']],
    ['only stop as action', { channel: 'email' }, { stop: false }, ['actions']],
    ['an unknown condition topic', { topic: 'lockers' }, { priority: 'high' }, ['conditions.topic']],
    ['an unknown action topic', { channel: 'web' }, { topic: 'lockers' }, ['actions.topic']],
    ['an unknown department', { channel: 'web' }, { department: 'lockers' }, ['actions.department']],
    ['a phrase without letters', { textMatches: ['express', '?!'] }, { priority: 'high' }, ['conditions.textMatches.1']],
    ['everything wrong', {}, { department: 'x', topic: 'y' }, ['conditions', 'actions.topic', 'actions.department']],
  ])('%s', (_name, conditions, actions, fields) => {
    expect(Object.keys(checkRoutingRule({ conditions, actions }, known)).sort()).toEqual([...fields].sort());
  });
});
