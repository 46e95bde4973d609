import type { paths } from './schema.gen';

type Json200<Op> = Op extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;
type Json201<Op> = Op extends { responses: { 201: { content: { 'application/json': infer T } } } } ? T : never;

export type SessionView = Json200<paths['/api/v1/auth/me']['get']>;
export type Agent = SessionView['agent'];
export type Queue = Json200<paths['/api/v1/queues']['get']>['queues'][number];
export type CaseList = Json200<paths['/api/v1/cases']['get']>;
export type CaseSummary = CaseList['cases'][number];
export type CaseListQuery = NonNullable<paths['/api/v1/cases']['get']['parameters']['query']>;
export type CaseDetail = Json200<paths['/api/v1/cases/{caseNumber}']['get']>['case'];
export type CaseMessage = CaseDetail['messages'][number];
export type CaseEvent = CaseDetail['events'][number];
export type Topic = Json200<paths['/api/v1/topics']['get']>['topics'][number];
export type ReplyResult = Json201<paths['/api/v1/cases/{caseNumber}/replies']['post']>;
export type Mail = Json200<paths['/api/v1/admin/mail']['get']>['mails'][number];
export type JobList = Json200<paths['/api/v1/admin/jobs']['get']>;
export type Job = JobList['jobs'][number];
export type SatisfactionReport = Json200<paths['/api/v1/admin/satisfaction']['get']>;
export type SatisfactionFigures = SatisfactionReport['overall'];
export type CaseSatisfaction = NonNullable<CaseDetail['satisfaction']>;

export const STATUSES = ['new', 'open', 'pending_customer', 'resolved', 'closed', 'spam'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const CHANNELS = ['web', 'email', 'chat', 'social', 'phone'] as const;
export const LANGUAGES = ['en', 'es', 'ro'] as const;
