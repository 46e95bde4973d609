import type { DbBool, DbJson, DbTime } from '../../storage/dialect-helpers.js';

export type DepartmentsTable = { id: string; slug: string; name: string; created_at: DbTime };

export type TopicsTable = {
  id: string;
  slug: string;
  department_id: string;
  names: DbJson;
  fields: DbJson;
  urgent_guidance: DbJson | null;
  position: number;
  active: DbBool;
  created_at: DbTime;
};

export type TopicTables = { departments: DepartmentsTable; topics: TopicsTable };
