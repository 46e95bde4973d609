import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../../test/postgres-databases.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.js';
import { createManualClock } from '../../kernel/clock.js';
import { newId } from '../../kernel/ids.js';
import { toDbBool } from '../../storage/dialect-helpers.js';
import type { Agent } from '../agents/agent.js';
import { createTopicService } from '../topics/topics.service.js';
import { createArticleAdminService, type ArticleAdminService } from './article-admin.service.js';
import { toArticleMatchExpression } from './article-query.js';
import { listArticles, searchArticles } from './articles.repository.js';
import { DEFAULT_ARTICLES } from './default-articles.js';
import { createHelpArticleService, type HelpArticleService } from './help-articles.service.js';

// Both dialects: SQLite's FTS5 tables (migration 0009) and PostgreSQL's tsvectors (0014).

const clock = createManualClock(new Date('2026-03-02T14:00:00Z'));
let handle: TestDatabase;
let articles: HelpArticleService;
let admin: ArticleAdminService;
let editor: Agent;

beforeEach(async () => {
  handle = await createTestDatabase();
  await createTopicService({ db: handle.db, dialect: handle.dialect }).seedDefaults(clock.now());
  articles = createHelpArticleService({ db: handle.db, clock });
  admin = createArticleAdminService({ db: handle.db, clock });
  editor = { id: newId(), email: 'editor@postdesk.test', name: 'Edith Editor', role: 'admin', active: true, createdAt: clock.now() };
  await handle.db.insertInto('agents').values({
    id: editor.id, email: editor.email, name: editor.name, role: 'admin', password_hash: 'x', active: toDbBool(true, handle.dialect), failed_logins: 0, locked_until: null,
    created_at: clock.now().toISOString(),
  }).execute();
});

afterEach(async () => {
  await handle.cleanup();
});

const slugsFor = async (text: string, locale: 'en' | 'es' | 'ro') => (await articles.search(text, locale, 5)).map((a) => a.slug);
const searchDocuments = async (language: 'en' | 'es' | 'ro') => Number((await (handle.dialect === 'sqlite'
  ? sql<{ n: number }>`select count(*) as n from ${sql.table(`help_article_search_${language}`)}`
  : sql<{ n: number }>`select count(*) as n from help_article_search where language = ${language}`).execute(handle.db)).rows[0]?.n);

describe('default help articles', () => {
  it('seeds 20 articles in English, Spanish and Romanian, each under existing topics, once', async () => {
    expect(await articles.seedDefaults(clock.now())).toBe(20);
    expect(await articles.seedDefaults(clock.now())).toBe(0);
    const stored = await listArticles(handle.db, { publishedOnly: true });
    expect(stored.map((a) => a.slug)).toEqual(DEFAULT_ARTICLES.map((a) => a.slug));
    const topics = new Set((await handle.db.selectFrom('topics').select('slug').execute()).map((t) => t.slug));
    for (const article of stored) {
      expect(Object.keys(article.texts).sort(), article.slug).toEqual(['en', 'es', 'ro']);
      expect(article.topics.length, article.slug).toBeGreaterThan(0);
      for (const topic of article.topics) expect(topics.has(topic), `${article.slug}: ${topic}`).toBe(true);
    }
    for (const language of ['en', 'es', 'ro'] as const) expect(await searchDocuments(language)).toBe(20);
    // Every topic of the contact form has something to suggest.
    for (const topic of topics) expect((await listArticles(handle.db, { publishedOnly: true, topic })).length, topic).toBeGreaterThan(0);
  });

  it('never overwrites an edit and never brings back a deleted article', async () => {
    await articles.seedDefaults(clock.now());
    await admin.update('hold-mail', { texts: { en: { title: 'Holding your mail', summary: 'Our own words.', body: 'Edited by an admin.' }, es: null }, published: false }, editor);
    await admin.remove('po-box', editor);
    expect(await articles.seedDefaults(clock.now())).toBe(0);
    const holdMail = await admin.get('hold-mail');
    expect(holdMail.texts.en.title).toBe('Holding your mail');
    expect(holdMail.texts.es).toBeUndefined();
    expect(holdMail.published).toBe(false);
    expect(holdMail.updatedBy).toEqual({ id: editor.id, name: 'Edith Editor' });
    await expect(admin.get('po-box')).rejects.toMatchObject({ code: 'article.not_found' });
  });

  it('leaves alone an article an admin created under a default slug before the seed ran', async () => {
    await admin.create({ slug: 'redelivery', texts: { en: { title: 'Our redelivery', summary: 'Local rules.', body: 'Call the depot.' } }, topics: ['delivery-problem'], published: true }, editor);
    expect(await articles.seedDefaults(clock.now())).toBe(19);
    expect((await admin.get('redelivery')).texts.en.title).toBe('Our redelivery');
  });
});

