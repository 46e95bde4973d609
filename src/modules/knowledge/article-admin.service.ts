import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import type { Database, Executor } from '../../storage/database.js';
import type { Agent } from '../agents/agent.js';
import { recordAudit } from '../audit/index.js';
import { listTopics } from '../topics/topics.repository.js';
import { ARTICLE_LANGUAGES, checkArticle, normalizeText, type Article, type ArticleLanguage, type ArticleText, type ArticleTexts } from './article.js';
import { deleteArticle, findArticleBySlug, listArticles, nextArticlePosition, saveArticle } from './articles.repository.js';
import { DEFLECTION_WINDOW_MS, summarizeDeflection } from './deflection.js';
import { countEventsByArticle, countVisits, listVisitActivity, type Period } from './visits.repository.js';

export type ArticleInput = {
  slug: string;
  texts: { en: ArticleText } & Partial<Record<ArticleLanguage, ArticleText>>;
  topics: string[];
  published: boolean;
  position?: number | undefined;
};

/** `texts`: a language given replaces that text, `null` removes the translation (never English), absent keeps it. */
export type ArticlePatch = {
  texts?: Partial<Record<ArticleLanguage, ArticleText | null>> | undefined;
  topics?: string[] | undefined;
  published?: boolean | undefined;
  position?: number | undefined;
};

export type ArticleStats = {
  period: Period;
  articles: { slug: string; title: string; published: boolean; shown: number; clicked: number; helpfulYes: number; helpfulNo: number; deflected: number }[];
  totals: {
    visits: number; visitsShown: number; visitsClicked: number; converted: number; deflected: number; pending: number;
    shown: number; clicked: number; helpfulYes: number; helpfulNo: number;
  };
};

export interface ArticleAdminService {
  list(): Promise<Article[]>;
  get(slug: string): Promise<Article>;
  create(input: ArticleInput, admin: Agent): Promise<Article>;
  update(slug: string, patch: ArticlePatch, admin: Agent): Promise<Article>;
  remove(slug: string, admin: Agent): Promise<Article>;
  /** Per article: shown, clicked, rated, deflected within [from, to); visits by their start. */
  stats(period: Period): Promise<ArticleStats>;
}

