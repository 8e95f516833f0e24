/**
 * The dashboard's periods by name: the last 7 or 30 days, this month, last month, this quarter.
 * Which days they are depends on where the company is: at 01:00 on 1 April in Helsinki it is
 * still March in UTC, and "this month" is April. So today is the business calendar's today (its
 * time zone); the days themselves are then counted as every report counts them (whole UTC days,
 * what the rollups hold).
 */
export const DASHBOARD_PRESETS = [
  'last7',
  'last30',
  'thisMonth',
  'lastMonth',
  'thisQuarter',
] as const;
export type DashboardPreset = (typeof DASHBOARD_PRESETS)[number];

/** When no period is asked for. */
export const DEFAULT_PRESET: DashboardPreset = 'last30';

/** A period as a person picks it: the first and the last day, both included ('YYYY-MM-DD'). */
export interface DayRange {
  from: string;
  to: string;
}

export function isPreset(value: unknown): value is DashboardPreset {
  return typeof value === 'string' && (DASHBOARD_PRESETS as readonly string[]).includes(value);
}

/** The days a preset names at `now`, in `timeZone` (an IANA name, the business calendar's). */
export function presetDays(preset: DashboardPreset, now: Date, timeZone: string): DayRange {
  const today = localDay(now, timeZone);
  const [year, month] = [today.getUTCFullYear(), today.getUTCMonth()];
  switch (preset) {
    case 'last7':
      return range(addDays(today, -6), today);
    case 'last30':
      return range(addDays(today, -29), today);
    case 'thisMonth':
      return range(utcDate(year, month, 1), today);
    case 'lastMonth':
      // Day 0 of this month is the last day of the one before.
      return range(utcDate(year, month - 1, 1), utcDate(year, month, 0));
    case 'thisQuarter':
      return range(utcDate(year, month - (month % 3), 1), today);
  }
}

/** Today's date where `timeZone` is, as a UTC midnight (only its date matters). */
function localDay(now: Date, timeZone: string): Date {
  // en-CA writes dates as YYYY-MM-DD.
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  return new Date(`${day}T00:00:00Z`);
}

function utcDate(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month, day));
}

function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * 24 * 60 * 60 * 1000);
}

function range(from: Date, to: Date): DayRange {
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}
