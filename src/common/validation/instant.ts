import { validationError } from './validation-error';

/** What a refused date or time is told: the two forms taken. */
export const INSTANT_MESSAGE = 'must be a date (YYYY-MM-DD) or a time (YYYY-MM-DDThh:mm:ssZ)';

/**
 * A query's date or time as an instant, as PostgreSQL will read it; undefined when absent. ISO
 * 8601 also allows week dates (2026-W01) and ordinal days (2026-123), which class-validator's
 * strict check passes and `Date` cannot read: those, and days that do not exist (2026-02-30), are
 * a 400 naming `field`, never an Invalid Date reaching a statement.
 */
export function instantOf(field: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(value);
  const day = /^(\d{4}-\d{2}-\d{2})/.exec(value)?.[1];
  // A day that does not exist rolls over (30 February reads as 2 March): refused too.
  const exists = day !== undefined && !Number.isNaN(at.getTime()) && sameDay(day, value, at);
  if (!exists) throw validationError([{ field, message: INSTANT_MESSAGE }]);
  return at;
}

function sameDay(day: string, value: string, at: Date): boolean {
  // Only a bare date or a UTC time can be checked against the instant's UTC day.
  if (value.length > 10 && !/Z$/i.test(value)) return true;
  return at.toISOString().slice(0, 10) === day;
}
