import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  createBusinessCalendar,
  usFederalHolidays,
  type BusinessCalendarOptions,
  type FederalHoliday,
} from './business-calendar.js';

const newYork = createBusinessCalendar();

describe('addBusinessDays', () => {
  type Row = {
    case: string;
    from: string;
    days: number;
    expected: string;
    options?: BusinessCalendarOptions;
  };
  const sevenDays: BusinessCalendarOptions = { workingWeekdays: [0, 1, 2, 3, 4, 5, 6] };

  it.each<Row>([
    { case: 'midweek', from: '2026-05-12T10:15:00-04:00', days: 2, expected: '2026-05-14T10:15:00-04:00' },
    { case: 'zero days on a business day', from: '2026-05-12T10:15:30.250-04:00', days: 0, expected: '2026-05-12T10:15:30.250-04:00' },
    { case: 'Friday over the weekend', from: '2026-05-15T14:00:00-04:00', days: 1, expected: '2026-05-18T14:00:00-04:00' },
    { case: 'Friday + 3', from: '2026-05-15T14:00:00-04:00', days: 3, expected: '2026-05-20T14:00:00-04:00' },
    { case: 'Saturday contact gets 3 full days', from: '2026-05-16T11:00:00-04:00', days: 3, expected: '2026-05-21T09:00:00-04:00' },
    { case: 'Sunday contact gets 3 full days', from: '2026-05-17T23:59:00-04:00', days: 3, expected: '2026-05-21T09:00:00-04:00' },
    { case: 'zero days from Saturday is Monday opening', from: '2026-05-16T11:00:00-04:00', days: 0, expected: '2026-05-18T09:00:00-04:00' },
    { case: 'after hours keeps the local time', from: '2026-06-01T23:30:00-04:00', days: 1, expected: '2026-06-02T23:30:00-04:00' },
    { case: 'local date, not UTC date (Fri 22:00 is Sat in UTC)', from: '2026-05-15T22:00:00-04:00', days: 1, expected: '2026-05-18T22:00:00-04:00' },
    { case: 'Memorial Day', from: '2026-05-22T12:00:00-04:00', days: 1, expected: '2026-05-26T12:00:00-04:00' },
    { case: 'Saturday July 4 observed Friday', from: '2026-07-02T15:00:00-04:00', days: 1, expected: '2026-07-06T15:00:00-04:00' },
    { case: 'contact on the observed Friday', from: '2026-07-03T15:00:00-04:00', days: 1, expected: '2026-07-07T09:00:00-04:00' },
    { case: 'Sunday Juneteenth 2022 observed Monday', from: '2022-06-17T10:00:00-04:00', days: 1, expected: '2022-06-21T10:00:00-04:00' },
    { case: 'Thanksgiving week: Wednesday + 1', from: '2026-11-25T09:30:00-05:00', days: 1, expected: '2026-11-27T09:30:00-05:00' },
    { case: 'Thanksgiving week: Tuesday + 3', from: '2026-11-24T16:00:00-05:00', days: 3, expected: '2026-11-30T16:00:00-05:00' },
    { case: 'contact on Thanksgiving Day', from: '2026-11-26T12:00:00-05:00', days: 1, expected: '2026-11-30T09:00:00-05:00' },
    { case: 'Christmas 2026 (Friday)', from: '2026-12-23T10:00:00-05:00', days: 2, expected: '2026-12-28T10:00:00-05:00' },
    { case: 'Christmas to New Year 2027', from: '2026-12-23T10:00:00-05:00', days: 5, expected: '2026-12-31T10:00:00-05:00' },
    { case: 'over New Year 2027 (Friday)', from: '2026-12-23T10:00:00-05:00', days: 6, expected: '2027-01-04T10:00:00-05:00' },
    { case: 'Christmas Eve 2027 observed', from: '2027-12-23T08:00:00-05:00', days: 1, expected: '2027-12-27T08:00:00-05:00' },
    { case: 'New Year 2028 observed Dec 31', from: '2027-12-30T08:00:00-05:00', days: 1, expected: '2028-01-03T08:00:00-05:00' },
    { case: 'spring forward: EST to EDT', from: '2026-03-04T10:00:00-05:00', days: 3, expected: '2026-03-09T10:00:00-04:00' },
    { case: 'fall back: EDT to EST', from: '2026-10-30T16:30:00-04:00', days: 1, expected: '2026-11-02T16:30:00-05:00' },
    { case: 'skipped 02:30 moves to 03:30', from: '2026-03-07T02:30:00-05:00', days: 1, expected: '2026-03-08T03:30:00-04:00', options: sevenDays },
    { case: 'repeated 01:30 takes the earlier', from: '2026-10-31T01:30:00-04:00', days: 1, expected: '2026-11-01T01:30:00-04:00', options: sevenDays },
    // Offsets are cached per quarter hour: zones whose offset or change is not a whole hour.
    { case: 'Lord Howe: skipped 02:15 (30-minute change) moves to 02:45', from: '2026-10-03T02:15:00+10:30', days: 1, expected: '2026-10-04T02:45:00+11:00', options: { ...sevenDays, timeZone: 'Australia/Lord_Howe' } },
    { case: 'Lord Howe: 01:59 on the change day still exists', from: '2026-10-03T01:59:00+10:30', days: 1, expected: '2026-10-04T01:59:00+10:30', options: { ...sevenDays, timeZone: 'Australia/Lord_Howe' } },
    { case: 'Kathmandu (UTC+5:45): Friday 16:50 + 1 is Monday 16:50', from: '2026-05-15T16:50:00+05:45', days: 1, expected: '2026-05-18T16:50:00+05:45', options: { timeZone: 'Asia/Kathmandu' } },
    { case: 'Los Angeles: Fri 22:00 PDT is a business day', from: '2026-05-15T22:00:00-07:00', days: 1, expected: '2026-05-18T22:00:00-07:00', options: { timeZone: 'America/Los_Angeles' } },
    { case: 'New York: same instant is Saturday 01:00', from: '2026-05-15T22:00:00-07:00', days: 1, expected: '2026-05-19T09:00:00-04:00' },
    { case: 'Berlin opening hours and DST (Mar 29)', from: '2026-03-28T12:00:00+01:00', days: 1, expected: '2026-03-31T08:00:00+02:00', options: { timeZone: 'Europe/Berlin', businessHours: { start: '08:00', end: '16:00' } } },
    { case: 'Sunday-to-Thursday week', from: '2026-05-15T10:00:00+03:00', days: 1, expected: '2026-05-18T08:30:00+03:00', options: { timeZone: 'Asia/Riyadh', workingWeekdays: [0, 1, 2, 3, 4], businessHours: { start: '08:30', end: '16:30' } } },
    { case: 'extra closure day', from: '2025-12-23T10:00:00-05:00', days: 2, expected: '2025-12-30T10:00:00-05:00', options: { closures: ['2025-12-24', '2025-12-26'] } },
  ])('$case', ({ from, days, expected, options }) => {
    const calendar = options ? createBusinessCalendar(options) : newYork;
    expect(calendar.addBusinessDays(new Date(from), days).toISOString()).toBe(
      new Date(expected).toISOString(),
    );
  });

  it.each([
    ['negative days', new Date('2026-05-12T10:00:00Z'), -1],
    ['fractional days', new Date('2026-05-12T10:00:00Z'), 1.5],
    ['NaN days', new Date('2026-05-12T10:00:00Z'), Number.NaN],
    ['an invalid Date', new Date('not a date'), 1],
  ])('rejects %s', (_, from, days) => {
    expect(() => newYork.addBusinessDays(from, days)).toThrow(RangeError);
  });

  it('does not mutate its argument', () => {
    const from = new Date('2026-05-16T11:00:00-04:00');
    newYork.addBusinessDays(from, 3);
    expect(from.toISOString()).toBe('2026-05-16T15:00:00.000Z');
  });
});

