import { nextWeeklyDigestAt, weekDueAt, weekWords } from './weekly-schedule';

describe('the weekly digest schedule', () => {
  const zone = 'Europe/Helsinki';

  it('is due on Monday from 08:00 local for six hours, about the seven days before', () => {
    // Monday 7 December 2026, 08:00 in Helsinki is 06:00 UTC.
    expect(weekDueAt(new Date('2026-12-07T06:00:00Z'), zone)).toEqual({
      from: '2026-11-30',
      to: '2026-12-07',
    });
    expect(weekDueAt(new Date('2026-12-07T11:59:00Z'), zone)).not.toBeNull();
    expect(weekDueAt(new Date('2026-12-07T05:59:00Z'), zone)).toBeNull();
    expect(weekDueAt(new Date('2026-12-07T12:00:00Z'), zone)).toBeNull();
    expect(weekDueAt(new Date('2026-12-08T06:00:00Z'), zone)).toBeNull();
  });

  it('is due on the local Monday even where UTC still says Sunday', () => {
    // Monday 00:30 in Tokyo is Sunday 15:30 UTC; 08:00 there is 23:00 UTC on Sunday.
    expect(weekDueAt(new Date('2026-12-06T23:00:00Z'), 'Asia/Tokyo')).toEqual({
      from: '2026-11-30',
      to: '2026-12-07',
    });
  });

  it('comes next on the coming Monday at 08:00, summer time or not', () => {
    expect(nextWeeklyDigestAt(new Date('2026-12-07T06:00:00Z'), zone)).toEqual(
      new Date('2026-12-14T06:00:00Z'),
    );
    expect(nextWeeklyDigestAt(new Date('2026-12-07T05:00:00Z'), zone)).toEqual(
      new Date('2026-12-07T06:00:00Z'),
    );
    // Wednesday 1 July 2026: the next Monday is 6 July, 08:00 summer time (05:00 UTC).
    expect(nextWeeklyDigestAt(new Date('2026-07-01T12:00:00Z'), zone)).toEqual(
      new Date('2026-07-06T05:00:00Z'),
    );
  });

  it('says the week in words', () => {
    expect(weekWords({ from: '2026-11-30', to: '2026-12-07' })).toBe(
      '30 November – 6 December 2026',
    );
    expect(weekWords({ from: '2026-12-28', to: '2027-01-04' })).toBe(
      '28 December 2026 – 3 January 2027',
    );
  });
});