/** Admins write articles (audited); every text change rewrites its search document in the same transaction. */
export function createArticleAdminService(deps: { db: Kysely<Database>; clock: Clock; deflectionWindowMs?: number }): ArticleAdminService {
  const { db, clock } = deps;
  const notFound = (slug: string) => new AppError('article.not_found', `There is no help article "${slug}".`);

  async function requireArticle(executor: Executor, slug: string): Promise<Article> {
    const article = await findArticleBySlug(executor, slug);
    if (!article) throw notFound(slug);
    return article;
  }

  async function assertValid(executor: Executor, slug: string, texts: Partial<Record<string, ArticleText>>, topics: string[]): Promise<void> {
    const fields = checkArticle({ slug, texts, topics });
    const known = new Set((await listTopics(executor, { activeOnly: false })).map((topic) => topic.slug));
    const unknown = topics.filter((topic) => !known.has(topic));
    if (unknown.length > 0) fields.topics = `No topic has the slug ${unknown.join(', ')}.`;
    if (Object.keys(fields).length > 0) throw new AppError('validation.failed', 'Some fields need attention.', fields);
  }

  /** Saves `after` (validated), audits the change and reads the stored article back. */
  async function store(executor: Executor, before: Article | null, after: Omit<Article, 'counters' | 'updatedBy'>, admin: Agent): Promise<Article> {
    await assertValid(executor, after.slug, after.texts, after.topics);
    await saveArticle(executor, { ...after, updatedById: admin.id });
    const action = before ? 'article.updated' : 'article.created';
    await recordAudit(executor, {
      actorType: 'agent', actorId: admin.id, action, subject: `article:${after.slug}`,
      data: before ? { before: snapshot(before), after: snapshot(after) } : snapshot(after), at: after.updatedAt,
    });
    return requireArticle(executor, after.slug);
  }

  return {
    list: () => listArticles(db, { publishedOnly: false }),
    get: (slug) => requireArticle(db, slug),
    create(input, admin) {
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        if (await findArticleBySlug(trx, input.slug)) {
          throw new AppError('article.exists', `An article with the slug "${input.slug}" exists already.`, { slug: 'already in use' });
        }
        const texts = normalizeTexts(input.texts);
        const position = input.position ?? await nextArticlePosition(trx);
        return store(trx, null, { id: newId(now.getTime()), slug: input.slug, texts, topics: input.topics, published: input.published, position, createdAt: now, updatedAt: now }, admin);
      });
    },
    update(slug, patch, admin) {
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const before = await requireArticle(trx, slug);
        if (patch.texts?.en === null) throw new AppError('validation.failed', 'English text cannot be removed.', { 'texts.en': 'required' });
        const merged: Partial<Record<ArticleLanguage, ArticleText>> = { ...before.texts };
        for (const language of ARTICLE_LANGUAGES) {
          const change = patch.texts?.[language];
          if (change === null) delete merged[language];
          else if (change) merged[language] = change;
        }
        const texts = normalizeTexts({ ...merged, en: merged.en ?? before.texts.en });
        return store(trx, before, {
          ...before, texts, topics: patch.topics ?? before.topics, published: patch.published ?? before.published,
          position: patch.position ?? before.position, updatedAt: now,
        }, admin);
      });
    },
    remove(slug, admin) {
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const article = await requireArticle(trx, slug);
        await deleteArticle(trx, article.id);
        await recordAudit(trx, { actorType: 'agent', actorId: admin.id, action: 'article.deleted', subject: `article:${slug}`, data: snapshot(article), at: now });
        return article;
      });
    },
    async stats(period) {
      const [articles, events, visits, activity] = await Promise.all([
        listArticles(db, { publishedOnly: false }), countEventsByArticle(db, period), countVisits(db, period), listVisitActivity(db, period),
      ]);
      const deflection = summarizeDeflection(activity, clock.now(), deps.deflectionWindowMs ?? DEFLECTION_WINDOW_MS);
      const count = (articleId: string, kind: string) => events.find((e) => e.articleId === articleId && e.kind === kind)?.count ?? 0;
      const rows = articles.map((article) => ({
        slug: article.slug, title: article.texts.en.title, published: article.published,
        shown: count(article.id, 'shown'), clicked: count(article.id, 'clicked'),
        helpfulYes: count(article.id, 'helpful_yes'), helpfulNo: count(article.id, 'helpful_no'),
        deflected: deflection.deflectedByArticle.get(article.id) ?? 0,
      }));
      const sum = (key: 'shown' | 'clicked' | 'helpfulYes' | 'helpfulNo') => rows.reduce((total, row) => total + row[key], 0);
      return {
        period,
        articles: rows,
        totals: {
          visits: visits.visits, visitsShown: visits.shown, visitsClicked: activity.filter((visit) => visit.clicks.length > 0).length,
          converted: visits.converted, deflected: deflection.outcomes.deflected, pending: deflection.outcomes.pending,
          shown: sum('shown'), clicked: sum('clicked'), helpfulYes: sum('helpfulYes'), helpfulNo: sum('helpfulNo'),
        },
      };
    },
  };
}

function normalizeTexts(texts: Partial<Record<ArticleLanguage, ArticleText>> & { en: ArticleText }): ArticleTexts {
  const entries = ARTICLE_LANGUAGES.flatMap((language) => {
    const text = texts[language];
    return text ? [[language, normalizeText(text)] as const] : [];
  });
  return Object.fromEntries(entries) as ArticleTexts;
}

function snapshot(article: Pick<Article, 'texts' | 'topics' | 'published' | 'position'>): Record<string, unknown> {
  return { texts: article.texts, topics: article.topics, published: article.published, position: article.position };
}
