import type { Locale } from './locale';

/** One formatter per language and zone: building one costs more than formatting with it. */
const formats = new Map<string, Intl.DateTimeFormat>();

function parts(locale: string, at: Date, timeZone: string): Record<string, string> {
  const key = `${locale}|${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      day: 'numeric',
      month: locale === 'fi-FI' ? 'numeric' : 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
    });
    formats.set(key, format);
  }
  return Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
}

/**
 * A deadline as a person reads it, in the business calendar's time zone: "Wednesday 9 December,
 * 16:00" / "keskiviikkona 9.12. klo 16.00" (to follow "by" / "viimeistään").
 */
export function deadlineText(locale: Locale, at: Date, timeZone: string): string {
  if (locale === 'fi') {
    // Intl's Finnish weekday in a date is already the essive ("keskiviikkona": on Wednesday).
    const p = parts('fi-FI', at, timeZone);
    return `${p.weekday} ${p.day}.${p.month}. klo ${p.hour}.${p.minute}`;
  }
  const p = parts('en-GB', at, timeZone);
  return `${p.weekday} ${p.day} ${p.month}, ${p.hour}:${p.minute}`;
}
