import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../storage/database.js';
import { dialectOf, fromDbBool, fromDbTime, toDbBool, toDbTime } from '../../storage/dialect-helpers.js';
import { plainTextOf } from './article-markup.js';
import { toFts5ArticleMatch, type ArticleMatchExpression } from './article-query.js';
import { ARTICLE_LANGUAGES, isArticleLanguage, type Article, type ArticleLanguage, type ArticleText, type ArticleTexts } from './article.js';

// Article search is the one part of this module that differs by dialect. SQLite: the FTS5 tables
// of migration 0009, one per language. PostgreSQL: `help_article_search` of migration 0014, a
// tsvector per text, ranked by the same bm25 as FTS5's.
const SEARCH_TABLES = { en: 'help_article_search_en', es: 'help_article_search_es', ro: 'help_article_search_ro' } as const satisfies Record<ArticleLanguage, string>;
/**
 * PostgreSQL's view of a text's words. `document` holds the words bm25 counts in full, as FTS5
 * sees them: English stemmed (porter there; Snowball's English agrees), Spanish and Romanian
 * whole. `stems` (Spanish, Romanian) holds their Snowball stems, counted at STEM_ONLY_WEIGHT where
 * the whole word differs: "reembolsos" still finds "reembolso", but "recibido" no longer ranks
 * "acuse de recibo" first (migration 0015).
 */
const SEARCH_CONFIGURATIONS = { en: 'postdesk_english', es: 'postdesk_simple', ro: 'postdesk_simple' } as const satisfies Record<ArticleLanguage, string>;
const STEM_CONFIGURATIONS = { en: null, es: 'postdesk_spanish', ro: 'postdesk_romanian' } as const satisfies Record<ArticleLanguage, string | null>;
const STEM_ONLY_WEIGHT = 0.5;

/** bm25's column weights (title, summary, body), as `bm25(…, 10.0, 4.0, 1.0)` gives them to FTS5. */
const COLUMN_WEIGHTS = { title: 10, summary: 4, body: 1 } as const;

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
  const body = plainTextOf(text.body);
  if (dialectOf(executor) === 'sqlite') {
    const table = sql.table(SEARCH_TABLES[language]);
    await sql`insert or replace into ${table} (rowid, title, summary, body) values (${docId}, ${text.title}, ${text.summary}, ${body})`.execute(executor);
    return;
  }
  const [title, summary, words] = [text.title, text.summary, body].map(wordsOf) as [string[], string[], string[]];
  const tsvectorIn = (name: string) => {
    const configuration = sql.lit(name);
    const part = (partWords: string[], weight: 'A' | 'B' | 'C') => sql`setweight(to_tsvector(${configuration}, ${partWords.join(' ')}), ${sql.lit(weight)})`;
    return sql`${part(title, 'A')} || ${part(summary, 'B')} || ${part(words, 'C')}`;
  };
  const stemConfiguration = STEM_CONFIGURATIONS[language];
  const stems = stemConfiguration === null ? sql`null::tsvector` : tsvectorIn(stemConfiguration);
  await sql`
    insert into help_article_search (doc_id, language, document, stems, length)
    values (${docId}, ${language}, ${tsvectorIn(SEARCH_CONFIGURATIONS[language])}, ${stems}, ${title.length + summary.length + words.length})
    on conflict (doc_id) do update set language = excluded.language, document = excluded.document, stems = excluded.stems, length = excluded.length`.execute(executor);
}

/**
 * A text's words as FTS5's `unicode61` splits them (runs of letters, digits and private-use
 * characters), for PostgreSQL's parser, which would keep `e-mail` or `usps.com` whole. Their
 * number is bm25's document length, as FTS5 counts tokens.
 */
function wordsOf(text: string): string[] {
  return text.normalize('NFC').match(/[\p{L}\p{N}\p{Co}]+/gu) ?? [];
}

async function removeSearchDocument(executor: Executor, language: ArticleLanguage, docId: number): Promise<void> {
  if (dialectOf(executor) === 'sqlite') await sql`delete from ${sql.table(SEARCH_TABLES[language])} where rowid = ${docId}`.execute(executor);
  else await executor.deleteFrom('help_article_search').where('doc_id', '=', docId).execute();
}

