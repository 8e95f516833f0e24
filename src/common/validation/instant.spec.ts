import { instantOf } from './instant';

describe('a date or time from a query', () => {
  it('reads dates and UTC or offset times', () => {
    expect(instantOf('from', '2026-12-07')).toEqual(new Date('2026-12-07T00:00:00Z'));
    expect(instantOf('from', '2026-12-07T10:00:00Z')).toEqual(new Date('2026-12-07T10:00:00Z'));
    expect(instantOf('from', '2026-12-07T10:00:00+02:00')).toEqual(
      new Date('2026-12-07T08:00:00Z'),
    );
    expect(instantOf('from', undefined)).toBeUndefined();
  });

  it('refuses week dates, ordinal days and days that do not exist with a 400', () => {
    for (const value of ['2026-W01', '2026-123', '2026-02-30', '2026-13-01', 'soon']) {
      expect(() => instantOf('to', value)).toThrow(
        expect.objectContaining({ code: 'validation_failed' }),
      );
    }
  });
});
