import type { Executor } from '../../storage/database.js';
import { fromDbJson, toDbJson, toDbTime } from '../../storage/dialect-helpers.js';

/** A stored setting's value, or null when it was never saved. */
export async function readSetting<T>(executor: Executor, key: string): Promise<T | null> {
  const row = await executor.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? fromDbJson<T>(row.value) : null;
}

export async function writeSetting(executor: Executor, key: string, value: unknown, now: Date): Promise<void> {
  const row = { key, value: toDbJson(value), updated_at: toDbTime(now) };
  await executor.insertInto('settings').values(row).onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: row.updated_at })).execute();
}