/**
 * Writes the search documents of texts that have none: on PostgreSQL, texts stored before
 * migration 0014 (their bodies need the markup parser, so the migration could not). Returns how
 * many; always 0 on SQLite, where every text has been indexed with its write.
 */
export async function indexTextsWithoutSearchDocument(executor: Executor): Promise<number> {
  if (dialectOf(executor) === 'sqlite') return 0;
  const texts = await executor
    .selectFrom('help_article_texts as t')
    .select(['t.doc_id', 't.language', 't.title', 't.summary', 't.body'])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('help_article_search as s').select('s.doc_id').whereRef('s.doc_id', '=', 't.doc_id'))))
    .execute();
  for (const text of texts) if (isArticleLanguage(text.language)) await writeSearchDocument(executor, text.language, text.doc_id, textOf(text));
  return texts.length;
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
  const own = await matchIn(executor, input.language, input, null);
  if (input.language === 'en' || own.length >= input.limit) return own;
  const fallback = await matchIn(executor, 'en', { ...input, limit: input.limit - own.length }, input.language);
  return [...own, ...fallback];
}

type MatchInput = { expression: ArticleMatchExpression; topic?: string | undefined; limit: number };

async function matchIn(executor: Executor, language: ArticleLanguage, input: MatchInput, untranslatedInto: ArticleLanguage | null): Promise<ArticleMatch[]> {
  const topicFilter = input.topic === undefined ? sql``
    : sql`and exists (select 1 from help_article_topics x where x.article_id = a.id and x.topic_slug = ${input.topic})`;
  const untranslatedFilter = untranslatedInto === null ? sql``
    : sql`and not exists (select 1 from help_article_texts y where y.article_id = a.id and y.language = ${untranslatedInto})`;
  const filters = sql`${topicFilter} ${untranslatedFilter}`;
  const rows = dialectOf(executor) === 'sqlite'
    ? await matchInFts5(executor, language, input, filters)
    : await matchInTsvector(executor, language, input, filters);
  return rows.map((row) => ({ articleId: row.article_id, language, relevance: row.relevance }));
}

type RankedRow = { article_id: string; relevance: number };

async function matchInFts5(executor: Executor, language: ArticleLanguage, input: MatchInput, filters: RawBuilder<unknown>): Promise<RankedRow[]> {
  const table = sql.table(SEARCH_TABLES[language]);
  const { title, summary, body } = COLUMN_WEIGHTS;
  const result = await sql<{ article_id: string; rank: number }>`
    select t.article_id, bm25(${table}, ${sql.lit(title)}, ${sql.lit(summary)}, ${sql.lit(body)}) as rank
    from ${table}
    join help_article_texts t on t.doc_id = ${table}.rowid
    join help_articles a on a.id = t.article_id
    where ${table} match ${toFts5ArticleMatch(input.expression)} and a.published = 1 ${filters}
    order by rank, a.position
    limit ${input.limit}`.execute(executor);
  return result.rows.map((row) => ({ article_id: row.article_id, relevance: -row.rank }));
}

/**
 * FTS5's bm25 (k1 = 1.2, b = 0.75, idf floored at 1e-6) over tsvectors, so that relevance means
 * the same on both databases and `keepRelevant`'s thresholds hold: for each word, its weighted
 * count in a text (title 10, summary 4, body 1; a prefix counts every word it begins), the number
 * of texts of the language holding it, and the text's length against the language's average.
 * Where a language has stems, an occurrence that shares only the stem counts STEM_ONLY_WEIGHT.
 * The GIN indexes find the texts holding any word; only those are read.
 */
