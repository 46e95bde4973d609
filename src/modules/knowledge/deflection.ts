/**
 * When a suggested article counts as having answered the customer (deflection): the visit never
 * turned into a case, and either the customer said an article answered the question, or they
 * followed a suggestion and did not come back to send the form within the window. A visit whose
 * customer said "No, contact us" and then left is not deflected: the article did not help.
 */
export const DEFLECTION_WINDOW_MS = 30 * 60 * 1000;

export type VisitActivity = {
  visitId: string;
  convertedAt: Date | null;
  clicks: { articleId: string; at: Date }[];
  answers: { articleId: string; helpful: boolean }[];
};

/** `pending`: followed a suggestion less than the window ago, may still send the form. */
export type VisitOutcome = 'converted' | 'deflected' | 'pending' | 'not_deflected';

export function visitOutcome(visit: VisitActivity, now: Date, windowMs = DEFLECTION_WINDOW_MS): VisitOutcome {
  if (visit.convertedAt) return 'converted';
  if (visit.answers.some((a) => a.helpful)) return 'deflected';
  if (visit.clicks.length === 0 || visit.answers.some((a) => !a.helpful)) return 'not_deflected';
  const lastClick = Math.max(...visit.clicks.map((c) => c.at.getTime()));
  return now.getTime() - lastClick >= windowMs ? 'deflected' : 'pending';
}

/** The articles a deflected visit is credited to: those said to answer it, else those it followed. */
export function deflectingArticles(visit: VisitActivity): string[] {
  const helpful = visit.answers.filter((a) => a.helpful).map((a) => a.articleId);
  return [...new Set(helpful.length > 0 ? helpful : visit.clicks.map((c) => c.articleId))];
}

export type DeflectionSummary = {
  outcomes: Record<VisitOutcome, number>;
  deflectedByArticle: Map<string, number>;
};

export function summarizeDeflection(visits: VisitActivity[], now: Date, windowMs = DEFLECTION_WINDOW_MS): DeflectionSummary {
  const outcomes: Record<VisitOutcome, number> = { converted: 0, deflected: 0, pending: 0, not_deflected: 0 };
  const deflectedByArticle = new Map<string, number>();
  for (const visit of visits) {
    const outcome = visitOutcome(visit, now, windowMs);
    outcomes[outcome] += 1;
    if (outcome !== 'deflected') continue;
    for (const articleId of deflectingArticles(visit)) deflectedByArticle.set(articleId, (deflectedByArticle.get(articleId) ?? 0) + 1);
  }
  return { outcomes, deflectedByArticle };
}
