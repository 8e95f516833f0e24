/**
 * The languages customers read Candor in (emails, survey pages, the privacy center). Adding one
 * is an entry here plus its texts: every text table is a `Record<Locale, …>`, so the type check
 * names each table that still lacks the new language.
 */
export const LOCALES = ['en', 'fi'] as const;

export type Locale = (typeof LOCALES)[number];

/** Used when a customer's language is none of `LOCALES`, and where a survey lacks a text. */
export const DEFAULT_LOCALE: Locale = 'en';

/** Whether a value is exactly one of `LOCALES` (no case folding, no region). */
export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/**
 * The locale to write to a customer in, from their language tag: the first of `LOCALES` that
 * starts the tag, case-insensitively ("fi", "FI", "fi-FI" are Finnish), else `DEFAULT_LOCALE`.
 */
export function localeFor(languageTag: string): Locale {
  const tag = languageTag.toLowerCase();
  return LOCALES.find((locale) => tag.startsWith(locale)) ?? DEFAULT_LOCALE;
}
