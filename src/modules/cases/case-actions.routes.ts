import { currentAgent, requireAgent } from '../../http/auth.js';
import type { HttpApp } from '../../http/types.js';
import type { AuthService } from '../agents/auth.service.js';
import type { Clock } from '../../kernel/clock.js';
import { presentTask } from '../tasks/tasks.routes.js';
import { TaskResponse, CreateTaskBody } from '../tasks/tasks.schema.js';
import type { TaskService } from '../tasks/tasks.service.js';
import { CallBody, CallResponse, LinkBody, LinkParams, LinkedCasesResponse, MergeBody, MergeResponse } from './case-actions.schema.js';
import type { CaseCallService } from './case-calls.service.js';
import type { CaseLinkService } from './case-links.service.js';
import type { CaseMergeService } from './case-merge.service.js';
import { CaseNumberParams } from './cases.schema.js';

export type CaseActionRouteDeps = { auth: AuthService; clock: Clock; merges: CaseMergeService; links: CaseLinkService; calls: CaseCallService; tasks: TaskService };

/** The agent console's actions on cases beyond CONTRACT.md's PATCH/replies/notes: merge, link, calls, tasks. */
export function registerCaseActionRoutes(app: HttpApp, deps: CaseActionRouteDeps): void {
  const anyAgent = requireAgent(deps.auth);

  app.post('/api/v1/cases/:caseNumber/merge', {
    schema: { params: CaseNumberParams, body: MergeBody, response: { 200: MergeResponse } },
    preValidation: anyAgent,
  }, async (request) => {
    const { source, target, movedMessages } = await deps.merges.merge(request.params.caseNumber, request.body, currentAgent(request));
    return { case: { caseNumber: source.number, status: 'merged' as const, mergedInto: target.number }, target: { caseNumber: target.number, status: target.status }, movedMessages };
  });

  app.post('/api/v1/cases/:caseNumber/links', {
    schema: { params: CaseNumberParams, body: LinkBody, response: { 200: LinkedCasesResponse } },
    preValidation: anyAgent,
  }, async (request) => ({ linkedCases: await deps.links.link(request.params.caseNumber, request.body, currentAgent(request)) }));

  app.delete('/api/v1/cases/:caseNumber/links/:other', {
    schema: { params: LinkParams, response: { 200: LinkedCasesResponse } },
    preValidation: anyAgent,
  }, async (request) => ({ linkedCases: await deps.links.unlink(request.params.caseNumber, request.params.other, currentAgent(request)) }));

  app.post('/api/v1/cases/:caseNumber/calls', {
    schema: { params: CaseNumberParams, body: CallBody, response: { 201: CallResponse } },
    preValidation: anyAgent,
  }, async (request, reply) => {
    const result = await deps.calls.log(request.params.caseNumber, request.body, currentAgent(request));
    reply.status(201);
    return result;
  });

  app.post('/api/v1/cases/:caseNumber/tasks', {
    schema: { params: CaseNumberParams, body: CreateTaskBody, response: { 201: TaskResponse } },
    preValidation: anyAgent,
  }, async (request, reply) => {
    const task = await deps.tasks.create(request.params.caseNumber, request.body, currentAgent(request));
    reply.status(201);
    return { task: presentTask(task, deps.clock.now()) };
  });
}
