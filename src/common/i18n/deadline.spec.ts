import { deadlineText } from './deadline';

describe('deadlineText', () => {
  const wednesday = new Date('2026-12-09T14:00:00Z');

  it('says the weekday, date and time in the calendar zone, in each language', () => {
    expect(deadlineText('en', wednesday, 'Europe/Helsinki')).toBe('Wednesday 9 December, 16:00');
    expect(deadlineText('fi', wednesday, 'Europe/Helsinki')).toBe('keskiviikkona 9.12. klo 16.00');
  });

  it('follows the zone across midnight and daylight saving', () => {
    expect(deadlineText('en', new Date('2026-12-09T22:30:00Z'), 'Europe/Helsinki')).toBe(
      'Thursday 10 December, 00:30',
    );
    expect(deadlineText('en', new Date('2026-07-01T05:00:00Z'), 'Europe/Helsinki')).toBe(
      'Wednesday 1 July, 08:00',
    );
    expect(deadlineText('fi', new Date('2026-07-03T05:05:00Z'), 'Europe/Helsinki')).toBe(
      'perjantaina 3.7. klo 08.05',
    );
  });
});
