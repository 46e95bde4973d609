import type { FieldErrors } from '../../kernel/errors.js';

export type TimeRange = { open: string; close: string };
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayName = (typeof WEEKDAYS)[number];

/** What the help hub shows: phone numbers and opening hours per weekday (local time). */
export type ContactSettings = {
  phones: { label: string; number: string }[];
  openingHours: Partial<Record<WeekdayName, TimeRange[]>>;
};

/** The business calendar admins keep; SLA due dates still use the built-in calendar (see README note). */
export type CalendarSettings = {
  workingDays: WeekdayName[];
  businessHours: { start: string; end: string };
  closureDays: { date: string; name: string }[];
};

export const DEFAULT_CONTACT: ContactSettings = { phones: [], openingHours: {} };
export const DEFAULT_CALENDAR: CalendarSettings = {
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'], businessHours: { start: '09:00', end: '17:00' }, closureDays: [],
};

const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Rules the schema cannot say: ranges end after they start and do not overlap. */
export function checkContactSettings(settings: ContactSettings): FieldErrors {
  const fields: FieldErrors = {};
  for (const [day, ranges] of Object.entries(settings.openingHours)) {
    const sorted = [...(ranges ?? [])].sort((a, b) => minutes(a.open) - minutes(b.open));
    sorted.forEach((range, index) => {
      if (minutes(range.close) <= minutes(range.open)) fields[`openingHours.${day}`] = 'each range must close after it opens';
      const next = sorted[index + 1];
      if (next && minutes(next.open) < minutes(range.close)) fields[`openingHours.${day}`] = 'ranges must not overlap';
    });
  }
  return fields;
}

/** Hours end after they start, closure days are real dates and listed once. */
export function checkCalendarSettings(settings: CalendarSettings): FieldErrors {
  const fields: FieldErrors = {};
  if (minutes(settings.businessHours.end) <= minutes(settings.businessHours.start)) fields.businessHours = 'must end after they start';
  const seen = new Set<string>();
  settings.closureDays.forEach((closure, index) => {
    const date = new Date(`${closure.date}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== closure.date) fields[`closureDays.${index}.date`] = 'is not a calendar date';
    else if (seen.has(closure.date)) fields[`closureDays.${index}.date`] = 'is listed twice';
    seen.add(closure.date);
  });
  return fields;
}
