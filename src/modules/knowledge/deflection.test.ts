import { describe, expect, it } from 'vitest';
import { DEFLECTION_WINDOW_MS, summarizeDeflection, visitOutcome, type VisitActivity } from './deflection.js';

const NOW = new Date('2026-03-02T12:00:00Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const visit = (input: Partial<VisitActivity>): VisitActivity => ({ visitId: 'v', convertedAt: null, clicks: [], answers: [], ...input });

describe('visitOutcome', () => {
  it.each<[string, VisitActivity, string]>([
    ['clicked 31 minutes ago, no form sent', visit({ clicks: [{ articleId: 'a', at: ago(31) }] }), 'deflected'],
    ['clicked exactly the window ago', visit({ clicks: [{ articleId: 'a', at: ago(DEFLECTION_WINDOW_MS / 60_000) }] }), 'deflected'],
    ['clicked 5 minutes ago: may still send the form', visit({ clicks: [{ articleId: 'a', at: ago(5) }] }), 'pending'],
    ['clicked long ago, then clicked another 5 minutes ago', visit({ clicks: [{ articleId: 'a', at: ago(90) }, { articleId: 'b', at: ago(5) }] }), 'pending'],
    ['clicked, then sent the form', visit({ clicks: [{ articleId: 'a', at: ago(90) }], convertedAt: ago(80) }), 'converted'],
    ['said yes a minute ago', visit({ clicks: [{ articleId: 'a', at: ago(2) }], answers: [{ articleId: 'a', helpful: true }] }), 'deflected'],
    ['said yes, and sent the form all the same', visit({ answers: [{ articleId: 'a', helpful: true }], convertedAt: ago(1) }), 'converted'],
    ['said no and left', visit({ clicks: [{ articleId: 'a', at: ago(90) }], answers: [{ articleId: 'a', helpful: false }] }), 'not_deflected'],
    ['said no to one, yes to another', visit({ answers: [{ articleId: 'a', helpful: false }, { articleId: 'b', helpful: true }] }), 'deflected'],
    ['only shown suggestions', visit({}), 'not_deflected'],
  ])('%s → %s', (_label, activity, expected) => {
    expect(visitOutcome(activity, NOW)).toBe(expected);
  });
});

describe('summarizeDeflection', () => {
  it('counts outcomes and credits the articles said to help, else the ones followed', () => {
    const summary = summarizeDeflection([
      visit({ visitId: '1', clicks: [{ articleId: 'a', at: ago(60) }, { articleId: 'b', at: ago(59) }] }),
      visit({ visitId: '2', clicks: [{ articleId: 'a', at: ago(60) }, { articleId: 'b', at: ago(59) }], answers: [{ articleId: 'b', helpful: true }] }),
      visit({ visitId: '3', clicks: [{ articleId: 'a', at: ago(60) }], convertedAt: ago(50) }),
      visit({ visitId: '4', clicks: [{ articleId: 'c', at: ago(1) }] }),
    ], NOW);
    expect(summary.outcomes).toEqual({ converted: 1, deflected: 2, pending: 1, not_deflected: 0 });
    expect(Object.fromEntries(summary.deflectedByArticle)).toEqual({ a: 1, b: 2 });
  });
});
