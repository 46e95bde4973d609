import { newId } from '../../kernel/ids.js';
import type { Executor } from '../../storage/database.js';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../../storage/dialect-helpers.js';
import type { VisitActivity } from './deflection.js';

export type ArticleEventKind = 'shown' | 'clicked' | 'helpful_yes' | 'helpful_no';

export type FormVisit = { id: string; topicSlug: string; locale: string; startedAt: Date; convertedAt: Date | null };

export async function insertVisit(executor: Executor, visit: { id: string; topicSlug: string; locale: string; startedAt: Date }): Promise<void> {
  await executor.insertInto('help_form_visits')
    .values({ id: visit.id, topic_slug: visit.topicSlug, locale: visit.locale, started_at: toDbTime(visit.startedAt), converted_at: null })
    .execute();
}

export async function findVisit(executor: Executor, id: string): Promise<FormVisit | null> {
  const row = await executor.selectFrom('help_form_visits').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { id: row.id, topicSlug: row.topic_slug, locale: row.locale, startedAt: fromDbTime(row.started_at), convertedAt: fromDbTimeOrNull(row.converted_at) } : null;
}

/** The first submit counts; a later one (a second case from the same visit) changes nothing. */
export async function markVisitConverted(executor: Executor, id: string, at: Date): Promise<void> {
  await executor.updateTable('help_form_visits').set({ converted_at: toDbTime(at) }).where('id', '=', id).where('converted_at', 'is', null).execute();
}

/**
 * Records an event; with a visit, at most one of each kind per visit and article. Returns
 * whether it was new (an article shown again as the customer types is still shown once).
 */
export async function recordArticleEvent(executor: Executor, event: { articleId: string; visitId: string | null; kind: ArticleEventKind; at: Date }): Promise<boolean> {
  const result = await executor.insertInto('help_article_events')
    .values({ id: newId(event.at.getTime()), article_id: event.articleId, visit_id: event.visitId, kind: event.kind, at: toDbTime(event.at) })
    .onConflict((oc) => oc.columns(['visit_id', 'article_id', 'kind']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export type Period = { from: Date; to: Date };

/** Events per article and kind with `at` in [from, to). */
export async function countEventsByArticle(executor: Executor, period: Period): Promise<{ articleId: string; kind: string; count: number }[]> {
  const rows = await executor.selectFrom('help_article_events')
    .select(['article_id', 'kind', (eb) => eb.fn.countAll().as('count')])
    .where('at', '>=', toDbTime(period.from)).where('at', '<', toDbTime(period.to))
    .groupBy(['article_id', 'kind'])
    .execute();
  return rows.map((row) => ({ articleId: row.article_id, kind: row.kind, count: Number(row.count) }));
}

/** Visits started in [from, to), and how many of them were shown at least one article. */
export async function countVisits(executor: Executor, period: Period): Promise<{ visits: number; shown: number; converted: number }> {
  const inPeriod = executor.selectFrom('help_form_visits')
    .where('started_at', '>=', toDbTime(period.from)).where('started_at', '<', toDbTime(period.to));
  const totals = await inPeriod
    .select((eb) => [eb.fn.countAll().as('visits'), eb.fn.count('converted_at').as('converted')])
    .executeTakeFirstOrThrow();
  const shown = await inPeriod
    .select((eb) => eb.fn.countAll().as('shown'))
    .where((eb) => eb.exists(eb.selectFrom('help_article_events').select('help_article_events.id')
      .whereRef('help_article_events.visit_id', '=', 'help_form_visits.id').where('help_article_events.kind', '=', 'shown')))
    .executeTakeFirstOrThrow();
  return { visits: Number(totals.visits), shown: Number(shown.shown), converted: Number(totals.converted) };
}

/** Visits started in [from, to) that followed or rated a suggestion, with what they did. */
export async function listVisitActivity(executor: Executor, period: Period): Promise<VisitActivity[]> {
  const rows = await executor.selectFrom('help_form_visits')
    .innerJoin('help_article_events', 'help_article_events.visit_id', 'help_form_visits.id')
    .select(['help_form_visits.id', 'help_form_visits.converted_at', 'help_article_events.article_id', 'help_article_events.kind', 'help_article_events.at'])
    .where('help_form_visits.started_at', '>=', toDbTime(period.from)).where('help_form_visits.started_at', '<', toDbTime(period.to))
    .where('help_article_events.kind', 'in', ['clicked', 'helpful_yes', 'helpful_no'])
    .orderBy('help_form_visits.id')
    .execute();
  const visits = new Map<string, VisitActivity>();
  for (const row of rows) {
    let visit = visits.get(row.id);
    if (!visit) {
      visit = { visitId: row.id, convertedAt: fromDbTimeOrNull(row.converted_at), clicks: [], answers: [] };
      visits.set(row.id, visit);
    }
    if (row.kind === 'clicked') visit.clicks.push({ articleId: row.article_id, at: fromDbTime(row.at) });
    else visit.answers.push({ articleId: row.article_id, helpful: row.kind === 'helpful_yes' });
  }
  return [...visits.values()];
}
