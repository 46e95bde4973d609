import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSearchIndexer, type SearchIndexer } from '../src/modules/search/index.js';
import { signIn, createTestApp, type TestApp } from './test-app.js';
import { submitCase, validForm } from './factories.js';

describe('search indexer (worker role)', () => {
  let t: TestApp;
  let indexer: SearchIndexer | undefined;

  beforeAll(async () => {
    t = await createTestApp({ worker: false });
  });
  afterAll(async () => {
    await indexer?.stop();
    await t.close({ removeData: true });
  });

  const noted = async () =>
    Number((await t.container.database.db.selectFrom('case_search_dirty').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

  it('rebuilds noted documents on its own, and a search finds a case written a moment ago even without it', async () => {
    const first = await submitCase(t.app, validForm('general-question', { description: 'Where can I buy lighthouse stamps?' }));
    expect(await noted()).toBe(1);

    // No indexer running: the search catches up by itself.
    const admin = await signIn(t.app);
    const found = await t.app.inject({ method: 'GET', url: '/api/v1/cases?q=lighthouse', headers: admin });
    expect(found.json<{ cases: { caseNumber: string }[] }>().cases.map((c) => c.caseNumber)).toEqual([first.caseNumber]);
    expect(await noted()).toBe(0);

    await submitCase(t.app, validForm('general-question', { description: 'Do you sell windmill stamps?' }));
    expect(await noted()).toBe(1);
    const { db, dialect } = t.container.database;
    indexer = startSearchIndexer({ db, dialect, log: t.container.log, intervalMs: 20 });
    await expect.poll(noted, { timeout: 5_000 }).toBe(0);
  });
});
