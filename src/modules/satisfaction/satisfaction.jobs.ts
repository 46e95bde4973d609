import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import { defineJob, type JobRequest, type JobRequestOptions } from '../../jobs/define-job.js';
import { enqueueJob } from '../../jobs/queue.js';
import type { Clock } from '../../kernel/clock.js';
import type { EventBus } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import type { Database, Executor } from '../../storage/database.js';
import { recordCaseEvent } from '../cases/cases.repository.js';
import type { MailSettings } from '../email-out/confirmation.service.js';
import { SEND_MAIL_JOB, SEND_MAIL_MAX_ATTEMPTS } from '../email-out/email-out.jobs.js';
import type { MailIdentity } from '../email-out/mail-identity.js';
import { insertOutboundMail } from '../email-out/outbound.repository.js';
import {
  cancelSurvey, findSurveyById, findSurveyCaseFacts, listThreadMessageIds, markSurveySent, type SurveyCaseFacts,
} from './satisfaction.repository.js';
import { renderSurveyMail } from './survey-mail.js';
import { decideSurvey, SURVEY_VALIDITY_MS } from './survey-policy.js';

export const SEND_SURVEY_JOB = 'satisfaction.send-survey';
const SEND_SURVEY_MAX_ATTEMPTS = 8;

const SendSurveyPayload = Type.Object({
  surveyId: Type.String(),
  /** The resolution this job was scheduled for; a later resolution reschedules and makes it moot. */
  resolvedAt: Type.String(),
});

/** The enqueue request for a survey job (the scheduler writes it in the resolving transaction). */
export function sendSurveyJobRequest(payload: Static<typeof SendSurveyPayload>, options: JobRequestOptions): JobRequest {
  return { maxAttempts: SEND_SURVEY_MAX_ATTEMPTS, ...options, type: SEND_SURVEY_JOB, payload };
}

/** The survey token is stored only as this hash; the emailed link carries the token itself. */
export function hashSurveyToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

type Deps = { db: Kysely<Database>; clock: Clock; events: EventBus; identity: MailIdentity; mail: MailSettings };

/**
 * Sends a case's survey when it falls due, if the policy still says so (the case may have been
 * reopened, merged or marked spam since, or its address bounced). Safe to run twice: only a
 * `scheduled` survey for this very resolution is acted on, and marking it sent is conditional.
 */
export function createSendSurveyJob(deps: Deps) {
  return defineJob({
    type: SEND_SURVEY_JOB,
    payload: SendSurveyPayload,
    maxAttempts: SEND_SURVEY_MAX_ATTEMPTS,
    async handle({ surveyId, resolvedAt }, ctx) {
      const now = deps.clock.now();
      const outcome = await deps.db.transaction().execute(async (trx) => {
        const survey = await findSurveyById(trx, surveyId);
        if (!survey || survey.status !== 'scheduled' || survey.resolvedAt.toISOString() !== resolvedAt) return { kind: 'moot' as const };
        const facts = await findSurveyCaseFacts(trx, survey.caseId);
        if (!facts) return { kind: 'moot' as const };
        const decision = decideSurvey({ ...facts, survey: survey.status });
        if (!decision.send) {
          await cancelSurvey(trx, survey.id, decision.reason, now);
          return { kind: 'skipped' as const, reason: decision.reason };
        }
        const token = randomBytes(32).toString('base64url');
        const expiresAt = new Date(now.getTime() + SURVEY_VALIDITY_MS);
        const outboundMailId = await queueSurveyMail(trx, deps, facts, `${deps.mail.publicUrl}/survey/${token}`, now);
        if (!(await markSurveySent(trx, survey.id, { tokenHash: hashSurveyToken(token), expiresAt, outboundMailId }, now))) {
          throw new Error(`survey ${survey.id} changed while it was being sent`);
        }
        await recordCaseEvent(trx, { caseId: facts.caseId, type: 'satisfaction.survey_sent', actor: { type: 'system', id: null }, at: now, data: { outboundMailId } });
        return { kind: 'sent' as const, facts };
      });
      ctx.log.info({ surveyId, outcome: outcome.kind, ...(outcome.kind === 'skipped' ? { reason: outcome.reason } : {}) }, 'satisfaction survey');
      if (outcome.kind === 'sent') {
        deps.events.publish({ type: 'job.enqueued', jobType: SEND_MAIL_JOB });
        deps.events.publish({ type: 'case.updated', caseId: outcome.facts.caseId, caseNumber: outcome.facts.caseNumber });
      }
    },
  });
}

/** Writes the survey email and its send job (outbox), threaded under the case's conversation. */
async function queueSurveyMail(executor: Executor, deps: Deps, facts: SurveyCaseFacts, surveyUrl: string, now: Date): Promise<string> {
  const rendered = renderSurveyMail({ caseNumber: facts.caseNumber, customerName: facts.customerName, surveyUrl }, facts.language);
  const thread = (await listThreadMessageIds(executor, facts.caseId)).slice(-20);
  const inReplyTo = thread[thread.length - 1];
  const id = newId(now.getTime());
  await insertOutboundMail(executor, {
    id, caseId: facts.caseId, kind: 'survey', messageId: deps.identity.messageId(facts.caseId, id),
    from: `"${deps.mail.senderName}" <${deps.mail.supportAddress}>`, to: facts.customerEmail, replyTo: deps.identity.replyAddress(facts.caseId),
    subject: rendered.subject, text: rendered.text, html: rendered.html,
    headers: {
      // RFC 3834 §5: generated by a program, not in answer to a message; auto-responders stay quiet.
      'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', 'X-Postdesk-Case': facts.caseNumber,
      ...(inReplyTo ? { 'In-Reply-To': inReplyTo, References: thread.join(' ') } : {}),
    },
    status: 'queued', transport: null, error: null, createdAt: now, sentAt: null,
  });
  await enqueueJob(executor, { type: SEND_MAIL_JOB, payload: { outboundMailId: id }, idempotencyKey: `survey-mail:${id}`, maxAttempts: SEND_MAIL_MAX_ATTEMPTS }, now);
  return id;
}
