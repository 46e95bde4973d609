/** Satisfaction surveys (issue #6 item 6): scheduled on resolution, answered once on a public page, reported to supervisors. */
export { createSurveyScheduler } from './survey-scheduler.js';
export { createSendSurveyJob, SEND_SURVEY_JOB } from './satisfaction.jobs.js';
export { createSurveyService, createCaseSatisfactionReader, type SurveyService, type SurveyLinkState, type SurveyAnswerOutcome } from './survey.service.js';
export { createSatisfactionReportService, type SatisfactionReportService } from './satisfaction-report.service.js';
export { registerSatisfactionRoutes } from './satisfaction.routes.js';
export { COMMENT_MAX_CHARS, DEFAULT_SURVEY_DELAY_MS, RATINGS, commentLength, normalizeComment, parseRating, type Rating } from './survey-policy.js';
