import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError, type FieldErrors } from '../../kernel/errors.js';
import type { Database } from '../../storage/database.js';
import type { Agent } from '../agents/agent.js';
import { recordAudit } from '../audit/index.js';
import { readSetting, writeSetting } from './settings.repository.js';
import {
  DEFAULT_CALENDAR, DEFAULT_CONTACT, checkCalendarSettings, checkContactSettings, type CalendarSettings, type ContactSettings,
} from './settings.js';

type Kind<T> = { key: string; fallback: T; check: (value: T) => FieldErrors };
const KINDS = {
  contact: { key: 'help_hub.contact', fallback: DEFAULT_CONTACT, check: checkContactSettings } satisfies Kind<ContactSettings>,
  calendar: { key: 'business.calendar', fallback: DEFAULT_CALENDAR, check: checkCalendarSettings } satisfies Kind<CalendarSettings>,
};
export type SettingsKind = keyof typeof KINDS;
export type SettingsValue<K extends SettingsKind> = (typeof KINDS)[K]['fallback'];

export interface SettingsService {
  read<K extends SettingsKind>(kind: K): Promise<SettingsValue<K>>;
  /** Validates and replaces the whole value; audited with before and after. */
  write<K extends SettingsKind>(kind: K, value: SettingsValue<K>, admin: Agent): Promise<SettingsValue<K>>;
}

export function createSettingsService(deps: { db: Kysely<Database>; clock: Clock }): SettingsService {
  return {
    async read(kind) {
      const spec = KINDS[kind];
      return (await readSetting<SettingsValue<typeof kind>>(deps.db, spec.key)) ?? spec.fallback;
    },
    async write(kind, value, admin) {
      const spec: Kind<SettingsValue<typeof kind>> = KINDS[kind] as Kind<SettingsValue<typeof kind>>;
      const fields = spec.check(value);
      if (Object.keys(fields).length > 0) throw new AppError('validation.failed', 'Some fields need attention.', fields);
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        const before = await readSetting<unknown>(trx, spec.key);
        await writeSetting(trx, spec.key, value, now);
        await recordAudit(trx, { actorType: 'agent', actorId: admin.id, action: 'settings.updated', subject: `settings:${spec.key}`, data: { before, after: value }, at: now });
      });
      return value;
    },
  };
}
