import { currentAgent, requireAgent } from '../../http/auth.js';
import type { HttpApp } from '../../http/types.js';
import type { AuthService } from '../agents/auth.service.js';
import { LinkBody, LinkParams, LinkedCasesResponse, MergeBody, MergeResponse } from './case-actions.schema.js';
import type { CaseLinkService } from './case-links.service.js';
import type { CaseMergeService } from './case-merge.service.js';
import { CaseNumberParams } from './cases.schema.js';

export type CaseActionRouteDeps = { auth: AuthService; merges: CaseMergeService; links: CaseLinkService };

/** The agent console's actions on cases beyond CONTRACT.md's PATCH/replies/notes: merge and link. */
export function registerCaseActionRoutes(app: HttpApp, deps: CaseActionRouteDeps): void {
  const anyAgent = requireAgent(deps.auth);

  app.post('/api/v1/cases/:caseNumber/merge', {
    schema: { params: CaseNumberParams, body: MergeBody, response: { 200: MergeResponse } },
    preHandler: anyAgent,
  }, async (request) => {
    const { source, target, movedMessages } = await deps.merges.merge(request.params.caseNumber, request.body, currentAgent(request));
    return { case: { caseNumber: source.number, status: 'merged' as const, mergedInto: target.number }, target: { caseNumber: target.number, status: target.status }, movedMessages };
  });

  app.post('/api/v1/cases/:caseNumber/links', {
    schema: { params: CaseNumberParams, body: LinkBody, response: { 200: LinkedCasesResponse } },
    preHandler: anyAgent,
  }, async (request) => ({ linkedCases: await deps.links.link(request.params.caseNumber, request.body, currentAgent(request)) }));

  app.delete('/api/v1/cases/:caseNumber/links/:other', {
    schema: { params: LinkParams, response: { 200: LinkedCasesResponse } },
    preHandler: anyAgent,
  }, async (request) => ({ linkedCases: await deps.links.unlink(request.params.caseNumber, request.params.other, currentAgent(request)) }));
}
