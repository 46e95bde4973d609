import type { DbJson, DbTime } from '../../storage/dialect-helpers.js';

export type AuditLogTable = {
  id: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject: string | null;
  data: DbJson;
  created_at: DbTime;
};

export type SettingsTable = { key: string; value: DbJson; updated_at: DbTime };

export type AuditTables = { audit_log: AuditLogTable; settings: SettingsTable };
