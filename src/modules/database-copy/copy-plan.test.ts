import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../storage/db.js';
import { COPIED_TABLES, findOrderProblems, roleOfSqliteTable } from './copy-plan.js';
import { createValueConverter } from './copy-values.js';

describe('the copy plan', () => {
  it('knows every table a fully migrated SQLite database has (a new migration must say whether its tables are copied)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-plan-'));
    try {
      const file = path.join(dir, 'postdesk.sqlite');
      const handle = openDatabase({ kind: 'sqlite', file });
      await migrateToLatest(handle.db);
      await handle.close();
      const sqlite = new SQLite(file, { readonly: true });
      const names = sqlite.prepare(`select name from sqlite_master where type = 'table'`).pluck().all() as string[];
      sqlite.close();
      expect(names.filter((name) => roleOfSqliteTable(name) === 'unknown')).toEqual([]);
      expect(names.filter((name) => roleOfSqliteTable(name) === 'copied').sort()).toEqual([...COPIED_TABLES].sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['cases', 'copied'],
    ['case_search', 'derived'],
    ['case_search_idx', 'derived'],
    ['help_article_search_ro_docsize', 'derived'],
    ['case_search_vocab', 'derived'],
    ['sqlite_sequence', 'internal'],
    ['kysely_migration', 'internal'],
    ['kysely_migration_lock', 'internal'],
    ['future_feature', 'unknown'],
    ['cases_data', 'unknown'],
  ])('classifies %s as %s', (name, role) => {
    expect(roleOfSqliteTable(name)).toBe(role);
  });

  it('names the foreign keys an order would break', () => {
    const references = [{ table: 'messages', referenced: 'cases' }, { table: 'cases', referenced: 'customers' }, { table: 'cases', referenced: 'elsewhere' }];
    expect(findOrderProblems(['customers', 'cases', 'messages'], references)).toEqual([]);
    expect(findOrderProblems(['cases', 'customers', 'messages'], references)).toEqual(['cases references customers, which is copied after it']);
  });
});

describe('values on their way from SQLite to PostgreSQL', () => {
  const convert = (type: string, value: unknown) => {
    const repairs = { nulCharacters: 0 };
    return { value: createValueConverter(type, 't.c', repairs)(value), repaired: repairs.nulCharacters };
  };

  it.each([
    ['boolean', 1, true],
    ['boolean', 0, false],
    ['boolean', null, null],
    ['timestamp with time zone', '2026-05-20T10:00:00.000Z', '2026-05-20T10:00:00.000Z'],
    ['timestamp with time zone', '2026-05-20T10:00:00Z', '2026-05-20T10:00:00.000Z'],
    ['timestamp with time zone', '2026-05-20 10:00:00', '2026-05-20T10:00:00.000Z'],
    ['timestamp with time zone', '2026-05-20T12:00:00+02:00', '2026-05-20T10:00:00.000Z'],
    ['jsonb', '{"a":[1,2]}', '{"a":[1,2]}'],
    ['text', 'plain', 'plain'],
    ['integer', 42, 42],
    ['bigint', 4_294_967_296, 4_294_967_296],
  ])('%s: %j becomes %j', (type, input, output) => {
    expect(convert(type, input)).toEqual({ value: output, repaired: 0 });
  });

  it('keeps bytes as bytes', () => {
    const bytes = Buffer.from([0, 1, 255]);
    expect(convert('bytea', bytes).value).toBe(bytes);
  });

  it('refuses what it would have to guess at', () => {
    expect(() => convert('boolean', 2)).toThrow('t.c: 2 is not a boolean');
    expect(() => convert('timestamp with time zone', 'yesterday')).toThrow('t.c: "yesterday" is not a time');
  });

  it('writes NUL characters, which PostgreSQL text and jsonb refuse, as U+FFFD and counts them', () => {
    expect(convert('text', 'a\u0000b\u0000')).toEqual({ value: 'a\ufffdb\ufffd', repaired: 2 });
    expect(convert('jsonb', '{"t":"a\\u0000b"}')).toEqual({ value: '{"t":"a\\ufffdb"}', repaired: 1 });
    // An escaped backslash followed by "u0000" is text, not a NUL.
    expect(convert('jsonb', '{"t":"a\\\\u0000b"}')).toEqual({ value: '{"t":"a\\\\u0000b"}', repaired: 0 });
  });
});
