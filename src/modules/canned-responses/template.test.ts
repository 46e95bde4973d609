import { describe, expect, it } from 'vitest';
import { checkTemplate, renderTemplate, type TemplateValues } from './template.js';

const VALUES: TemplateValues = { 'customer.name': 'Ana Pop', 'case.number': 'PD-7K3M-Q9XT', 'tracking.number': '9400100000000000000000', 'agent.name': 'Sam' };

describe('renderTemplate', () => {
  it.each<[string, string, Partial<TemplateValues>?]>([
    ['Dear {{customer.name}},', 'Dear Ana Pop,'],
    ['Case {{ case.number }} / {{tracking.number}}', 'Case PD-7K3M-Q9XT / 9400100000000000000000'],
    ['Tracking: {{tracking.number}}.', 'Tracking: .', { 'tracking.number': '' }],
    ['{{agent.name}}{{agent.name}}', 'SamSam'],
    ['no placeholders at all', 'no placeholders at all'],
    ['values are not expanded again: {{customer.name}}', 'values are not expanded again: {{agent.name}}', { 'customer.name': '{{agent.name}}' }],
    ['replacement patterns stay literal: {{customer.name}}', 'replacement patterns stay literal: $& $1', { 'customer.name': '$& $1' }],
    ['nothing is evaluated: {{constructor}} {{__proto__}} {{7*7}}', 'nothing is evaluated: {{constructor}} {{__proto__}} {{7*7}}'],
  ])('%s', (body, expected, overrides) => {
    expect(renderTemplate(body, { ...VALUES, ...overrides })).toBe(expected);
  });
});

describe('checkTemplate', () => {
  it.each<[string, number]>([
    ['Dear {{customer.name}}, about {{case.number}} ({{tracking.number}}) — {{agent.name}}', 0],
    ['{{ customer.name }}', 0],
    ['plain text', 0],
    ['{{customer.email}}', 1],
    ['{{constructor}} and {{customer}}', 2],
    ['{{}}', 1],
    ['Dear {{customer.name}', 1],
    ['Dear customer.name}}', 1],
    ['{{ {{customer.name}} }}', 1],
  ])('%s → %i problem(s)', (body, count) => {
    expect(checkTemplate(body)).toHaveLength(count);
  });

  it('names the unknown variable and the allowed ones', () => {
    expect(checkTemplate('Hi {{customer.email}}')[0]).toBe('unknown variable {{customer.email}}: use {{customer.name}}, {{case.number}}, {{tracking.number}}, {{agent.name}}');
  });
});
