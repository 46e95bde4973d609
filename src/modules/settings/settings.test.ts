import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, checkCalendarSettings, checkContactSettings, type CalendarSettings, type ContactSettings } from './settings.js';

describe('checkContactSettings', () => {
  it.each<[string, ContactSettings['openingHours'], string[]]>([
    ['no hours', {}, []],
    ['a normal day', { mon: [{ open: '08:00', close: '20:00' }] }, []],
    ['a split day', { sat: [{ open: '13:00', close: '17:00' }, { open: '09:00', close: '12:00' }] }, []],
    ['closing before opening', { mon: [{ open: '20:00', close: '08:00' }] }, ['openingHours.mon']],
    ['overlapping ranges', { tue: [{ open: '09:00', close: '13:00' }, { open: '12:00', close: '17:00' }] }, ['openingHours.tue']],
  ])('%s', (_name, openingHours, fields) => {
    expect(Object.keys(checkContactSettings({ phones: [], openingHours }))).toEqual(fields);
  });
});

describe('checkCalendarSettings', () => {
  it.each<[string, Partial<CalendarSettings>, string[]]>([
    ['the default', {}, []],
    ['hours ending before they start', { businessHours: { start: '17:00', end: '09:00' } }, ['businessHours']],
    ['a closure day', { closureDays: [{ date: '2025-12-24', name: 'Christmas Eve' }] }, []],
    ['an impossible date', { closureDays: [{ date: '2025-02-30', name: 'Nope' }] }, ['closureDays.0.date']],
    ['a date listed twice', { closureDays: [{ date: '2025-12-24', name: 'A' }, { date: '2025-12-24', name: 'B' }] }, ['closureDays.1.date']],
  ])('%s', (_name, change, fields) => {
    expect(Object.keys(checkCalendarSettings({ ...DEFAULT_CALENDAR, ...change }))).toEqual(fields);
  });
});
