/** A plain calendar date `'YYYY-MM-DD'`, with no time zone attached. */
export type CalendarDate = string;

/** Day of the week as in `Date#getDay`: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** `observed: true` marks the weekday substitute for a holiday that falls on a weekend. */
export type FederalHoliday = { date: CalendarDate; name: string; observed: boolean };

/** Opening hours as local wall-clock times `'HH:MM'`, `start` before `end`. */
export type BusinessHours = { start: string; end: string };

export type BusinessCalendarOptions = {
  timeZone?: string;
  workingWeekdays?: readonly Weekday[];
  businessHours?: BusinessHours;
  /** Extra whole-day closures, e.g. a presidential day of mourning or a Christmas Eve closure. */
  closures?: readonly CalendarDate[];
};

/** Working days, hours and closures in one time zone; answers SLA day arithmetic. */
export interface BusinessCalendar {
  readonly timeZone: string;
  readonly workingWeekdays: readonly Weekday[];
  readonly businessHours: Readonly<BusinessHours>;
  readonly closures: readonly CalendarDate[];
  federalHolidays(year: number): FederalHoliday[];
  isBusinessDay(date: CalendarDate): boolean;
  /** Same local time `days` business days later; from a closed day, count from the next opening. */
  addBusinessDays(from: Date, days: number): Date;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const DEFAULT_HOURS: BusinessHours = { start: '09:00', end: '17:00' };

// Dates are handled as day numbers (days since 1970-01-01); UTC arithmetic has no DST to leak.
function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function weekdayOf(day: number): Weekday {
  return ((((day + 4) % 7) + 7) % 7) as Weekday; // 1970-01-01 was a Thursday.
}

function formatDay(day: number): CalendarDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function parseDay(date: CalendarDate): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = match ? dayNumber(Number(match[1]), Number(match[2]), Number(match[3])) : NaN;
  if (Number.isNaN(day) || formatDay(day) !== date) {
    throw new RangeError(`not a calendar date 'YYYY-MM-DD': ${date}`);
  }
  return day;
}

function nthWeekday(year: number, month: number, weekday: Weekday, n: number): number {
  const first = dayNumber(year, month, 1);
  return first + ((weekday - weekdayOf(first) + 7) % 7) + 7 * (n - 1);
}

function lastWeekday(year: number, month: number, weekday: Weekday): number {
  const last = dayNumber(year, month + 1, 0);
  return last - ((weekdayOf(last) - weekday + 7) % 7);
}

const [MONDAY, THURSDAY] = [1, 4] as const;
type HolidayRule = { name: string; since?: number; day: (year: number) => number };

/** 5 U.S.C. 6103(a) as in force now; Veterans Day's 1971–1977 October date is not modelled. */
const FEDERAL_RULES: readonly HolidayRule[] = [
  { name: "New Year's Day", day: (y) => dayNumber(y, 1, 1) },
  {
    name: 'Birthday of Martin Luther King, Jr.',
    since: 1986,
    day: (y) => nthWeekday(y, 1, MONDAY, 3),
  },
  { name: "Washington's Birthday", day: (y) => nthWeekday(y, 2, MONDAY, 3) },
  { name: 'Memorial Day', day: (y) => lastWeekday(y, 5, MONDAY) },
  { name: 'Juneteenth National Independence Day', since: 2021, day: (y) => dayNumber(y, 6, 19) },
  { name: 'Independence Day', day: (y) => dayNumber(y, 7, 4) },
  { name: 'Labor Day', day: (y) => nthWeekday(y, 9, MONDAY, 1) },
  { name: 'Columbus Day', day: (y) => nthWeekday(y, 10, MONDAY, 2) },
  { name: 'Veterans Day', day: (y) => dayNumber(y, 11, 11) },
  { name: 'Thanksgiving Day', day: (y) => nthWeekday(y, 11, THURSDAY, 4) },
  { name: 'Christmas Day', day: (y) => dayNumber(y, 12, 25) },
];

/**
 * US federal legal public holidays dated in `year`: each holiday's own date, plus its observed
 * weekday (Saturday → Friday before, Sunday → Monday after); a Saturday New Year's Day of
 * `year + 1` is observed on December 31 of `year` and listed there.
 */
export function usFederalHolidays(year: number): FederalHoliday[] {
  const holidays: { day: number; name: string; observed: boolean }[] = [];
  for (const ruleYear of [year, year + 1]) {
    for (const rule of FEDERAL_RULES) {
      if (rule.since !== undefined && ruleYear < rule.since) continue;
      const day = rule.day(ruleYear);
      const weekday = weekdayOf(day);
      const shift = weekday === 6 ? -1 : weekday === 0 ? 1 : 0;
      holidays.push({ day, name: rule.name, observed: false });
      if (shift !== 0) holidays.push({ day: day + shift, name: rule.name, observed: true });
    }
  }
  const [first, next] = [dayNumber(year, 1, 1), dayNumber(year + 1, 1, 1)];
  return holidays
    .filter(({ day }) => day >= first && day < next)
    .sort((a, b) => a.day - b.day)
    .map(({ day, name, observed }) => ({ date: formatDay(day), name, observed }));
}

