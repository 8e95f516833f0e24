import type { Locale } from './locale';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const formats = new Map<Locale, Intl.RelativeTimeFormat>();

function formatOf(locale: Locale): Intl.RelativeTimeFormat {
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    formats.set(locale, format);
  }
  return format;
}

/**
 * "3 hours ago", "in 2 days", "now": `at` seen from `now`, in the largest whole unit (a minute
 * at least), in the reader's language.
 */
export function relativeTime(at: Date, now: Date, locale: Locale): string {
  const seconds = (at.getTime() - now.getTime()) / 1000;
  const format = formatOf(locale);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, 'second');
}
