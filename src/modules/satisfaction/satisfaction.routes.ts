import { requireAgent } from '../../http/auth.js';
import type { HttpApp } from '../../http/types.js';
import type { AuthService } from '../agents/auth.service.js';
import type { SatisfactionReportService } from './satisfaction-report.service.js';
import { SatisfactionReportQuery, SatisfactionReportResponse } from './satisfaction.schema.js';

/** The satisfaction report: supervisors and admins, like the other team-wide views. */
export function registerSatisfactionRoutes(app: HttpApp, deps: { reports: SatisfactionReportService; auth: AuthService }): void {
  app.get('/api/v1/admin/satisfaction', {
    schema: { querystring: SatisfactionReportQuery, response: { 200: SatisfactionReportResponse } },
    preValidation: requireAgent(deps.auth, 'supervisor'),
  }, async (request) => {
    const report = await deps.reports.report(request.query);
    return {
      ...report,
      period: { from: report.period.from.toISOString(), to: report.period.to.toISOString() },
      comments: report.comments.map((c) => ({
        caseNumber: c.caseNumber, rating: c.rating, comment: c.comment, answeredAt: c.answeredAt.toISOString(), department: c.department, agent: c.agent,
      })),
    };
  });
}
