import { newId } from '../../kernel/ids.js';
import type { Executor } from '../../storage/database.js';
import { fromDbJson, fromDbTime, toDbJson, toDbTime } from '../../storage/dialect-helpers.js';

export type AuditActorType = 'agent' | 'customer' | 'system';

/** One security- or administration-relevant action, as it is recorded. */
export type AuditRecord = {
  actorType: AuditActorType;
  actorId: string | null;
  action: string;
  subject?: string | null;
  data?: Record<string, unknown>;
  at: Date;
};

/** One audit-log row as read back. */
export type AuditEntry = {
  id: string;
  actorType: AuditActorType;
  actorId: string | null;
  action: string;
  subject: string | null;
  data: Record<string, unknown>;
  at: Date;
};

/** Appends an entry; pass the transaction of the change it records so both commit together. */
export async function recordAudit(executor: Executor, record: AuditRecord): Promise<string> {
  const id = newId(record.at.getTime());
  await executor
    .insertInto('audit_log')
    .values({
      id,
      actor_type: record.actorType,
      actor_id: record.actorId,
      action: record.action,
      subject: record.subject ?? null,
      data: toDbJson(record.data ?? {}),
      created_at: toDbTime(record.at),
    })
    .execute();
  return id;
}

/** The newest entries first. */
export async function listAudit(db: Executor, options: { limit: number }): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    actorType: row.actor_type as AuditActorType,
    actorId: row.actor_id,
    action: row.action,
    subject: row.subject,
    data: fromDbJson<Record<string, unknown>>(row.data),
    at: fromDbTime(row.created_at),
  }));
}
