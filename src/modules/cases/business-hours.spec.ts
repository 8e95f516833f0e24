import {
  addBusinessHours,
  BusinessCalendar,
  DEFAULT_CALENDAR,
  validateCalendar,
  zonedTimeToUtc,
} from './business-hours';

/** Europe/Helsinki is UTC+2 in winter (EET) and UTC+3 in summer (EEST). */
const helsinki = DEFAULT_CALENDAR;
const at = (iso: string) => new Date(iso);
const add = (startIso: string, hours: number, calendar: BusinessCalendar = helsinki) =>
  addBusinessHours(at(startIso), hours, calendar).toISOString();

describe('DEFAULT_CALENDAR', () => {
  it('is Helsinki, Monday to Friday, 08:00–16:00, without holidays, and valid', () => {
    expect(DEFAULT_CALENDAR).toEqual({
      timeZone: 'Europe/Helsinki',
      weekdays: [1, 2, 3, 4, 5],
      opensAt: '08:00',
      closesAt: '16:00',
      holidays: [],
    });
    expect(() => validateCalendar(DEFAULT_CALENDAR)).not.toThrow();
  });
});

describe('addBusinessHours in Europe/Helsinki, 08:00–16:00 on weekdays', () => {
  it('stays within one day', () => {
    // Tue 2026-01-06 09:00 local + 3 h → 12:00 local.
    expect(add('2026-01-06T07:00:00Z', 3)).toBe('2026-01-06T10:00:00.000Z');
  });

  it('ends at closing time when the hours use up the day exactly', () => {
    expect(add('2026-01-06T06:00:00Z', 8)).toBe('2026-01-06T14:00:00.000Z');
  });

  it('carries over a night', () => {
    // Tue 14:00 + 4 h: two hours on Tuesday, two on Wednesday → Wed 10:00 local.
    expect(add('2026-01-06T12:00:00Z', 4)).toBe('2026-01-07T08:00:00.000Z');
  });

  it('carries over a weekend: Fri 15:00 + 2 h → Mon 09:00', () => {
    // Fri 2026-06-05 15:00 EEST → Mon 2026-06-08 09:00 EEST.
    expect(add('2026-06-05T12:00:00Z', 2)).toBe('2026-06-08T06:00:00.000Z');
  });

  it('starts counting at opening when started before opening', () => {
    // Tue 06:30 local + 1 h → 09:00 local.
    expect(add('2026-01-06T04:30:00Z', 1)).toBe('2026-01-06T07:00:00.000Z');
  });

  it('starts counting at the next opening when started after closing', () => {
    // Tue 18:00 local + 1 h → Wed 09:00 local.
    expect(add('2026-01-06T16:00:00Z', 1)).toBe('2026-01-07T07:00:00.000Z');
  });

  it('uses the local date, not the UTC date, just after local midnight', () => {
    // Wed 00:30 local is still Tuesday in UTC; the next opening is Wednesday 08:00 local.
    expect(add('2026-01-06T22:30:00Z', 1)).toBe('2026-01-07T07:00:00.000Z');
  });

  it('starts counting on Monday when started on a weekend', () => {
    // Sat 2026-01-10 12:00 local + 1 h → Mon 2026-01-12 09:00 local.
    expect(add('2026-01-10T10:00:00Z', 1)).toBe('2026-01-12T07:00:00.000Z');
  });

  it('skips holidays, whether started on one or passing over them', () => {
    const christmas = { ...helsinki, holidays: ['2026-12-24', '2026-12-25'] };
    // Thu 2026-12-24 10:00 local (holiday) + 1 h → Mon 2026-12-28 09:00 local.
    expect(add('2026-12-24T08:00:00Z', 1, christmas)).toBe('2026-12-28T07:00:00.000Z');
    // Wed 2026-12-23 15:00 local + 2 h → Mon 2026-12-28 09:00 local.
    expect(add('2026-12-23T13:00:00Z', 2, christmas)).toBe('2026-12-28T07:00:00.000Z');
    // Without the holidays the same start ends on Thursday.
    expect(add('2026-12-23T13:00:00Z', 2)).toBe('2026-12-24T07:00:00.000Z');
  });

  it('returns the start for 0 hours when open, otherwise the next opening', () => {
    expect(add('2026-01-06T09:15:30.250Z', 0)).toBe('2026-01-06T09:15:30.250Z');
    // Opening hours are [08:00, 16:00): at 16:00 sharp the office is closed.
    expect(add('2026-01-06T14:00:00Z', 0)).toBe('2026-01-07T06:00:00.000Z');
    // Sat → Mon 08:00 local.
    expect(add('2026-01-10T10:00:00Z', 0)).toBe('2026-01-12T06:00:00.000Z');
  });

  it('accepts fractional hours', () => {
    // Tue 15:30 + 1.25 h: 30 min on Tuesday, 45 min on Wednesday → Wed 08:45 local.
    expect(add('2026-01-06T13:30:00Z', 1.25)).toBe('2026-01-07T06:45:00.000Z');
    expect(add('2026-01-06T07:00:00Z', 0.1)).toBe('2026-01-06T07:06:00.000Z');
    expect(add('2026-01-06T07:00:00Z', 1 / 3)).toBe('2026-01-06T07:20:00.000Z');
  });

  it('computes a 240-hour SLA as 30 business days of 8 hours', () => {
    // Mon 2026-01-05 08:00 local + 240 h → the close of the 30th business day, Fri 2026-02-13.
    expect(add('2026-01-05T06:00:00Z', 240)).toBe('2026-02-13T14:00:00.000Z');
    // From Monday noon: 4 h that day, 29 full days, 4 h on Mon 2026-02-16 → 12:00 local.
    expect(add('2026-01-05T10:00:00Z', 240)).toBe('2026-02-16T10:00:00.000Z');
  });

  it('computes a 240-hour SLA by whole days, not minute by minute', () => {
    const start = at('2026-01-05T10:00:00Z');
    addBusinessHours(start, 240, helsinki); // warm the formatter cache
    const runs = 50;
    const began = performance.now();
    for (let run = 0; run < runs; run++) addBusinessHours(start, 240, helsinki);
    // About 0.25 ms on a quiet machine; the bound leaves room for a busy CI runner, while a
    // minute-by-minute walk (some 60,000 steps) would take tens of milliseconds.
    expect((performance.now() - began) / runs).toBeLessThan(5);
  });
});