describe('isBusinessDay', () => {
  it.each<[string, boolean, string]>([
    ['2026-05-12', true, 'Tuesday'],
    ['2026-05-16', false, 'Saturday'],
    ['2026-05-17', false, 'Sunday'],
    ['2026-01-01', false, "New Year's Day"],
    ['2026-01-19', false, 'MLK Day'],
    ['1985-01-21', true, 'third Monday of January before MLK Day existed'],
    ['2026-06-19', false, 'Juneteenth'],
    ['2020-06-19', true, 'June 19 before Juneteenth became federal'],
    ['2026-07-03', false, 'Independence Day observed (Saturday July 4)'],
    ['2021-12-31', false, "New Year's Day 2022 observed in 2021"],
    ['2022-01-03', true, 'Monday after a Saturday New Year'],
    ['2023-01-02', false, "Sunday New Year's Day observed Monday"],
    ['2023-11-10', false, 'Veterans Day observed Friday'],
    ['2026-12-24', true, 'Christmas Eve is no federal holiday'],
  ])('%s → %s (%s)', (date, expected) => {
    expect(newYork.isBusinessDay(date)).toBe(expected);
  });

  it.each(['2026-02-30', '2026-2-3', '20260203', '2026-05-12T00:00:00Z', ''])(
    'rejects %j',
    (date) => {
      expect(() => newYork.isBusinessDay(date)).toThrow(RangeError);
    },
  );

  it('honours working weekdays', () => {
    const sundayToThursday = createBusinessCalendar({ workingWeekdays: [0, 1, 2, 3, 4] });
    expect(sundayToThursday.isBusinessDay('2026-05-17')).toBe(true);
    expect(sundayToThursday.isBusinessDay('2026-05-15')).toBe(false);
  });
});

