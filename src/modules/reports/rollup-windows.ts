import type { SqlValues } from './report-sql';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Where the daily rollups take over in a period, as the named values a report's SQL uses (with
 * `:from` and `:to`): days from `rolledFrom` to `rolledTo` (exclusive; the last one only up to the
 * rollups' `covered_through`, `through`, when the period runs past it) from the rollups, the
 * tables from `from` to `liveUntil` and from `liveAgain` to `to`; anonymous answers (on the 16th
 * of their month) on days from `anonymousFrom` to `anonymousTo`.
 */
export function rollupWindows(period: { from: Date; to: Date }, coveredThrough: Date): SqlValues {
  const through = coveredThrough.getTime();
  const from = period.from.getTime();
  const to = period.to.getTime();
  const firstWholeDay = ceilDay(from);
  let rolledTo = firstWholeDay;
  let liveAgain = Math.min(firstWholeDay, to);
  if (firstWholeDay < to) {
    if (to >= through && floorDay(through) >= firstWholeDay) {
      rolledTo = floorDay(through) + DAY_MS;
      liveAgain = through;
    } else {
      rolledTo = Math.max(firstWholeDay, Math.min(floorDay(to), floorDay(through)));
      liveAgain = rolledTo;
    }
  }
  return {
    through: new Date(through),
    liveUntil: new Date(Math.min(firstWholeDay, to)),
    liveAgain: new Date(liveAgain),
    rolledFrom: day(firstWholeDay),
    rolledTo: day(rolledTo),
    anonymousFrom: day(firstWholeDay),
    anonymousTo: day(ceilDay(to)),
  };
}

/**
 * The same values for a read of the tables alone over the whole period (identified answers; the
 * rollups' part is empty, anonymous answers with it): for a filter the rollups cannot answer.
 */
export function tablesOnly(period: { from: Date; to: Date }): SqlValues {
  const none = '1970-01-01';
  return {
    through: new Date(0),
    liveUntil: period.to,
    liveAgain: period.to,
    rolledFrom: none,
    rolledTo: none,
    anonymousFrom: none,
    anonymousTo: none,
  };
}

/** The period but what the rollups hold (`column`: a table's time): a part-day, and after them. */
export const LIVE = (column: string) => `(
  (${column} >= :from AND ${column} < :liveUntil) OR (${column} >= :liveAgain AND ${column} < :to))`;

/** A rollup row `d` of an identified day the rollups hold for the period. */
export const ROLLED = (d: string) => `${d}.day >= :rolledFrom::date AND ${d}.day < :rolledTo::date`;

/** ...of anonymous answers counted in the period (on the 16th of their month). */
export const ROLLED_ANONYMOUS = (d: string) =>
  `${d}.day >= :anonymousFrom::date AND ${d}.day < :anonymousTo::date`;

/** What a report's row says it saw: where the rollups ended in its snapshot. */
export const SEEN = `(SELECT covered_through FROM report_rollup_state) AS "coveredThrough"`;

const floorDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const ceilDay = (ms: number) => Math.ceil(ms / DAY_MS) * DAY_MS;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
