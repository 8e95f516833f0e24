/**
 * Business-hours arithmetic for follow-up case due dates. Pure and dependency-free: local wall
 * clock times come from Intl.DateTimeFormat, so daylight saving changes follow the platform's
 * time zone data. Open time is elapsed time: an opening period that spans a DST change is one
 * hour shorter or longer than its wall-clock length.
 */

export interface BusinessCalendar {
  /** IANA time zone, e.g. 'Europe/Helsinki'. */
  timeZone: string;
  /** ISO weekdays that are open: 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  /** Local opening time, 'HH:MM'. */
  opensAt: string;
  /** Local closing time, 'HH:MM'; '24:00' means the end of the day. */
  closesAt: string;
  /** Closed local dates, 'YYYY-MM-DD'. */
  holidays: string[];
}

export const DEFAULT_CALENDAR: BusinessCalendar = {
  timeZone: 'Europe/Helsinki',
  weekdays: [1, 2, 3, 4, 5],
  opensAt: '08:00',
  closesAt: '16:00',
  holidays: [],
};

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** A due date further away than this is a mistake in the input, not a deadline. */
const MAX_SEARCH_DAYS = 10 * 366;

interface CompiledCalendar {
  timeZone: string;
  openDays: ReadonlySet<number>;
  opensAtMinutes: number;
  closesAtMinutes: number;
  /** Holidays as UTC-midnight epoch milliseconds of the local date. */
  holidays: ReadonlySet<number>;
}

/** Throws an Error naming the first problem found in the calendar. */
export function validateCalendar(calendar: BusinessCalendar): void {
  compileCalendar(calendar);
}

/**
 * The instant when `hours` of open time have passed after `start`. A start inside opening hours
 * counts from the start; otherwise counting begins at the next opening. Opening hours are
 * half-open, [opensAt, closesAt): adding 0 hours at closing time gives the next opening, while
 * adding hours that use up the day exactly gives the closing time.
 */
export function addBusinessHours(start: Date, hours: number, calendar: BusinessCalendar): Date {
  const rules = compileCalendar(calendar);
  const startMs = start instanceof Date ? start.getTime() : NaN;
  if (Number.isNaN(startMs)) throw new Error('addBusinessHours: start is not a valid Date');
  if (!Number.isFinite(hours) || hours < 0) {
    throw new Error(`addBusinessHours: hours must be a finite number >= 0, got ${hours}`);
  }

  let remaining = Math.round(hours * HOUR_MS);
  // The local date of the start, as UTC midnight; whole days are then plain UTC arithmetic.
  let day = Math.floor(localWallMs(startMs, rules.timeZone) / DAY_MS) * DAY_MS;
  for (let step = 0; step < MAX_SEARCH_DAYS; step++, day += DAY_MS) {
    if (!isOpenDay(day, rules)) continue;
    const opens = wallTimeToInstant(day + rules.opensAtMinutes * MINUTE_MS, rules.timeZone);
    const closes = wallTimeToInstant(day + rules.closesAtMinutes * MINUTE_MS, rules.timeZone);
    const from = Math.max(opens, startMs);
    if (from >= closes) continue;
    if (remaining <= closes - from) return new Date(from + remaining);
    remaining -= closes - from;
  }
  throw new Error(`addBusinessHours: ${hours} business hours end more than ten years ahead`);
}

/**
 * The UTC instant of a local wall time (month 1–12; hour 24 is midnight at the end of the day).
 * A wall time that occurs twice (autumn fall-back) gives the earlier instant; one that does not
 * exist (spring-forward gap) gives the first valid instant after it, the moment of the change.
 */
export function zonedTimeToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  return new Date(wallTimeToInstant(utcMs(year, month, day, hour, minute), timeZone));
}

function compileCalendar(calendar: BusinessCalendar): CompiledCalendar {
  const { timeZone, weekdays, opensAt, closesAt, holidays } = calendar;
  if (typeof timeZone !== 'string' || timeZone === '') {
    throw new Error('Business calendar timeZone is missing');
  }
  try {
    formatterFor(timeZone);
  } catch {
    throw new Error(`Business calendar timeZone "${timeZone}" is not a valid IANA time zone`);
  }
  if (!Array.isArray(weekdays) || weekdays.length === 0) {
    throw new Error('Business calendar has no weekdays: at least one day must be open');
  }
  for (const weekday of weekdays) {
    if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      throw new Error(
        `Business calendar weekday ${String(weekday)} is not an ISO weekday (1 = Monday … 7 = Sunday)`,
      );
    }
  }
  const opensAtMinutes = parseClockTime('opensAt', opensAt);
  const closesAtMinutes = parseClockTime('closesAt', closesAt);
  if (opensAtMinutes >= closesAtMinutes) {
    throw new Error(`Business calendar opensAt ${opensAt} must be before closesAt ${closesAt}`);
  }
  if (!Array.isArray(holidays)) throw new Error('Business calendar holidays must be a list');
  return {
    timeZone,
    openDays: new Set(weekdays),
    opensAtMinutes,
    closesAtMinutes,
    holidays: new Set(holidays.map(parseHoliday)),
  };
}

