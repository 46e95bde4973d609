import { Type } from 'typebox';
import { CHANNELS, PRIORITIES } from '../cases/case.js';
import { RULE_CARRIERS } from './routing-rules.js';

const Slug = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9-]*$' });
const PriorityLiteral = Type.Enum(PRIORITIES);

const RuleConditions = Type.Object(
  {
    channel: Type.Optional(Type.Enum(CHANNELS)),
    topic: Type.Optional(Slug),
    language: Type.Optional(Type.String({ pattern: '^[a-z]{2}$', description: 'ISO 639-1, as triage detected it' })),
    textMatches: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        minItems: 1,
        maxItems: 50,
        description: 'Words or phrases, any of which in subject or text matches as whole words, ignoring case and diacritics (not regular expressions)',
      }),
    ),
    carrier: Type.Optional(Type.Enum(RULE_CARRIERS, { description: 'a tracking number of this carrier was found' })),
    minPriority: Type.Optional(Type.Enum(PRIORITIES, { description: 'the decided priority is at least this' })),
    customerRegistered: Type.Optional(Type.Boolean()),
    needsReview: Type.Optional(Type.Boolean({ description: 'triage was unsure and would send the case to the Triage department' })),
  },
  { additionalProperties: false, description: 'Every condition given must hold; at least one is required.' },
);

const RuleActions = Type.Object(
  {
    department: Type.Optional(Slug),
    topic: Type.Optional(Slug),
    priority: Type.Optional(PriorityLiteral),
    stop: Type.Optional(Type.Boolean({ description: 'default true: no later rule is evaluated after this one applies' })),
  },
  { additionalProperties: false, description: 'At least one of department, topic, priority.' },
);

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Position = Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'evaluation order, lowest first; default: after the last rule' });

export const RoutingRuleIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const CreateRoutingRuleBody = Type.Object(
  { name: Name, position: Type.Optional(Position), active: Type.Optional(Type.Boolean()), conditions: RuleConditions, actions: RuleActions },
  { additionalProperties: false },
);

export const UpdateRoutingRuleBody = Type.Object(
  {
    name: Type.Optional(Name),
    position: Type.Optional(Position),
    active: Type.Optional(Type.Boolean()),
    conditions: Type.Optional(RuleConditions),
    actions: Type.Optional(RuleActions),
  },
  { additionalProperties: false, minProperties: 1, description: 'conditions and actions, when given, replace the whole object' },
);

const RoutingRuleItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  position: Type.Integer(),
  active: Type.Boolean(),
  conditions: RuleConditions,
  actions: RuleActions,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const RoutingRuleResponse = Type.Object({ rule: RoutingRuleItem });
export const RoutingRuleListResponse = Type.Object({ rules: Type.Array(RoutingRuleItem) });
