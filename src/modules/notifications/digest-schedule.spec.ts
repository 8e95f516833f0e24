import { DEFAULT_CALENDAR } from '../cases/business-hours';
import { digestDayAt, nextDigestAt } from './digest-schedule';

/** Europe/Helsinki, Mon–Fri 08:00–16:00: UTC+2 in winter, UTC+3 in summer. */
describe('the morning digest schedule', () => {
  const calendar = DEFAULT_CALENDAR;

  it("is due from a working day's opening for two hours, in the calendar's zone", () => {
    // Wednesday 9 December 2026, 08:00 in Helsinki is 06:00 UTC.
    expect(digestDayAt(new Date('2026-12-09T05:59:59Z'), calendar)).toBeNull();
    expect(digestDayAt(new Date('2026-12-09T06:00:00Z'), calendar)).toBe('2026-12-09');
    expect(digestDayAt(new Date('2026-12-09T07:59:59Z'), calendar)).toBe('2026-12-09');
    expect(digestDayAt(new Date('2026-12-09T08:00:00Z'), calendar)).toBeNull();
  });

  it('is not due on a weekend or a holiday', () => {
    expect(digestDayAt(new Date('2026-12-12T06:30:00Z'), calendar)).toBeNull(); // Saturday
    const holiday = { ...calendar, holidays: ['2026-12-09'] };
    expect(digestDayAt(new Date('2026-12-09T06:30:00Z'), holiday)).toBeNull();
  });

  it('comes next at the next working morning, across weekends and summer time', () => {
    // Friday after opening: Monday 08:00.
    expect(nextDigestAt(new Date('2026-12-11T06:00:00Z'), calendar)).toEqual(
      new Date('2026-12-14T06:00:00Z'),
    );
    // Before Wednesday's opening: that opening.
    expect(nextDigestAt(new Date('2026-12-09T01:00:00Z'), calendar)).toEqual(
      new Date('2026-12-09T06:00:00Z'),
    );
    // Friday 27 March 2026 evening: Monday 30 March 08:00 is summer time (UTC+3).
    expect(nextDigestAt(new Date('2026-03-27T18:00:00Z'), calendar)).toEqual(
      new Date('2026-03-30T05:00:00Z'),
    );
  });

  it("counts the local day in the calendar's zone, not UTC's", () => {
    // 23:30 UTC on Tuesday is already Wednesday 01:30 in Helsinki: its opening comes next.
    expect(nextDigestAt(new Date('2026-12-08T23:30:00Z'), calendar)).toEqual(
      new Date('2026-12-09T06:00:00Z'),
    );
    const tokyo = { ...calendar, timeZone: 'Asia/Tokyo', opensAt: '09:00' };
    // Sunday 22:00 UTC is Monday 07:00 in Tokyo; Monday 09:00 there is 00:00 UTC.
    expect(nextDigestAt(new Date('2026-12-13T22:00:00Z'), tokyo)).toEqual(
      new Date('2026-12-14T00:00:00Z'),
    );
    expect(digestDayAt(new Date('2026-12-14T00:30:00Z'), tokyo)).toBe('2026-12-14');
  });
});
