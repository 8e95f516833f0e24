/**
 * What an agent typed, as a tsquery text for `to_tsquery('simple', …)`: every word must match, each
 * as a prefix ("ann" finds Ann and ann@example.com). Only letters, digits and the characters of an
 * address or an external id are kept (`@ . _ + -`); anything else splits words, and the text can
 * never be tsquery syntax; null
 * when nothing searchable is left.
 */
export function searchQuery(typed: string): string | null {
  const words = typed
    .toLowerCase()
    // Anything else separates words, as the index's parser does ("O'Brien" is "o" and "brien").
    .replace(/[^\p{L}\p{N}@._+-]+/gu, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/^[._+-]+|[._+-]+$/g, ''))
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .slice(0, 8);
  return words.length > 0 ? words.map((word) => `'${word}':*`).join(' & ') : null;
}