describe('createBusinessCalendar', () => {
  it('stores its defaults', () => {
    expect(newYork).toMatchObject({
      timeZone: 'America/New_York',
      workingWeekdays: [1, 2, 3, 4, 5],
      businessHours: { start: '09:00', end: '17:00' },
      closures: [],
    });
  });

  it.each<[string, BusinessCalendarOptions]>([
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }],
    ['no working weekdays', { workingWeekdays: [] }],
    ['hours ending before they start', { businessHours: { start: '17:00', end: '09:00' } }],
    ['malformed hours', { businessHours: { start: '9am', end: '17:00' } }],
    ['a malformed closure', { closures: ['2025-13-01'] }],
  ])('rejects %s', (_, options) => {
    expect(() => createBusinessCalendar(options)).toThrow(RangeError);
  });
});

describe('federalHolidays', () => {
  it('lists a weekend holiday with its observed weekday', () => {
    expect(newYork.federalHolidays(2026).filter((h) => h.name === 'Independence Day')).toEqual([
      { date: '2026-07-03', name: 'Independence Day', observed: true },
      { date: '2026-07-04', name: 'Independence Day', observed: false },
    ]);
  });

  it("dates a Saturday New Year's Day's observance in the previous year", () => {
    const newYears = (year: number): FederalHoliday[] =>
      usFederalHolidays(year).filter((h) => h.name === "New Year's Day");
    expect(newYears(2021)).toEqual([
      { date: '2021-01-01', name: "New Year's Day", observed: false },
      { date: '2021-12-31', name: "New Year's Day", observed: true },
    ]);
    expect(newYears(2022)).toEqual([{ date: '2022-01-01', name: "New Year's Day", observed: false }]);
  });

  it.each([
    [1985, 9],
    [1986, 10],
    [2020, 11],
    [2021, 15],
  ])('%i has %i entries', (year, count) => {
    expect(usFederalHolidays(year)).toHaveLength(count);
  });
});

type HolidayData = {
  holidays: { date: string; holiday: string; observed_shift: boolean; weekday: string }[];
  special_federal_closures_not_in_6103: { date: string; name: string }[];
};

const DATA_URL = new URL(
  '../../../../shared/data/holidays/us_federal_holidays_2015_2029.derived.json',
  import.meta.url,
);
const data = existsSync(DATA_URL)
  ? (JSON.parse(readFileSync(DATA_URL, 'utf8')) as HolidayData)
  : undefined;
if (!data) console.info(`holiday data comparison skipped: ${fileURLToPath(DATA_URL)} not found`);

describe.skipIf(!data)('against the derived OPM/vacanza holiday data 2015–2029', () => {
  const holidays = data?.holidays ?? [];
  const specialClosures = data?.special_federal_closures_not_in_6103 ?? [];
  const years = Array.from({ length: 15 }, (_, i) => 2015 + i);

  it.each(years)('%i matches exactly, observed dates included', (year) => {
    const expected = holidays
      .filter((h) => h.date.startsWith(`${year}-`))
      .map((h) => ({ date: h.date, name: h.holiday, observed: h.observed_shift }))
      .sort((a, b) => a.date.localeCompare(b.date));
    expect(expected.length).toBeGreaterThan(0);
    expect(usFederalHolidays(year)).toEqual(expected);
  });

  it('every listed date is a non-business day', () => {
    expect(holidays.filter((h) => newYork.isBusinessDay(h.date))).toEqual([]);
  });

  it('special one-off closures are not holidays by rule, but close when configured', () => {
    expect(specialClosures.length).toBeGreaterThan(0);
    const dates = specialClosures.map((c) => c.date);
    for (const date of dates) {
      const year = Number(date.slice(0, 4));
      expect(usFederalHolidays(year).map((h) => h.date)).not.toContain(date);
      expect(newYork.isBusinessDay(date), date).toBe(true);
    }
    const withClosures = createBusinessCalendar({ closures: dates });
    expect(dates.filter((date) => withClosures.isBusinessDay(date))).toEqual([]);
  });
});
