import { zonedTimeToUtc } from '../cases/business-hours';
import { localDay } from './digest-schedule';

/**
 * When the managers' weekly digest goes out: Mondays at 08:00 in the business calendar's time
 * zone, about the seven days before (Monday to Sunday, counted as every report counts days: whole
 * UTC days, what the rollups hold). A run a little late still sends within the window; after it,
 * the week is skipped rather than told on a Tuesday.
 */
export const WEEKLY_DIGEST_HOUR = 8;
export const WEEKLY_WINDOW_MS = 6 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The week a digest tells of: its first and the day after its last ('YYYY-MM-DD'). */
export interface DigestWeek {
  from: string;
  to: string;
}

/** The week whose digest is due at `now`, or null outside Monday morning's window. */
export function weekDueAt(now: Date, timeZone: string): DigestWeek | null {
  const today = localDay(now, timeZone);
  if (weekday(today) !== 1) return null;
  const since = now.getTime() - mondayMorning(today, timeZone).getTime();
  if (since < 0 || since >= WEEKLY_WINDOW_MS) return null;
  return { from: addDays(today, -7), to: today };
}

/** The next Monday 08:00 after `now`, where `timeZone` is. */
export function nextWeeklyDigestAt(now: Date, timeZone: string): Date {
  const today = localDay(now, timeZone);
  const monday = addDays(today, (8 - weekday(today)) % 7);
  const due = mondayMorning(monday, timeZone);
  // Monday after 08:00: next week's.
  return due.getTime() > now.getTime() ? due : mondayMorning(addDays(monday, 7), timeZone);
}

/** 1 for Monday … 7 for Sunday. */
function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function mondayMorning(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  return zonedTimeToUtc(year, month, date, WEEKLY_DIGEST_HOUR, 0, timeZone);
}

/** "30 November – 6 December 2026": the week's first and last day, as a person reads them. */
export function weekWords(week: DigestWeek): string {
  const first = new Date(`${week.from}T00:00:00Z`);
  const last = new Date(Date.parse(`${week.to}T00:00:00Z`) - DAY_MS);
  const words = (at: Date, withYear: boolean) =>
    at.toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      ...(withYear ? { year: 'numeric' } : {}),
      timeZone: 'UTC',
    });
  return `${words(first, first.getUTCFullYear() !== last.getUTCFullYear())} – ${words(last, true)}`;
}
