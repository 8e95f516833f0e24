import { escalationTimes } from './escalation-steps';

const ROUND_THE_CLOCK = {
  timeZone: 'UTC',
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  opensAt: '00:00',
  closesAt: '24:00',
  holidays: [],
};
const OFFICE = {
  timeZone: 'Europe/Helsinki',
  weekdays: [1, 2, 3, 4, 5],
  opensAt: '08:00',
  closesAt: '16:00',
  holidays: [],
};

describe('escalation times', () => {
  it('warn at three quarters of each deadline and escalate at the deadline', () => {
    const opened = new Date('2026-11-23T10:00:00Z');
    const times = escalationTimes(
      opened,
      { firstContactHours: 24, resolutionHours: 240 },
      ROUND_THE_CLOCK,
    );
    expect(times).toEqual({
      first_contact_warning: new Date('2026-11-24T04:00:00Z'),
      first_contact_overdue: new Date('2026-11-24T10:00:00Z'),
      resolution_warning: new Date('2026-11-30T22:00:00Z'),
      resolution_overdue: new Date('2026-12-03T10:00:00Z'),
    });
  });

  it('count business hours: a Friday afternoon case warns on Monday', () => {
    // Friday 27 November 2026, 14:00 in Helsinki (UTC+2): 2 open hours left that day.
    const opened = new Date('2026-11-27T12:00:00Z');
    const times = escalationTimes(opened, { firstContactHours: 8, resolutionHours: 16 }, OFFICE);
    // 6 business hours: 2 on Friday, then 08:00 + 4 h on Monday = 12:00 Helsinki.
    expect(times.first_contact_warning).toEqual(new Date('2026-11-30T10:00:00Z'));
    expect(times.first_contact_overdue).toEqual(new Date('2026-11-30T12:00:00Z'));
    expect(times.resolution_overdue).toEqual(new Date('2026-12-01T12:00:00Z'));
  });
});
