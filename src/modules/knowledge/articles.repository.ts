import { sql } from 'kysely';
import type { Executor } from '../../storage/database.js';
import { dialectOf, fromDbBool, fromDbTime, toDbBool, toDbTime, type Dialect } from '../../storage/dialect-helpers.js';
import { plainTextOf } from './article-markup.js';
import type { ArticleMatchExpression } from './article-query.js';
import { ARTICLE_LANGUAGES, isArticleLanguage, type Article, type ArticleLanguage, type ArticleText, type ArticleTexts } from './article.js';

// Article search is the one part of this module that differs by dialect. SQLite: the FTS5 tables
// of migration 0009, one per language. PostgreSQL: not built yet (issue #7 adds a tsvector per
// text with the language's configuration, answering in these same functions). Until then articles
// are stored and shown there, but a text search matches nothing — the suggestions fall back to the
// topic's first articles — so a PostgreSQL installation starts and seeds instead of failing.
const SEARCH_TABLES = { en: 'help_article_search_en', es: 'help_article_search_es', ro: 'help_article_search_ro' } as const satisfies Record<ArticleLanguage, string>;

const hasSearchIndex = (dialect: Dialect): boolean => dialect === 'sqlite';

export type ArticleFilter = { publishedOnly: boolean; topic?: string | undefined; slug?: string | undefined; ids?: string[] | undefined };

/** Articles with all their texts and topics, in list order (position, then slug). */
export async function listArticles(executor: Executor, filter: ArticleFilter): Promise<Article[]> {
  let query = executor
    .selectFrom('help_articles')
    .leftJoin('agents', 'agents.id', 'help_articles.updated_by')
    .selectAll('help_articles')
    .select('agents.name as updated_by_name')
    .orderBy('help_articles.position')
    .orderBy('help_articles.slug');
  if (filter.publishedOnly) query = query.where('help_articles.published', '=', toDbBool(true, dialectOf(executor)));
  if (filter.slug !== undefined) query = query.where('help_articles.slug', '=', filter.slug);
  if (filter.ids !== undefined) query = filter.ids.length === 0 ? query.where(sql.lit(false)) : query.where('help_articles.id', 'in', filter.ids);
  const topic = filter.topic;
  if (topic !== undefined) {
    query = query.where((eb) => eb.exists(eb.selectFrom('help_article_topics').select('help_article_topics.article_id')
      .whereRef('help_article_topics.article_id', '=', 'help_articles.id').where('help_article_topics.topic_slug', '=', topic)));
  }
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [texts, topics] = await Promise.all([
    executor.selectFrom('help_article_texts').select(['article_id', 'language', 'title', 'summary', 'body']).where('article_id', 'in', ids).execute(),
    executor.selectFrom('help_article_topics').select(['article_id', 'topic_slug']).where('article_id', 'in', ids).orderBy('topic_slug').execute(),
  ]);
  return rows.flatMap((row) => {
    const own = new Map(texts.filter((t) => t.article_id === row.id).flatMap((t) => (isArticleLanguage(t.language) ? [[t.language, textOf(t)] as const] : [])));
    const en = own.get('en');
    if (!en) return []; // cannot happen: every save writes English
    const translations = Object.fromEntries(ARTICLE_LANGUAGES.filter((l) => l !== 'en' && own.has(l)).map((l) => [l, own.get(l)]));
    return [{
      id: row.id,
      slug: row.slug,
      texts: { ...translations, en } as ArticleTexts,
      topics: topics.filter((t) => t.article_id === row.id).map((t) => t.topic_slug),
      published: fromDbBool(row.published),
      position: row.position,
      counters: { views: row.view_count, helpfulYes: row.helpful_yes, helpfulNo: row.helpful_no },
      createdAt: fromDbTime(row.created_at),
      updatedAt: fromDbTime(row.updated_at),
      updatedBy: row.updated_by && row.updated_by_name ? { id: row.updated_by, name: row.updated_by_name } : null,
    }];
  });
}

const textOf = (row: ArticleText): ArticleText => ({ title: row.title, summary: row.summary, body: row.body });

/** What a list of suggestions shows of an article: title and summary in one language. */
export type ArticleSummary = { id: string; slug: string; title: string; summary: string; language: ArticleLanguage };

/**
 * Published articles' titles and summaries in `language`, or in English where it has no
 * translation: one query, no bodies, for the suggestions shown while a customer types.
 */
