import type { Locale } from './locale';

const LONG_DATE: Record<Locale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
  fi: new Intl.DateTimeFormat('fi-FI', { dateStyle: 'long', timeZone: 'UTC' }),
};

/** "20 November 2026" / "20. marraskuuta 2026" (UTC, so every reader sees the same day). */
export const longDate = (locale: Locale, date: Date): string => LONG_DATE[locale].format(date);
