import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { Database } from '../../storage/database.js';
import { summarizeSurveys, type SatisfactionSummary } from './satisfaction-report.js';
import { countSurveys, departmentExists, listSurveyComments, type CommentCursor, type SurveyComment } from './satisfaction-report.repository.js';

export type SatisfactionReportQuery = { from?: string; to?: string; department?: string; limit?: number; cursor?: string };

export type SatisfactionReport = SatisfactionSummary & {
  period: { from: Date; to: Date };
  department: string | null;
  comments: SurveyComment[];
  nextCursor: string | null;
};

/** The satisfaction figures for supervisors and admins. */
export interface SatisfactionReportService {
  /** Surveys sent in the period (default: the 30 days up to the end of today, UTC): counts, rates, averages and the newest comments. */
  report(query: SatisfactionReportQuery): Promise<SatisfactionReport>;
}

const DAY_MS = 86_400_000;
const DEFAULT_PERIOD_DAYS = 30;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An instant from the query: an ISO 8601 date-time, or a date meaning midnight UTC. A date as
 * `to` includes that whole day, which is what a person picking "to 31 March" means.
 */
function parseBound(field: 'from' | 'to', value: string): Date {
  const dateOnly = DATE_ONLY.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime()) || (!dateOnly && !/^\d{4}-\d{2}-\d{2}T/.test(value))) {
    throw new AppError('validation.failed', 'The period is not valid.', { [field]: 'use a date (2025-03-31) or an ISO 8601 date-time' });
  }
  return dateOnly && field === 'to' ? new Date(date.getTime() + DAY_MS) : date;
}

/** The default period ends with today (UTC), so what was sent a moment ago is in it. */
function endOfUtcDay(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS);
}

function encodeCursor(comment: SurveyComment): string {
  return Buffer.from(`${comment.answeredAt.toISOString()}|${comment.id}`).toString('base64url');
}

function decodeCursor(cursor: string): CommentCursor {
  const [answeredAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!answeredAt || !id || Number.isNaN(Date.parse(answeredAt))) {
    throw new AppError('validation.failed', 'The cursor is not valid.', { cursor: 'is not a cursor this server issued' });
  }
  return { answeredAt, id };
}

export function createSatisfactionReportService(deps: { db: Kysely<Database>; clock: Clock }): SatisfactionReportService {
  return {
    async report(query) {
      const to = query.to ? parseBound('to', query.to) : endOfUtcDay(deps.clock.now());
      const from = query.from ? parseBound('from', query.from) : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
      if (from.getTime() >= to.getTime()) throw new AppError('validation.failed', 'The period is empty.', { from: 'must be before to' });
      if (query.department && !(await departmentExists(deps.db, query.department))) {
        throw new AppError('validation.failed', 'No department has this slug.', { department: `unknown department ${query.department}` });
      }
      const filter = { from, to, ...(query.department ? { department: query.department } : {}) };
      const limit = query.limit ?? 20;
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      const [counts, comments] = await Promise.all([
        countSurveys(deps.db, filter),
        listSurveyComments(deps.db, filter, { limit: limit + 1, ...(cursor ? { cursor } : {}) }),
      ]);
      const page = comments.slice(0, limit);
      const last = page[page.length - 1];
      return {
        ...summarizeSurveys(counts),
        period: { from, to },
        department: query.department ?? null,
        comments: page,
        nextCursor: comments.length > limit && last ? encodeCursor(last) : null,
      };
    },
  };
}
