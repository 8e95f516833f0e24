import { type BusinessCalendar, zonedTimeToUtc } from '../cases/business-hours';

/**
 * When the morning digest goes out: at the business calendar's opening time on each open day
 * (its weekdays, not its holidays), in its time zone. A run a little late (a worker restarting)
 * still sends that day's digest within the window; later in the day it waits for tomorrow's.
 */
export const DIGEST_WINDOW_MS = 2 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The open day whose digest is due at `now` ('YYYY-MM-DD', local), or null outside the window. */
export function digestDayAt(now: Date, calendar: BusinessCalendar): string | null {
  const day = localDay(now, calendar.timeZone);
  if (!isOpen(day, calendar)) return null;
  const opens = openingOf(day, calendar);
  const since = now.getTime() - opens.getTime();
  return since >= 0 && since < DIGEST_WINDOW_MS ? day : null;
}

/** The next opening time of an open day after `now`: when the next digest is due. */
export function nextDigestAt(now: Date, calendar: BusinessCalendar): Date {
  const today = localDay(now, calendar.timeZone);
  for (let offset = 0; offset <= 366; offset += 1) {
    const day = new Date(Date.parse(`${today}T00:00:00Z`) + offset * DAY_MS)
      .toISOString()
      .slice(0, 10);
    if (!isOpen(day, calendar)) continue;
    const opens = openingOf(day, calendar);
    if (opens.getTime() > now.getTime()) return opens;
  }
  // A calendar with no open day in a year (holidays everywhere): look again tomorrow.
  return new Date(now.getTime() + DAY_MS);
}

/** The date at `at` where `timeZone` is ('YYYY-MM-DD'). */
export function localDay(at: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

function isOpen(day: string, calendar: BusinessCalendar): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
  return calendar.weekdays.includes(weekday) && !calendar.holidays.includes(day);
}

function openingOf(day: string, calendar: BusinessCalendar): Date {
  const [year, month, date] = day.split('-').map(Number);
  const [hour, minute] = calendar.opensAt.split(':').map(Number);
  return zonedTimeToUtc(year, month, date, hour, minute, calendar.timeZone);
}
