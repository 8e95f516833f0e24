import { presetDays } from './dashboard-presets';

describe('dashboard presets', () => {
  const HELSINKI = 'Europe/Helsinki';

  it('names the business calendar’s days: 01:30 on 1 April in Helsinki is April, not March', () => {
    // 22:30 UTC on 31 March 2026 is 01:30 on 1 April in Helsinki (UTC+3 since 29 March).
    const now = new Date('2026-03-31T22:30:00Z');
    expect(presetDays('thisMonth', now, HELSINKI)).toEqual({
      from: '2026-04-01',
      to: '2026-04-01',
    });
    expect(presetDays('lastMonth', now, HELSINKI)).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
    });
    expect(presetDays('thisQuarter', now, HELSINKI)).toEqual({
      from: '2026-04-01',
      to: '2026-04-01',
    });
    expect(presetDays('last7', now, HELSINKI)).toEqual({ from: '2026-03-26', to: '2026-04-01' });
    // The same moment in UTC is still the first quarter.
    expect(presetDays('thisMonth', now, 'UTC')).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(presetDays('thisQuarter', now, 'UTC')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
  });

  it('keeps the old year west of UTC: 22:00 on New Year’s Eve in New York', () => {
    const now = new Date('2026-01-01T03:00:00Z');
    const zone = 'America/New_York';
    expect(presetDays('thisMonth', now, zone)).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetDays('lastMonth', now, zone)).toEqual({ from: '2025-11-01', to: '2025-11-30' });
    expect(presetDays('thisQuarter', now, zone)).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(presetDays('thisMonth', now, HELSINKI)).toEqual({
      from: '2026-01-01',
      to: '2026-01-01',
    });
  });

  it('ends last month on its own last day, across a year and in a leap year', () => {
    expect(presetDays('lastMonth', new Date('2026-01-10T12:00:00Z'), HELSINKI)).toEqual({
      from: '2025-12-01',
      to: '2025-12-31',
    });
    expect(presetDays('lastMonth', new Date('2024-03-15T12:00:00Z'), HELSINKI)).toEqual({
      from: '2024-02-01',
      to: '2024-02-29',
    });
    expect(presetDays('thisQuarter', new Date('2026-08-20T12:00:00Z'), HELSINKI)).toEqual({
      from: '2026-07-01',
      to: '2026-08-20',
    });
  });

  it('counts today in the last 7 and 30 days, across the change to summer time', () => {
    // Helsinki moves its clocks on 29 March 2026: still 30 whole days.
    expect(presetDays('last30', new Date('2026-04-10T21:30:00Z'), HELSINKI)).toEqual({
      from: '2026-03-13',
      to: '2026-04-11',
    });
    expect(presetDays('last7', new Date('2026-04-10T12:00:00Z'), HELSINKI)).toEqual({
      from: '2026-04-04',
      to: '2026-04-10',
    });
  });
});