/** Minutes after local midnight; '24:00' is accepted as the end of the day. */
function parseClockTime(field: 'opensAt' | 'closesAt', value: string): number {
  const match = typeof value === 'string' ? /^(\d{2}):(\d{2})$/.exec(value) : null;
  const hour = match ? Number(match[1]) : NaN;
  const minute = match ? Number(match[2]) : NaN;
  if (hour === 24 && minute === 0) return 24 * 60;
  if (!(hour <= 23 && minute <= 59)) {
    throw new Error(
      `Business calendar ${field} "${String(value)}" is not a time of day in HH:MM (00:00–24:00)`,
    );
  }
  return hour * 60 + minute;
}

function parseHoliday(value: string): number {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = utcMs(year, month, day, 0, 0);
    const date = new Date(ms);
    // Rejects dates that roll over, such as 2026-02-30.
    if (date.getUTCMonth() === month - 1 && date.getUTCDate() === day) return ms;
  }
  throw new Error(`Business calendar holiday "${String(value)}" is not a YYYY-MM-DD date`);
}

function isOpenDay(dayMs: number, rules: CompiledCalendar): boolean {
  // Day 0 (1970-01-01) was a Thursday, ISO weekday 4.
  const isoWeekday = ((((dayMs / DAY_MS + 3) % 7) + 7) % 7) + 1;
  return rules.openDays.has(isoWeekday) && !rules.holidays.has(dayMs);
}

/**
 * Iterates instant = wall − offset(instant) from a first guess. A fixed point is a valid instant;
 * a two-cycle means the wall time falls in a gap, which the offset changes across.
 */
function wallTimeToInstant(wall: number, timeZone: string): number {
  let instant = wall - offsetAt(wall, timeZone);
  let previous = NaN;
  for (let step = 0; step < 4; step++) {
    const next = wall - offsetAt(instant, timeZone);
    if (next === instant) return earlierOccurrence(instant, wall, timeZone);
    if (next === previous) {
      return firstInstantWithNewOffset(Math.min(instant, next), Math.max(instant, next), timeZone);
    }
    previous = instant;
    instant = next;
  }
  throw new Error(`Cannot resolve local time ${new Date(wall).toISOString()} in ${timeZone}`);
}

/** In a fall-back overlap the iteration may land on the later occurrence; prefer the earlier. */
function earlierOccurrence(instant: number, wall: number, timeZone: string): number {
  // As in Temporal, assume at most one offset change within a day of the wall time.
  const earlierOffset = offsetAt(wall - DAY_MS, timeZone);
  const candidate = wall - earlierOffset;
  if (candidate < instant && offsetAt(candidate, timeZone) === earlierOffset) return candidate;
  return instant;
}

/** Binary search, to the second, for the offset change between `before` and `after`. */
function firstInstantWithNewOffset(before: number, after: number, timeZone: string): number {
  const oldOffset = offsetAt(before, timeZone);
  let low = before;
  let high = after;
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (offsetAt(middle, timeZone) === oldOffset) low = middle;
    else high = middle;
  }
  return high;
}

/** Local wall time minus UTC at an instant, in milliseconds (offsets are whole seconds). */
function offsetAt(instant: number, timeZone: string): number {
  // Formatting is the costly part of opening a case: offsets are memoised per clock hour.
  const hour = Math.floor(instant / HOUR_MS) * HOUR_MS;
  const key = `${timeZone} ${hour}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    // Equal at both ends of the hour means the same all through it: as in Temporal, at most one
    // offset change is assumed within a day. An hour with a change in it is not memoised.
    const atStart = exactOffsetAt(hour, timeZone);
    offset = atStart === exactOffsetAt(hour + HOUR_MS, timeZone) ? atStart : null;
    if (hourOffsets.size >= MAX_MEMOISED_HOURS) hourOffsets.clear();
    hourOffsets.set(key, offset);
  }
  return offset ?? exactOffsetAt(instant, timeZone);
}

/** Per time zone and clock hour: its offset, or null when the offset changes within it. */
const hourOffsets = new Map<string, number | null>();
const MAX_MEMOISED_HOURS = 100_000;

function exactOffsetAt(instant: number, timeZone: string): number {
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  return localWallMs(wholeSecond, timeZone) - wholeSecond;
}

/** The local wall-clock time at an instant, as if it were a UTC time, to the second. */
function localWallMs(instant: number, timeZone: string): number {
  // format() is about three times faster than formatToParts(); en-US numeric with h23 reads
  // "M/D/YYYY, HH:MM:SS".
  const digits = formatterFor(timeZone).format(instant).match(/\d+/g);
  if (digits?.length !== 6) {
    throw new Error(`Unexpected local time format for ${timeZone} at ${instant}`);
  }
  const [month, day, year, hour, minute, second] = digits.map(Number);
  return utcMs(year, month, day, hour, minute) + second * 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Date.UTC, without its mapping of years 0–99 to 1900–1999; fields may overflow. */
function utcMs(year: number, month: number, day: number, hour: number, minute: number): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, 0, 0);
  return date.getTime();
}