describe('addBusinessHours across daylight saving changes in Europe/Helsinki', () => {
  it('spans the last Sunday of March (clocks go forward, UTC+2 → UTC+3)', () => {
    // Fri 2026-03-27 15:00 EET + 2 h → Mon 2026-03-30 09:00 EEST, which is 06:00Z, not 07:00Z.
    expect(add('2026-03-27T13:00:00Z', 2)).toBe('2026-03-30T06:00:00.000Z');
    // Opening on the Monday is 08:00 EEST = 05:00Z.
    expect(add('2026-03-28T10:00:00Z', 0)).toBe('2026-03-30T05:00:00.000Z');
  });

  it('spans the last Sunday of October (clocks go back, UTC+3 → UTC+2)', () => {
    // Fri 2026-10-23 15:00 EEST + 2 h → Mon 2026-10-26 09:00 EET, which is 07:00Z, not 06:00Z.
    expect(add('2026-10-23T12:00:00Z', 2)).toBe('2026-10-26T07:00:00.000Z');
    expect(add('2026-10-24T10:00:00Z', 0)).toBe('2026-10-26T06:00:00.000Z');
  });

  it('counts elapsed time in an opening period that spans the change', () => {
    const allDay = {
      ...helsinki,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      opensAt: '00:00',
      closesAt: '24:00',
    };
    // Sunday 2026-03-29 lasts 23 hours: 24 h from its midnight is 01:00 local on Monday.
    expect(add('2026-03-28T22:00:00Z', 24, allDay)).toBe('2026-03-29T22:00:00.000Z');
    // Sunday 2026-10-25 lasts 25 hours.
    expect(add('2026-10-24T21:00:00Z', 25, allDay)).toBe('2026-10-25T22:00:00.000Z');
  });

  it('closes at the moment of the change when closing time falls in the gap', () => {
    // 03:30 does not exist on 2026-03-29; the first valid instant after it is 04:00 EEST (01:00Z).
    const night = {
      ...helsinki,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      opensAt: '00:00',
      closesAt: '03:30',
    };
    // Sunday opens 00:00 EET (22:00Z Saturday) and closes at 01:00Z: three hours of open time.
    expect(add('2026-03-28T22:00:00Z', 3, night)).toBe('2026-03-29T01:00:00.000Z');
    // Half an hour more lands on Monday 00:30 EEST.
    expect(add('2026-03-28T22:00:00Z', 3.5, night)).toBe('2026-03-29T21:30:00.000Z');
  });
});