describe('article search', () => {
  beforeEach(async () => {
    await articles.seedDefaults(clock.now());
  });

  it.each<[string, 'en' | 'es' | 'ro']>([
    ['package marked delivered but not received', 'en'],
    ['The tracking says it was delivered yesterday but I never received it', 'en'],
    ['paquete marcado como entregado pero no recibido', 'es'],
    // A shared root is not a shared word: "recibido" must not rank "acuse de recibo" first.
    ['paquete entregado pero no recibido', 'es'],
    ['colet marcat ca livrat, dar nu l-am primit', 'ro'],
  ])('ranks "package marked delivered but not received" first for %j', async (text, locale) => {
    expect((await slugsFor(text, locale))[0]).toBe('delivered-but-not-received');
  });

  it.each<[string, 'en' | 'es' | 'ro', string]>([
    ['garantia devolucion dinero', 'es', 'priority-mail-express-refund'],
    ['garantía devolución dinero', 'es', 'priority-mail-express-refund'],
    ['codigo de confirmacion mudanza direccion', 'es', 'change-of-address'],
    ['pasapoarte calatorii urgente', 'ro', 'passport-appointments-urgent-travel'],
    ['paşapoarte călătorii urgente', 'ro', 'passport-appointments-urgent-travel'],
    ['cutia postala inselatorie sms taxa', 'ro', 'delivery-fee-scam-texts'],
    ['receiving a damaged box', 'en', 'damaged-item'],
  ])('%j (%s) finds %s without caring for accents, cedillas or word endings', async (text, locale, slug) => {
    expect((await slugsFor(text, locale))[0]).toBe(slug);
  });

  it('filters by topic', async () => {
    const expression = toArticleMatchExpression('passport application', 'en');
    if (!expression) throw new Error('no expression');
    const inPassport = await searchArticles(handle.db, { expression, language: 'en', topic: 'passport', limit: 10 });
    const inTracking = await searchArticles(handle.db, { expression, language: 'en', topic: 'tracking', limit: 10 });
    const slugOf = new Map((await listArticles(handle.db, { publishedOnly: false })).map((a) => [a.id, a.slug]));
    expect(inPassport.map((m) => slugOf.get(m.articleId)).sort()).toEqual(['lost-passport-application', 'passport-appointments-urgent-travel']);
    expect(inTracking.map((m) => slugOf.get(m.articleId))).not.toContain('lost-passport-application');
  });

  it('follows edits, removed translations, unpublishing and deletion in the index', async () => {
    await admin.update('stamps-and-postage-prices', { texts: { en: { title: 'Philately corner', summary: 'Zeppelin issues.', body: 'Collectors welcome.' } } }, editor);
    expect(await slugsFor('zeppelin philately', 'en')).toEqual(['stamps-and-postage-prices']);
    expect(await slugsFor('forever stamps', 'en')).not.toContain('stamps-and-postage-prices');

    // Without a Spanish text, a Spanish reader finds the article through its English words, in English.
    await admin.update('stamps-and-postage-prices', { texts: { es: null } }, editor);
    expect(await searchDocuments('es')).toBe(19);
    const fallback = await articles.search('zeppelin', 'es', 5);
    expect(fallback.map((a) => [a.slug, a.language])).toEqual([['stamps-and-postage-prices', 'en']]);

    await admin.update('stamps-and-postage-prices', { published: false }, editor);
    expect(await slugsFor('zeppelin', 'en')).toEqual([]);

    await admin.remove('stamps-and-postage-prices', editor);
    expect(await searchDocuments('en')).toBe(19);
    expect(await searchDocuments('ro')).toBe(19);
  });

  it('suggests nothing for words every article has, and the topic\'s first articles instead', async () => {
    expect(await slugsFor('I have a question about my package please', 'en')).toEqual([]);
    const suggested = await articles.suggest({ text: 'I have a question about my package please', topic: 'passport', locale: 'en', visitId: undefined });
    expect(suggested.map((s) => s.slug)).toEqual(['passport-appointments-urgent-travel', 'lost-passport-application']);
  });

  it('prefers the topic\'s matches, then fills from other topics, at most 3', async () => {
    const suggested = await articles.suggest({ text: 'I applied for a passport, and my package with the photos is held in customs', topic: 'passport', locale: 'en', visitId: undefined });
    expect(suggested.map((s) => s.slug)).toEqual(['passport-appointments-urgent-travel', 'lost-passport-application', 'customs-delays']);
    expect(suggested[2]).toMatchObject({ language: 'en', url: '/help/customs-delays', title: 'International package held in customs' });
  });
});

