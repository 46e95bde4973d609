import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from './business-calendar.js';
import { firstResponseBusinessDays, firstResponseDue } from './sla.js';

const newYork = createBusinessCalendar({ timeZone: 'America/New_York' });

describe('firstResponseDue', () => {
  it.each([
    { case: 'anonymous customer, Monday', at: '2026-05-11T10:00:00-04:00', registered: false, expected: '2026-05-14T10:00:00-04:00' },
    { case: 'registered customer, Monday', at: '2026-05-11T10:00:00-04:00', registered: true, expected: '2026-05-13T10:00:00-04:00' },
    { case: 'anonymous customer, Thursday over the weekend', at: '2026-05-14T15:00:00-04:00', registered: false, expected: '2026-05-19T15:00:00-04:00' },
    { case: 'registered customer, Thursday over the weekend', at: '2026-05-14T15:00:00-04:00', registered: true, expected: '2026-05-18T15:00:00-04:00' },
    { case: 'registered customer before Memorial Day', at: '2026-05-22T12:00:00-04:00', registered: true, expected: '2026-05-27T12:00:00-04:00' },
    { case: 'registered customer on a Saturday gets 2 full days', at: '2026-05-16T11:00:00-04:00', registered: true, expected: '2026-05-20T09:00:00-04:00' },
  ])('$case', ({ at, registered, expected }) => {
    expect(firstResponseDue(newYork, new Date(at), { customerRegistered: registered }).getTime()).toBe(new Date(expected).getTime());
  });

  it('gives registered customers one business day less than everyone else', () => {
    expect(firstResponseBusinessDays({ customerRegistered: false })).toBe(3);
    expect(firstResponseBusinessDays({ customerRegistered: true })).toBe(2);
  });
});