describe('addBusinessHours with 24-hour weekdays in UTC', () => {
  const utcWeekdays: BusinessCalendar = {
    timeZone: 'UTC',
    weekdays: [1, 2, 3, 4, 5],
    opensAt: '00:00',
    closesAt: '24:00',
    holidays: [],
  };

  it.each([0, 0.5, 7, 24, 30, 100.25, 119.75])('Mon 00:00 + %p h is simply start + hours', (h) => {
    const start = at('2026-01-05T00:00:00Z');
    expect(addBusinessHours(start, h, utcWeekdays).getTime()).toBe(start.getTime() + h * 3_600_000);
  });

  it('is start + hours from a mid-week start, and ends on Friday at 24:00 at most', () => {
    expect(add('2026-01-06T10:00:00Z', 30, utcWeekdays)).toBe('2026-01-07T16:00:00.000Z');
    expect(add('2026-01-05T00:00:00Z', 120, utcWeekdays)).toBe('2026-01-10T00:00:00.000Z');
  });

  it('skips the weekend', () => {
    // Fri 20:00 + 10 h: 4 h on Friday, 6 h on Monday.
    expect(add('2026-01-09T20:00:00Z', 10, utcWeekdays)).toBe('2026-01-12T06:00:00.000Z');
    expect(add('2026-01-10T12:00:00Z', 0, utcWeekdays)).toBe('2026-01-12T00:00:00.000Z');
  });
});