export async function listArticleSummaries(
  executor: Executor,
  filter: { language: ArticleLanguage; topic?: string | undefined; ids?: string[] | undefined; limit?: number | undefined },
): Promise<ArticleSummary[]> {
  let query = executor
    .selectFrom('help_articles as a')
    .innerJoin('help_article_texts as en', (join) => join.onRef('en.article_id', '=', 'a.id').on('en.language', '=', 'en'))
    .leftJoin('help_article_texts as own', (join) => join.onRef('own.article_id', '=', 'a.id').on('own.language', '=', filter.language))
    .select(['a.id', 'a.slug', 'en.title as en_title', 'en.summary as en_summary', 'own.title as own_title', 'own.summary as own_summary'])
    .where('a.published', '=', toDbBool(true, dialectOf(executor)))
    .orderBy('a.position')
    .orderBy('a.slug');
  const { topic, ids } = filter;
  if (topic !== undefined) {
    query = query.where((eb) => eb.exists(eb.selectFrom('help_article_topics as x').select('x.article_id')
      .whereRef('x.article_id', '=', 'a.id').where('x.topic_slug', '=', topic)));
  }
  if (ids !== undefined) query = ids.length === 0 ? query.where(sql.lit(false)) : query.where('a.id', 'in', ids);
  if (filter.limit !== undefined) query = query.limit(filter.limit);
  return (await query.execute()).map((row) => (row.own_title !== null && row.own_summary !== null
    ? { id: row.id, slug: row.slug, title: row.own_title, summary: row.own_summary, language: filter.language }
    : { id: row.id, slug: row.slug, title: row.en_title, summary: row.en_summary, language: 'en' }));
}

export async function findArticleBySlug(executor: Executor, slug: string, options: { publishedOnly: boolean } = { publishedOnly: false }): Promise<Article | null> {
  return (await listArticles(executor, { ...options, slug }))[0] ?? null;
}

export type ArticleRecord = Pick<Article, 'id' | 'slug' | 'texts' | 'topics' | 'published' | 'position' | 'createdAt' | 'updatedAt'> & { updatedById: string | null };

/**
 * Inserts or updates an article with its texts, topics and search documents; a language missing
 * from `texts` is removed. Run it in the transaction of the change, so the index never lags.
 */
export async function saveArticle(executor: Executor, article: ArticleRecord): Promise<void> {
  const row = {
    id: article.id, slug: article.slug, published: toDbBool(article.published, dialectOf(executor)), position: article.position,
    created_at: toDbTime(article.createdAt), updated_at: toDbTime(article.updatedAt), updated_by: article.updatedById,
  };
  const { id: _id, created_at: _created, ...changes } = row;
  await executor.insertInto('help_articles').values(row).onConflict((oc) => oc.column('id').doUpdateSet(changes)).execute();
  await saveTexts(executor, article.id, article.texts);
  await executor.deleteFrom('help_article_topics').where('article_id', '=', article.id).execute();
  const topics = [...new Set(article.topics)];
  if (topics.length > 0) await executor.insertInto('help_article_topics').values(topics.map((topic_slug) => ({ article_id: article.id, topic_slug }))).execute();
}

async function saveTexts(executor: Executor, articleId: string, texts: ArticleTexts): Promise<void> {
  const existing = await executor.selectFrom('help_article_texts').select(['doc_id', 'language']).where('article_id', '=', articleId).execute();
  for (const language of ARTICLE_LANGUAGES) {
    const text = texts[language];
    const current = existing.find((row) => row.language === language);
    if (!text) {
      if (!current) continue;
      await removeSearchDocument(executor, language, current.doc_id);
      await executor.deleteFrom('help_article_texts').where('doc_id', '=', current.doc_id).execute();
      continue;
    }
    const values = { title: text.title, summary: text.summary, body: text.body };
    let docId = current?.doc_id;
    if (docId === undefined) {
      const inserted = await executor.insertInto('help_article_texts').values({ article_id: articleId, language, ...values }).returning('doc_id').executeTakeFirstOrThrow();
      docId = inserted.doc_id;
    } else {
      await executor.updateTable('help_article_texts').set(values).where('doc_id', '=', docId).execute();
    }
    await writeSearchDocument(executor, language, docId, text);
  }
}

async function writeSearchDocument(executor: Executor, language: ArticleLanguage, docId: number, text: ArticleText): Promise<void> {
  if (!hasSearchIndex(dialectOf(executor))) return;
  const table = sql.table(SEARCH_TABLES[language]);
  await sql`insert or replace into ${table} (rowid, title, summary, body) values (${docId}, ${text.title}, ${text.summary}, ${plainTextOf(text.body)})`.execute(executor);
}

