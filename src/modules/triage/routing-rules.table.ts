import type { DbBool, DbJson, DbTime } from '../../storage/dialect-helpers.js';

/** Admins' routing rules; `conditions` and `actions` hold the JSON of `RuleConditions` and `RuleActions`. */
export type RoutingRulesTable = {
  id: string;
  name: string;
  position: number;
  active: DbBool;
  conditions: DbJson;
  actions: DbJson;
  created_at: DbTime;
  updated_at: DbTime;
};

export type RoutingRuleTables = { routing_rules: RoutingRulesTable };