describe('zonedTimeToUtc', () => {
  const utc = (...args: Parameters<typeof zonedTimeToUtc>) => zonedTimeToUtc(...args).toISOString();

  it('converts ordinary local times in winter and summer', () => {
    expect(utc(2026, 1, 6, 8, 0, 'Europe/Helsinki')).toBe('2026-01-06T06:00:00.000Z');
    expect(utc(2026, 7, 6, 8, 0, 'Europe/Helsinki')).toBe('2026-07-06T05:00:00.000Z');
    expect(utc(2026, 1, 1, 0, 0, 'Asia/Kolkata')).toBe('2025-12-31T18:30:00.000Z');
    expect(utc(2026, 7, 6, 8, 0, 'America/New_York')).toBe('2026-07-06T12:00:00.000Z');
  });

  it('reads hour 24 as midnight at the end of the day', () => {
    expect(utc(2026, 1, 6, 24, 0, 'Europe/Helsinki')).toBe('2026-01-06T22:00:00.000Z');
  });

  it('gives the first valid instant after a local time in the spring-forward gap', () => {
    // Helsinki skips 03:00–04:00 on 2026-03-29; the change is at 01:00Z.
    expect(utc(2026, 3, 29, 3, 0, 'Europe/Helsinki')).toBe('2026-03-29T01:00:00.000Z');
    expect(utc(2026, 3, 29, 3, 30, 'Europe/Helsinki')).toBe('2026-03-29T01:00:00.000Z');
    expect(utc(2026, 3, 29, 4, 0, 'Europe/Helsinki')).toBe('2026-03-29T01:00:00.000Z');
    expect(utc(2026, 3, 29, 2, 59, 'Europe/Helsinki')).toBe('2026-03-29T00:59:00.000Z');
    // New York skips 02:00–03:00 on 2026-03-08; the change is at 07:00Z.
    expect(utc(2026, 3, 8, 2, 30, 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
  });

  it('gives the earlier instant for a local time that occurs twice', () => {
    // Helsinki repeats 03:00–04:00 on 2026-10-25: 03:30 EEST (00:30Z), then 03:30 EET (01:30Z).
    expect(utc(2026, 10, 25, 3, 30, 'Europe/Helsinki')).toBe('2026-10-25T00:30:00.000Z');
    expect(utc(2026, 10, 25, 4, 0, 'Europe/Helsinki')).toBe('2026-10-25T02:00:00.000Z');
    // New York repeats 01:00–02:00 on 2026-11-01: 01:30 EDT (05:30Z), then 01:30 EST (06:30Z).
    expect(utc(2026, 11, 1, 1, 30, 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
  });

  it('is exact around a change that falls mid-hour in UTC, asked once or again (memoised)', () => {
    // Adelaide changes between UTC+9:30 and UTC+10:30 at 16:30Z, inside a UTC clock hour.
    for (let round = 0; round < 2; round++) {
      // Forward on 2026-10-04: 02:00 ACST becomes 03:00 ACDT.
      expect(utc(2026, 10, 4, 1, 59, 'Australia/Adelaide')).toBe('2026-10-03T16:29:00.000Z');
      expect(utc(2026, 10, 4, 2, 30, 'Australia/Adelaide')).toBe('2026-10-03T16:30:00.000Z');
      expect(utc(2026, 10, 4, 3, 30, 'Australia/Adelaide')).toBe('2026-10-03T17:00:00.000Z');
      // Back on 2026-04-05: 03:00 ACDT becomes 02:00 ACST; 02:30 happens twice.
      expect(utc(2026, 4, 5, 2, 30, 'Australia/Adelaide')).toBe('2026-04-04T16:00:00.000Z');
      expect(utc(2026, 4, 5, 3, 0, 'Australia/Adelaide')).toBe('2026-04-04T17:30:00.000Z');
      expect(utc(2026, 4, 5, 8, 0, 'Australia/Adelaide')).toBe('2026-04-04T22:30:00.000Z');
    }
  });
});

describe('invalid input', () => {
  const invalid: [string, Partial<BusinessCalendar>, RegExp][] = [
    ['no weekdays', { weekdays: [] }, /no weekdays/],
    ['weekday 0', { weekdays: [0, 1] }, /weekday 0 is not an ISO weekday/],
    ['weekday 8', { weekdays: [8] }, /weekday 8 is not an ISO weekday/],
    ['fractional weekday', { weekdays: [1.5] }, /weekday 1.5 is not an ISO weekday/],
    ['opens at closing', { opensAt: '16:00' }, /opensAt 16:00 must be before closesAt 16:00/],
    ['opens after closing', { opensAt: '17:00' }, /opensAt 17:00 must be before closesAt 16:00/],
    ['opens at 24:00', { opensAt: '24:00', closesAt: '24:00' }, /opensAt 24:00 must be before/],
    ['unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, /timeZone "Mars\/Olympus_Mons"/],
    ['empty time zone', { timeZone: '' }, /timeZone is missing/],
    ['one-digit hour', { opensAt: '8:00' }, /opensAt "8:00" is not a time of day in HH:MM/],
    ['hour 25', { closesAt: '25:00' }, /closesAt "25:00" is not a time of day/],
    ['minute 60', { opensAt: '12:60' }, /opensAt "12:60" is not a time of day/],
    ['past 24:00', { closesAt: '24:30' }, /closesAt "24:30" is not a time of day/],
    [
      'impossible holiday',
      { holidays: ['2026-02-30'] },
      /holiday "2026-02-30" is not a YYYY-MM-DD/,
    ],
    [
      'badly written holiday',
      { holidays: ['6.12.2026'] },
      /holiday "6.12.2026" is not a YYYY-MM-DD/,
    ],
  ];

  it.each(invalid)('rejects a calendar with %s', (_name, change, message) => {
    const calendar = { ...helsinki, ...change };
    expect(() => validateCalendar(calendar)).toThrow(message);
    expect(() => addBusinessHours(at('2026-01-06T07:00:00Z'), 1, calendar)).toThrow(message);
  });

  it('rejects negative, infinite or NaN hours and an invalid start', () => {
    const start = at('2026-01-06T07:00:00Z');
    expect(() => addBusinessHours(start, -1, helsinki)).toThrow(/hours must be a finite number/);
    expect(() => addBusinessHours(start, Infinity, helsinki)).toThrow(/hours must be a finite/);
    expect(() => addBusinessHours(start, NaN, helsinki)).toThrow(/hours must be a finite/);
    expect(() => addBusinessHours(at('not a date'), 1, helsinki)).toThrow(/not a valid Date/);
  });

  it('refuses to search more than ten years ahead', () => {
    expect(() => addBusinessHours(at('2026-01-06T07:00:00Z'), 1e6, helsinki)).toThrow(
      /more than ten years ahead/,
    );
  });
});
