import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events.js';
import type { Database, Executor } from '../../storage/database.js';
import { findCaseById, recordCaseEvent } from '../cases/cases.repository.js';
import type { CaseSatisfaction, CaseSatisfactionReader } from '../cases/case-resolution.js';
import { hashSurveyToken } from './satisfaction.jobs.js';
import { findSurveyByTokenHash, findSurveyOfCase, recordAnswer, type Survey } from './satisfaction.repository.js';
import { COMMENT_MAX_CHARS, commentLength, type Rating } from './survey-policy.js';

/** What a survey link leads to. Nothing about the case is told for a link that does not work. */
export type SurveyLinkState =
  | { state: 'invalid' }
  | { state: 'answered'; language: string }
  | { state: 'open'; caseNumber: string; language: string };

export type SurveyAnswerOutcome = 'recorded' | 'answered' | 'invalid';

/** The customer's side of the survey: open the emailed link, answer once. */
export interface SurveyService {
  /** Reads the link's state; records nothing (mail scanners fetch links before people do). */
  open(token: string): Promise<SurveyLinkState>;
  /** Records the rating and comment once, with a timeline event on the case. */
  answer(token: string, answer: { rating: Rating; comment: string | null }): Promise<SurveyAnswerOutcome>;
}

/** 32 random bytes in base64url: anything else is not one of ours, and costs no lookup. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function createSurveyService(deps: { db: Kysely<Database>; clock: Clock; events: EventBus }): SurveyService {
  const { db, clock } = deps;

  async function findByToken(executor: Executor, token: string): Promise<Survey | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    return findSurveyByTokenHash(executor, hashSurveyToken(token));
  }

  async function stateOf(executor: Executor, survey: Survey | null, now: Date): Promise<SurveyLinkState> {
    if (!survey || (survey.status !== 'sent' && survey.status !== 'answered')) return { state: 'invalid' };
    const found = await findCaseById(executor, survey.caseId);
    if (!found) return { state: 'invalid' };
    if (survey.status === 'answered') return { state: 'answered', language: found.language };
    if (!survey.expiresAt || survey.expiresAt.getTime() <= now.getTime()) return { state: 'invalid' };
    return { state: 'open', caseNumber: found.number, language: found.language };
  }

  return {
    async open(token) {
      return stateOf(db, await findByToken(db, token), clock.now());
    },

    async answer(token, answer) {
      if (commentLength(answer.comment ?? '') > COMMENT_MAX_CHARS) {
        throw new AppError('validation.failed', 'The comment is too long.', { comment: `Keep it to ${COMMENT_MAX_CHARS} characters` });
      }
      const now = clock.now();
      const result = await db.transaction().execute(async (trx) => {
        const survey = await findByToken(trx, token);
        const before = await stateOf(trx, survey, now);
        if (!survey || before.state !== 'open') return { outcome: before.state === 'answered' ? 'answered' as const : 'invalid' as const };
        if (!(await recordAnswer(trx, survey.id, answer, now))) return { outcome: 'answered' as const };
        const customerId = (await findCaseById(trx, survey.caseId))?.customerId ?? null;
        await recordCaseEvent(trx, {
          caseId: survey.caseId, type: 'satisfaction.rated', actor: { type: 'customer', id: customerId }, at: now,
          data: { rating: answer.rating, comment: answer.comment },
        });
        return { outcome: 'recorded' as const, caseId: survey.caseId, caseNumber: before.caseNumber };
      });
      if (result.outcome === 'recorded') deps.events.publish({ type: 'case.updated', caseId: result.caseId, caseNumber: result.caseNumber });
      return result.outcome;
    },
  };
}

/** The case view's reading of a case's survey. */
export function createCaseSatisfactionReader(): CaseSatisfactionReader {
  return {
    async forCase(executor, caseId): Promise<CaseSatisfaction | null> {
      const survey = await findSurveyOfCase(executor, caseId);
      if (!survey) return null;
      return {
        status: survey.status, skipReason: survey.skipReason, sentAt: survey.sentAt,
        rating: survey.rating, comment: survey.comment, answeredAt: survey.answeredAt,
      };
    },
  };
}