async function removeSearchDocument(executor: Executor, language: ArticleLanguage, docId: number): Promise<void> {
  if (!hasSearchIndex(dialectOf(executor))) return;
  await sql`delete from ${sql.table(SEARCH_TABLES[language])} where rowid = ${docId}`.execute(executor);
}

/** Removes an article, its texts, search documents, topics and recorded events. */
export async function deleteArticle(executor: Executor, articleId: string): Promise<void> {
  const texts = await executor.selectFrom('help_article_texts').select(['doc_id', 'language']).where('article_id', '=', articleId).execute();
  for (const text of texts) if (isArticleLanguage(text.language)) await removeSearchDocument(executor, text.language, text.doc_id);
  await executor.deleteFrom('help_article_texts').where('article_id', '=', articleId).execute();
  await executor.deleteFrom('help_article_topics').where('article_id', '=', articleId).execute();
  await executor.deleteFrom('help_article_events').where('article_id', '=', articleId).execute();
  await executor.deleteFrom('help_articles').where('id', '=', articleId).execute();
}

export async function nextArticlePosition(executor: Executor): Promise<number> {
  const row = await executor.selectFrom('help_articles').select((eb) => eb.fn.max('position').as('last')).executeTakeFirst();
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
}

/** `relevance`: bm25 turned positive (higher is better); comparable only within one language. */
export type ArticleMatch = { articleId: string; language: ArticleLanguage; relevance: number };

/**
 * Published articles matching `expression`, best first (bm25; a word in the title weighs most,
 * then the summary, then the body): first those with a text in `language`, then those that have
 * none and match in English, which the reader gets instead.
 */
export async function searchArticles(
  executor: Executor,
  input: { expression: ArticleMatchExpression; language: ArticleLanguage; topic?: string | undefined; limit: number },
): Promise<ArticleMatch[]> {
  if (!hasSearchIndex(dialectOf(executor))) return [];
  const own = await matchIn(executor, input.language, input, null);
  if (input.language === 'en' || own.length >= input.limit) return own;
  const fallback = await matchIn(executor, 'en', { ...input, limit: input.limit - own.length }, input.language);
  return [...own, ...fallback];
}

async function matchIn(
  executor: Executor,
  language: ArticleLanguage,
  input: { expression: ArticleMatchExpression; topic?: string | undefined; limit: number },
  untranslatedInto: ArticleLanguage | null,
): Promise<ArticleMatch[]> {
  const table = sql.table(SEARCH_TABLES[language]);
  const topicFilter = input.topic === undefined ? sql``
    : sql`and exists (select 1 from help_article_topics x where x.article_id = a.id and x.topic_slug = ${input.topic})`;
  const untranslatedFilter = untranslatedInto === null ? sql``
    : sql`and not exists (select 1 from help_article_texts y where y.article_id = a.id and y.language = ${untranslatedInto})`;
  const result = await sql<{ article_id: string; rank: number }>`
    select t.article_id, bm25(${table}, 10.0, 4.0, 1.0) as rank
    from ${table}
    join help_article_texts t on t.doc_id = ${table}.rowid
    join help_articles a on a.id = t.article_id
    where ${table} match ${input.expression} and a.published = 1 ${topicFilter} ${untranslatedFilter}
    order by rank, a.position
    limit ${input.limit}`.execute(executor);
  return result.rows.map((row) => ({ articleId: row.article_id, language, relevance: -row.rank }));
}

export type ArticleCounter = 'view_count' | 'helpful_yes' | 'helpful_no';

export async function incrementArticleCounter(executor: Executor, articleId: string, counter: ArticleCounter): Promise<void> {
  await executor.updateTable('help_articles').set((eb) => ({ [counter]: eb(counter, '+', 1) })).where('id', '=', articleId).execute();
}

/** Slugs of default articles added once (kept after an admin deletes the article). */
export async function listSeededSlugs(executor: Executor): Promise<Set<string>> {
  return new Set((await executor.selectFrom('help_seeded_articles').select('slug').execute()).map((row) => row.slug));
}

export async function markSeeded(executor: Executor, slug: string, at: Date): Promise<void> {
  await executor.insertInto('help_seeded_articles').values({ slug, seeded_at: toDbTime(at) }).onConflict((oc) => oc.column('slug').doNothing()).execute();
}