async function matchInTsvector(executor: Executor, language: ArticleLanguage, input: MatchInput, filters: RawBuilder<unknown>): Promise<RankedRow[]> {
  const { words, prefixLast } = input.expression;
  const last = words.length - 1;
  const prefixes = words.map((_, index) => prefixLast && index === last);
  const configuration = sql.lit(SEARCH_CONFIGURATIONS[language]);
  const stemName = STEM_CONFIGURATIONS[language];
  // Words are letters and digits only (toArticleMatchExpression); quotes are doubled regardless.
  const anyWord = words.map((word, index) => `'${word.replace(/['\\]/gu, (c) => c + c)}'${prefixes[index] ? ':*' : ''}`).join(' | ');
  const { title, summary, body } = COLUMN_WEIGHTS;
  const weightOf = sql`case w.weight when 'A' then ${sql.lit(title)} when 'B' then ${sql.lit(summary)} else ${sql.lit(body)} end`;
  const lexemesIn = (name: string) => sql`
    select distinct w.ord, l.lexeme, w.prefix from words w cross join lateral unnest(to_tsvector(${sql.lit(name)}, w.word)) as l`;
  const frequenciesIn = (column: 'document' | 'stems', lexemes: string) => sql`
    select c.doc_id, x.ord, sum(${weightOf})::float8 as frequency
    from candidates c
    join help_article_search s on s.doc_id = c.doc_id
    cross join lateral unnest(s.${sql.raw(column)}) as d
    join ${sql.table(lexemes)} x on d.lexeme = x.lexeme or (x.prefix and starts_with(d.lexeme, x.lexeme))
    cross join lateral unnest(d.weights) as w(weight)
    group by c.doc_id, x.ord`;
  const stemParts = stemName === null
    ? { lexemes: sql``, match: sql``, frequencies: sql`select null::integer as doc_id, null::bigint as ord, null::float8 as frequency where false` }
    : {
      lexemes: sql`, stem_lexemes as (${lexemesIn(stemName)})`,
      match: sql`or s.stems @@ to_tsquery(${sql.lit(stemName)}, ${anyWord})`,
      frequencies: frequenciesIn('stems', 'stem_lexemes'),
    };
  const result = await sql<RankedRow>`
    with words as (
      select w.word, w.prefix, w.ord from unnest(${[...words]}::text[], ${prefixes}::boolean[]) with ordinality as w(word, prefix, ord)
    ), lexemes as (${lexemesIn(SEARCH_CONFIGURATIONS[language])})
    ${stemParts.lexemes}
    , candidates as (
      select s.doc_id, s.length from help_article_search s
      where s.language = ${language} and (s.document @@ to_tsquery(${configuration}, ${anyWord}) ${stemParts.match})
    ), whole_frequencies as (${frequenciesIn('document', 'lexemes')}
    ), stem_frequencies as (${stemParts.frequencies}
    ), frequencies as (
      select coalesce(f.doc_id, g.doc_id) as doc_id, coalesce(f.ord, g.ord) as ord,
        coalesce(f.frequency, 0) + ${sql.lit(STEM_ONLY_WEIGHT)} * greatest(coalesce(g.frequency, 0) - coalesce(f.frequency, 0), 0) as frequency
      from whole_frequencies f full join stem_frequencies g on g.doc_id = f.doc_id and g.ord = f.ord
    ), texts as (
      select count(*)::float8 as count, greatest(avg(length), 1)::float8 as average_length from help_article_search where language = ${language}
    ), rarity as (
      select f.ord, greatest(ln((texts.count - count(*) + 0.5) / (count(*) + 0.5)), 1e-6) as idf
      from frequencies f cross join texts group by f.ord, texts.count
    ), ranked as (
      select f.doc_id, sum(r.idf * f.frequency * 2.2 / (f.frequency + 1.2 * (0.25 + 0.75 * c.length / texts.average_length))) as relevance
      from frequencies f join rarity r on r.ord = f.ord join candidates c on c.doc_id = f.doc_id cross join texts
      group by f.doc_id
    )
    select t.article_id, ranked.relevance
    from ranked
    join help_article_texts t on t.doc_id = ranked.doc_id
    join help_articles a on a.id = t.article_id
    where a.published ${filters}
    order by ranked.relevance desc, a.position
    limit ${input.limit}`.execute(executor);
  return result.rows;
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