function parseClock(time: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new RangeError(`not a time 'HH:MM': ${time}`);
  return (Number(match[1]) * 60 + Number(match[2])) * MINUTE_MS;
}

const QUARTER_HOUR_MS = 15 * MINUTE_MS;

/** Converts between instants and local wall-clock milliseconds (day number × DAY_MS + time). */
function createZoneClock(timeZone: string) {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const formatLocal = (instant: number): number => {
    const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
    const [y, mo, d, h, mi, s] = ['year', 'month', 'day', 'hour', 'minute', 'second'].map(
      (type) => Number(parts[type]),
    ) as [number, number, number, number, number, number];
    return Date.UTC(y, mo - 1, d, h, mi, s) + (((instant % 1000) + 1000) % 1000);
  };
  // formatToParts costs microseconds and every new case asks several times: the zone's offset is
  // kept per quarter hour (offsets change on quarter hours), when its start and end agree on it.
  const offsets = new Map<number, number | null>();
  const offsetOf = (bucket: number): number | null => {
    let offset = offsets.get(bucket);
    if (offset === undefined) {
      const start = bucket * QUARTER_HOUR_MS;
      const end = start + QUARTER_HOUR_MS - 1;
      const atStart = formatLocal(start) - start;
      offset = formatLocal(end) - end === atStart ? atStart : null;
      if (offsets.size >= 4_096) offsets.clear();
      offsets.set(bucket, offset);
    }
    return offset;
  };
  const toLocal = (instant: number): number => {
    const offset = offsetOf(Math.floor(instant / QUARTER_HOUR_MS));
    return offset === null ? formatLocal(instant) : instant + offset;
  };
  // A repeated wall time takes the earlier instant and a skipped one moves forward by the gap,
  // as Temporal's 'compatible' disambiguation does; zones change offset at most once a day.
  const toInstant = (local: number): number => {
    const offsets = [local - DAY_MS, local + DAY_MS].map((probe) => toLocal(probe) - probe);
    const valid = offsets.map((offset) => local - offset).filter((t) => toLocal(t) === local);
    return valid.length > 0 ? Math.min(...valid) : local - (offsets[0] ?? 0);
  };
  return { toLocal, toInstant };
}

/** Creates a calendar; defaults: America/New_York, Monday–Friday, 09:00–17:00, no closures. */
export function createBusinessCalendar(options: BusinessCalendarOptions = {}): BusinessCalendar {
  const timeZone = options.timeZone ?? 'America/New_York';
  const workingWeekdays = Object.freeze([...(options.workingWeekdays ?? [1, 2, 3, 4, 5])]);
  const businessHours = Object.freeze({ ...(options.businessHours ?? DEFAULT_HOURS) });
  const closures = Object.freeze([...(options.closures ?? [])]);
  if (workingWeekdays.length === 0) throw new RangeError('a calendar needs a working weekday');
  const opensAt = parseClock(businessHours.start);
  if (opensAt >= parseClock(businessHours.end)) throw new RangeError('hours must end after start');
  const closedDays = new Set(closures.map(parseDay));
  const clock = createZoneClock(timeZone);
  const cache = new Map<number, Set<number>>();
  const isHoliday = (day: number): boolean => {
    const year = new Date(day * DAY_MS).getUTCFullYear();
    const days = cache.get(year) ?? new Set(usFederalHolidays(year).map((h) => parseDay(h.date)));
    cache.set(year, days);
    return days.has(day);
  };
  const isOpen = (day: number): boolean =>
    workingWeekdays.includes(weekdayOf(day)) && !closedDays.has(day) && !isHoliday(day);
  const skipBusinessDays = (day: number, count: number): number => {
    let current = day;
    for (let left = count; left > 0; left--) {
      do current++;
      while (!isOpen(current));
    }
    return current;
  };

  return {
    timeZone,
    workingWeekdays,
    businessHours,
    closures,
    federalHolidays: usFederalHolidays,
    isBusinessDay: (date) => isOpen(parseDay(date)),
    addBusinessDays(from, days) {
      if (Number.isNaN(from.getTime())) throw new RangeError('addBusinessDays needs a valid Date');
      if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`bad day count: ${days}`);
      const local = clock.toLocal(from.getTime());
      const day = Math.floor(local / DAY_MS);
      const open = isOpen(day);
      if (open && days === 0) return new Date(from.getTime());
      const start = open ? day : skipBusinessDays(day, 1);
      const timeOfDay = open ? local - day * DAY_MS : opensAt;
      return new Date(clock.toInstant(skipBusinessDays(start, days) * DAY_MS + timeOfDay));
    },
  };
}
