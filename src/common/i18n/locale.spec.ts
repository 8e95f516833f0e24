import { DEFAULT_LOCALE, isLocale, LOCALES, localeFor } from './locale';

describe('locales', () => {
  it('writes Finnish to a customer whose tag starts with fi, in any case or region', () => {
    expect(['fi', 'FI', 'fi-FI', 'Fi-fi'].map(localeFor)).toEqual(['fi', 'fi', 'fi', 'fi']);
  });

  it('writes English for English and for every language Candor does not speak', () => {
    expect(['en', 'en-GB', 'EN-us', 'sv', 'sv-FI', 'de', ''].map(localeFor)).toEqual(
      Array(7).fill('en'),
    );
  });

  it('falls back to a locale it supports', () => {
    expect(LOCALES).toContain(DEFAULT_LOCALE);
    expect(localeFor('xx')).toBe(DEFAULT_LOCALE);
  });

  it('knows a locale only by its exact code', () => {
    expect(LOCALES.every(isLocale)).toBe(true);
    expect(['fi-FI', 'FI', 'EN', 'sv', '', 'constructor'].some(isLocale)).toBe(false);
  });
});
