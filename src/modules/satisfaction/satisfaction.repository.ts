import type { Executor } from '../../storage/database.js';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../../storage/dialect-helpers.js';
import type { CaseStatus } from '../cases/case.js';
import type { SatisfactionSurveysTable } from './satisfaction.table.js';
import type { SkipReason, SurveyStatus } from './survey-policy.js';

/** A case's survey: who resolved the case where, when it may go out, and what the customer said. */
export type Survey = {
  id: string;
  caseId: string;
  status: SurveyStatus;
  skipReason: SkipReason | null;
  departmentId: string;
  agentId: string | null;
  resolvedAt: Date;
  sendAfter: Date;
  sentAt: Date | null;
  outboundMailId: string | null;
  expiresAt: Date | null;
  rating: number | null;
  comment: string | null;
  answeredAt: Date | null;
};

export async function findSurveyOfCase(executor: Executor, caseId: string): Promise<Survey | null> {
  const row = await executor.selectFrom('satisfaction_surveys').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  return row ? toSurvey(row) : null;
}

export async function findSurveyById(executor: Executor, id: string): Promise<Survey | null> {
  const row = await executor.selectFrom('satisfaction_surveys').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSurvey(row) : null;
}

export async function findSurveyByTokenHash(executor: Executor, tokenHash: string): Promise<Survey | null> {
  const row = await executor.selectFrom('satisfaction_surveys').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row ? toSurvey(row) : null;
}

/**
 * A new survey, or a fresh schedule for one that was cancelled or is still waiting. With a skip
 * reason it is written cancelled at once, so the case view can say why no survey went out.
 */
export async function scheduleSurvey(
  executor: Executor,
  survey: { id: string; caseId: string; departmentId: string; agentId: string | null; resolvedAt: Date; sendAfter: Date; skipReason: SkipReason | null },
  existing: Survey | null,
  now: Date,
): Promise<string> {
  const values = {
    status: survey.skipReason ? 'cancelled' : 'scheduled',
    skip_reason: survey.skipReason,
    department_id: survey.departmentId,
    agent_id: survey.agentId,
    resolved_at: toDbTime(survey.resolvedAt),
    send_after: toDbTime(survey.sendAfter),
    updated_at: toDbTime(now),
  };
  if (existing) {
    await executor.updateTable('satisfaction_surveys').set(values).where('id', '=', existing.id).execute();
    return existing.id;
  }
  await executor.insertInto('satisfaction_surveys').values({
    ...values, id: survey.id, case_id: survey.caseId, sent_at: null, outbound_mail_id: null, token_hash: null, expires_at: null,
    rating: null, comment: null, answered_at: null, created_at: toDbTime(now),
  }).execute();
  return survey.id;
}

export async function cancelSurvey(executor: Executor, id: string, reason: SkipReason, now: Date): Promise<void> {
  await executor.updateTable('satisfaction_surveys').set({ status: 'cancelled', skip_reason: reason, updated_at: toDbTime(now) })
    .where('id', '=', id).where('status', '=', 'scheduled').execute();
}

/** Marks a scheduled survey sent; false when it was not scheduled any more (a second run of the job). */
export async function markSurveySent(
  executor: Executor,
  id: string,
  sent: { tokenHash: string; expiresAt: Date; outboundMailId: string },
  now: Date,
): Promise<boolean> {
  const result = await executor.updateTable('satisfaction_surveys')
    .set({ status: 'sent', sent_at: toDbTime(now), token_hash: sent.tokenHash, expires_at: toDbTime(sent.expiresAt), outbound_mail_id: sent.outboundMailId, updated_at: toDbTime(now) })
    .where('id', '=', id).where('status', '=', 'scheduled').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records the answer with one conditional update: of two concurrent submissions of the same
 * link, exactly one changes the row. Returns false when the link was answered or has expired.
 */
export async function recordAnswer(executor: Executor, id: string, answer: { rating: number; comment: string | null }, now: Date): Promise<boolean> {
  const at = toDbTime(now);
  const result = await executor.updateTable('satisfaction_surveys')
    .set({ status: 'answered', rating: answer.rating, comment: answer.comment, answered_at: at, updated_at: at })
    .where('id', '=', id).where('status', '=', 'sent').where('answered_at', 'is', null).where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The facts the survey policy needs about a case and its customer. */
export type SurveyCaseFacts = {
  caseId: string;
  caseNumber: string;
  caseStatus: CaseStatus;
  language: string;
  customerEmail: string;
  customerName: string;
  emailBounced: boolean;
};

export async function findSurveyCaseFacts(executor: Executor, caseId: string): Promise<SurveyCaseFacts | null> {
  const row = await executor.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
    .select(['cases.id', 'cases.number', 'cases.status', 'cases.language', 'customers.email', 'customers.name', 'customers.email_bounced_at'])
    .where('cases.id', '=', caseId).executeTakeFirst();
  if (!row) return null;
  return {
    caseId: row.id, caseNumber: row.number, caseStatus: row.status as CaseStatus, language: row.language,
    customerEmail: row.email, customerName: row.name, emailBounced: row.email_bounced_at !== null,
  };
}

/** Message-IDs on the case's thread, oldest first (ours and the customer's), for threading headers. */
export async function listThreadMessageIds(executor: Executor, caseId: string): Promise<string[]> {
  const rows = await executor.selectFrom('messages').select('email_message_id')
    .where('case_id', '=', caseId).where('email_message_id', 'is not', null)
    .orderBy('created_at').orderBy('id').execute();
  return rows.map((row) => row.email_message_id).filter((id): id is string => id !== null);
}

function toSurvey(row: SatisfactionSurveysTable): Survey {
  return {
    id: row.id,
    caseId: row.case_id,
    status: row.status as SurveyStatus,
    skipReason: row.skip_reason as SkipReason | null,
    departmentId: row.department_id,
    agentId: row.agent_id,
    resolvedAt: fromDbTime(row.resolved_at),
    sendAfter: fromDbTime(row.send_after),
    sentAt: fromDbTimeOrNull(row.sent_at),
    outboundMailId: row.outbound_mail_id,
    expiresAt: fromDbTimeOrNull(row.expires_at),
    // PostgreSQL drivers may hand integers back as strings; SQLite gives numbers.
    rating: row.rating === null ? null : Number(row.rating),
    comment: row.comment,
    answeredAt: fromDbTimeOrNull(row.answered_at),
  };
}
