import type { Executor } from '../../storage/database.js';
import { fromDbBool, fromDbJson, fromDbTime, toDbBool, toDbJson, toDbTime, type Dialect } from '../../storage/dialect-helpers.js';
import type { RoutingRule, RuleActions, RuleConditions } from './routing-rules.js';
import type { RoutingRulesTable } from './routing-rules.table.js';

function toRoutingRule(row: RoutingRulesTable): RoutingRule {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    active: fromDbBool(row.active),
    conditions: fromDbJson<RuleConditions>(row.conditions),
    actions: fromDbJson<RuleActions>(row.actions),
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
  };
}

function toRow(rule: RoutingRule, dialect: Dialect): RoutingRulesTable {
  return {
    id: rule.id,
    name: rule.name,
    position: rule.position,
    active: toDbBool(rule.active, dialect),
    conditions: toDbJson(rule.conditions),
    actions: toDbJson(rule.actions),
    created_at: toDbTime(rule.createdAt),
    updated_at: toDbTime(rule.updatedAt),
  };
}

/** In evaluation order: position, then creation (ids are time-ordered). */
export async function listRoutingRules(executor: Executor): Promise<RoutingRule[]> {
  const rows = await executor.selectFrom('routing_rules').selectAll().orderBy('position').orderBy('id').execute();
  return rows.map(toRoutingRule);
}

export async function findRoutingRule(executor: Executor, id: string): Promise<RoutingRule | null> {
  const row = await executor.selectFrom('routing_rules').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRoutingRule(row) : null;
}

/** One past the last position, so a rule added without a position is evaluated last. */
export async function nextRoutingRulePosition(executor: Executor): Promise<number> {
  const row = await executor.selectFrom('routing_rules').select((eb) => eb.fn.max('position').as('last')).executeTakeFirst();
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
}

export async function insertRoutingRule(executor: Executor, dialect: Dialect, rule: RoutingRule): Promise<void> {
  await executor.insertInto('routing_rules').values(toRow(rule, dialect)).execute();
}

export async function saveRoutingRule(executor: Executor, dialect: Dialect, rule: RoutingRule): Promise<void> {
  const { id, created_at: _created, ...changes } = toRow(rule, dialect);
  await executor.updateTable('routing_rules').set(changes).where('id', '=', id).execute();
}

export async function deleteRoutingRule(executor: Executor, id: string): Promise<void> {
  await executor.deleteFrom('routing_rules').where('id', '=', id).execute();
}
