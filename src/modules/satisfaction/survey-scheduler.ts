import { enqueueJob } from '../../jobs/queue.js';
import { newId } from '../../kernel/ids.js';
import type { CaseResolvedListener } from '../cases/case-resolution.js';
import { findSurveyCaseFacts, findSurveyOfCase, scheduleSurvey } from './satisfaction.repository.js';
import { sendSurveyJobRequest } from './satisfaction.jobs.js';
import { decideSurvey } from './survey-policy.js';

/**
 * Listens for resolutions (inside their transaction) and schedules the case's survey `delayMs`
 * later: the send job re-checks the case then, so a reopen in between cancels it. A case that
 * already had its survey emailed is left alone; one without a usable address gets a cancelled
 * row that says why.
 */
export function createSurveyScheduler(deps: { delayMs: number }): CaseResolvedListener {
  return async (executor, resolution) => {
    const facts = await findSurveyCaseFacts(executor, resolution.caseId);
    if (!facts) return;
    const existing = await findSurveyOfCase(executor, resolution.caseId);
    const decision = decideSurvey({ caseStatus: 'resolved', customerEmail: facts.customerEmail, emailBounced: facts.emailBounced, survey: existing?.status ?? null });
    if (!decision.send && decision.reason === 'already_sent') return;
    const sendAfter = new Date(resolution.at.getTime() + deps.delayMs);
    const surveyId = await scheduleSurvey(executor, {
      id: newId(resolution.at.getTime()), caseId: resolution.caseId, departmentId: resolution.departmentId,
      // The reports credit the case's assignee; an unassigned case, the agent who resolved it.
      agentId: resolution.assigneeId ?? resolution.agentId,
      resolvedAt: resolution.at, sendAfter, skipReason: decision.send ? null : decision.reason,
    }, existing, resolution.at);
    if (!decision.send) return;
    const resolvedAt = resolution.at.toISOString();
    await enqueueJob(executor, sendSurveyJobRequest({ surveyId, resolvedAt }, { runAt: sendAfter, idempotencyKey: `satisfaction-survey:${surveyId}:${resolvedAt}` }), resolution.at);
  };
}