describe.skipIf(testDatabaseKind() !== 'postgres')('article search on PostgreSQL (tsvector)', () => {
  beforeEach(async () => {
    await articles.seedDefaults(clock.now());
  });

  it('ranks like FTS5\'s bm25: the same relevance scale, so keepRelevant\'s thresholds hold', async () => {
    const expression = toArticleMatchExpression('passport application photos', 'en');
    if (!expression) throw new Error('no expression');
    const matches = await searchArticles(handle.db, { expression, language: 'en', limit: 10 });
    expect(matches.length).toBeGreaterThan(1);
    // bm25 values: positive, best first, a title match of rare words well above 1.
    expect(matches.map((m) => m.relevance)).toEqual([...matches.map((m) => m.relevance)].sort((a, b) => b - a));
    expect(matches[0]!.relevance).toBeGreaterThan(1);
  });

  it('stems Spanish and Romanian words and folds their diacritics', async () => {
    // Neither the word endings nor the accents of the articles' own words ("reembolso", "franqueo"; "pașaport", "călătorii", "urgente").
    expect((await slugsFor('reembolsos franqueos', 'es'))[0]).toBe('priority-mail-express-refund');
    expect((await slugsFor('pașaportul călătoriei urgentă', 'ro'))[0]).toBe('passport-appointments-urgent-travel');
  });

  it('treats tsquery syntax as text', async () => {
    for (const text of ["a:* & !b | ( ' \\", "'passport' | 'customs'", 'passport:*', 'dʼArtagnan', 'x'.repeat(600)]) {
      await expect(articles.search(text, 'en', 5), text).resolves.toBeInstanceOf(Array);
      await expect(articles.suggest({ text, topic: 'passport', locale: 'en', visitId: undefined }), text).resolves.toBeInstanceOf(Array);
    }
    expect((await slugsFor('passport:* & !customs', 'en'))).toContain('lost-passport-application');
  });

  it('indexes at start-up the texts stored before its index existed', async () => {
    await handle.db.deleteFrom('help_article_search').execute();
    expect(await slugsFor('passport application', 'en')).toEqual([]);
    expect(await articles.seedDefaults(clock.now())).toBe(0);
    expect(await searchDocuments('en')).toBe(20);
    expect(await searchDocuments('ro')).toBe(20);
    expect(await slugsFor('passport application', 'en')).toContain('lost-passport-application');
  });
});
