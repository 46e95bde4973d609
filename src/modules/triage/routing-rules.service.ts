import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import type { Database, Executor } from '../../storage/database.js';
import { dialectOf } from '../../storage/dialect-helpers.js';
import { recordAudit } from '../audit/index.js';
import { listDepartments, listTopics } from '../topics/topics.repository.js';
import { checkRoutingRule, type RoutingRule, type RuleActions, type RuleConditions } from './routing-rules.js';
import {
  deleteRoutingRule, findRoutingRule, insertRoutingRule, listRoutingRules, nextRoutingRulePosition, saveRoutingRule,
} from './routing-rules.repository.js';

export type NewRoutingRule = { name: string; position?: number; active?: boolean; conditions: RuleConditions; actions: RuleActions };
export type RoutingRulePatch = Partial<NewRoutingRule>;

/** Admin use cases for routing rules; every change is written to the audit log with the change. */
export interface RoutingRuleService {
  list(): Promise<RoutingRule[]>;
  create(input: NewRoutingRule, actor: { id: string }): Promise<RoutingRule>;
  /** null when there is no such rule. */
  update(id: string, patch: RoutingRulePatch, actor: { id: string }): Promise<RoutingRule | null>;
  /** null when there is no such rule. */
  remove(id: string, actor: { id: string }): Promise<RoutingRule | null>;
}

const ACTIVE_RULES_TTL_MS = 5_000;
// Keyed by database, so the admin routes and the contact router of one process share it: an edit
// reaches this process's next contact at once, other processes within the TTL (like topics).
const activeRulesCache = new WeakMap<Kysely<Database>, { at: number; rules: RoutingRule[] }>();

/** The active rules in evaluation order, cached for a few seconds: intake reads them for every contact. */
export async function loadActiveRoutingRules(db: Kysely<Database>): Promise<RoutingRule[]> {
  const cached = activeRulesCache.get(db);
  if (cached && Date.now() - cached.at <= ACTIVE_RULES_TTL_MS) return cached.rules;
  const rules = (await listRoutingRules(db)).filter((rule) => rule.active);
  activeRulesCache.set(db, { at: Date.now(), rules });
  return rules;
}

export function createRoutingRuleService(deps: { db: Kysely<Database>; clock: Clock }): RoutingRuleService {
  const dialect = dialectOf(deps.db);

  /** Runs one change and its audit entry in a transaction, then drops the cached active rules. */
  async function change<T>(work: (trx: Executor, now: Date) => Promise<T>): Promise<T> {
    const result = await deps.db.transaction().execute((trx) => work(trx, deps.clock.now()));
    activeRulesCache.delete(deps.db);
    return result;
  }

  return {
    list: () => listRoutingRules(deps.db),

    create(input, actor) {
      return change(async (trx, now) => {
        await assertValid(trx, input, null);
        const rule: RoutingRule = {
          id: newId(now.getTime()), name: input.name.trim(), position: input.position ?? (await nextRoutingRulePosition(trx)),
          active: input.active ?? true, conditions: input.conditions, actions: input.actions, createdAt: now, updatedAt: now,
        };
        await insertRoutingRule(trx, dialect, rule);
        await recordAudit(trx, { actorType: 'agent', actorId: actor.id, action: 'routing_rule.created', subject: rule.id, data: snapshot(rule), at: now });
        return rule;
      });
    },

    update(id, patch, actor) {
      return change(async (trx, now) => {
        const before = await findRoutingRule(trx, id);
        if (!before) return null;
        const after: RoutingRule = { ...before, ...definedOnly(patch), updatedAt: now };
        after.name = after.name.trim();
        await assertValid(trx, after, id);
        await saveRoutingRule(trx, dialect, after);
        await recordAudit(trx, {
          actorType: 'agent', actorId: actor.id, action: 'routing_rule.updated', subject: id, data: { before: snapshot(before), after: snapshot(after) }, at: now,
        });
        return after;
      });
    },

    remove(id, actor) {
      return change(async (trx, now) => {
        const rule = await findRoutingRule(trx, id);
        if (!rule) return null;
        await deleteRoutingRule(trx, id);
        await recordAudit(trx, { actorType: 'agent', actorId: actor.id, action: 'routing_rule.deleted', subject: id, data: snapshot(rule), at: now });
        return rule;
      });
    },
  };
}

/** 422 with a message per field: empty conditions or actions, unknown slugs, a name another rule has. */
async function assertValid(trx: Executor, rule: Pick<NewRoutingRule, 'name' | 'conditions' | 'actions'>, ownId: string | null): Promise<void> {
  const [topics, departments, rules] = await Promise.all([listTopics(trx, { activeOnly: true }), listDepartments(trx), listRoutingRules(trx)]);
  const fields = checkRoutingRule(rule, { topics: new Set(topics.map((t) => t.slug)), departments: new Set(departments.map((d) => d.slug)) });
  const name = rule.name.trim().toLowerCase();
  if (name === '') fields.name = 'Give the rule a name.';
  // Reasons on a case's timeline cite rules by name: two rules with one name could not be told apart.
  else if (rules.some((other) => other.id !== ownId && other.name.toLowerCase() === name)) fields.name = 'Another rule already has this name.';
  if (Object.keys(fields).length > 0) throw new AppError('validation.failed', 'Some fields need attention.', fields);
}

function definedOnly(patch: RoutingRulePatch): RoutingRulePatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as RoutingRulePatch;
}

function snapshot(rule: RoutingRule): Record<string, unknown> {
  return { name: rule.name, position: rule.position, active: rule.active, conditions: rule.conditions, actions: rule.actions };
}
