import { Type, type TSchema } from 'typebox';
import { currentAgent, requireAgent } from '../../http/auth.js';
import type { HttpApp } from '../../http/types.js';
import type { AuthService } from '../agents/auth.service.js';
import { WEEKDAYS } from './settings.js';
import type { SettingsKind, SettingsService, SettingsValue } from './settings.service.js';

const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, local time' });
const Weekday = Type.Enum(WEEKDAYS);

const ContactSettings = Type.Object({
  phones: Type.Array(Type.Object({
    label: Type.String({ minLength: 1, maxLength: 100 }),
    number: Type.String({ pattern: '^\\+?[0-9][0-9 ().-]{3,28}[0-9]$', description: 'as dialled, e.g. +1 800 275 8777' }),
  }, { additionalProperties: false }), { maxItems: 20 }),
  openingHours: Type.Object(
    Object.fromEntries(WEEKDAYS.map((day) => [day, Type.Optional(Type.Array(Type.Object({ open: Clock, close: Clock }, { additionalProperties: false }), { maxItems: 4 }))])),
    { additionalProperties: false, description: 'ranges per weekday; a missing day is closed' },
  ),
}, { additionalProperties: false });

const CalendarSettings = Type.Object({
  workingDays: Type.Array(Weekday, { minItems: 1, maxItems: 7, uniqueItems: true }),
  businessHours: Type.Object({ start: Clock, end: Clock }, { additionalProperties: false }),
  closureDays: Type.Array(Type.Object({
    date: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
  }, { additionalProperties: false }), { maxItems: 366, description: 'whole-day closures beyond US federal holidays' }),
}, { additionalProperties: false });

/** Business settings admins keep: the help hub's phone numbers and hours, and the business calendar. */
export function registerSettingsRoutes(app: HttpApp, deps: { auth: AuthService; settings: SettingsService }): void {
  const adminOnly = requireAgent(deps.auth, 'admin');
  const register = <K extends SettingsKind>(kind: K, schema: TSchema) => {
    app.get(`/api/v1/admin/settings/${kind}`, { schema: { response: { 200: schema } }, preValidation: adminOnly }, async () => deps.settings.read(kind));
    app.put(`/api/v1/admin/settings/${kind}`, { schema: { body: schema, response: { 200: schema } }, preValidation: adminOnly }, async (request) =>
      deps.settings.write(kind, request.body as SettingsValue<K>, currentAgent(request)));
  };
  register('contact', ContactSettings);
  register('calendar', CalendarSettings);
}
