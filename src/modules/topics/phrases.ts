import { eng, fin } from 'stopword';
import type { Locale } from '../../common/i18n/locale';

/** The stop words of each language: `stopword`'s lists. */
export const STOP_WORDS: Record<Locale, readonly string[]> = { en: eng, fi: fin };

/** A comment read for its phrases: its words and its answer's score on its scale. */
export interface PhraseComment {
  comment: string;
  score: number;
  scale: string;
}

export interface Phrase {
  phrase: string;
  /** Words in it: 1 to 3. */
  words: number;
  /** Comments it appears in (once per comment however often it is said). */
  comments: number;
  /** The mean score of those comments' answers, per scale, to two places. */
  averageScore: Record<string, number>;
}

export interface PhraseOptions {
  stopWords: ReadonlySet<string>;
  /** A phrase said in fewer comments is left out, so no one comment's words are shown. */
  minComments: number;
  top: number;
}

const MAX_WORDS = 3;

/** A comment's words, lower-cased: letters and digits, with inner apostrophes ("don't"). */
export function wordsOf(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? []
  );
}

/**
 * The phrases of one comment: every run of one to three words in a row that neither starts nor
 * ends with a stop word ("front desk", "front of house", not "of the", and not "not clean" cut to
 * "clean"-less nonsense: words are never skipped), nor holds a word of one letter or digits only.
 */
export function phrasesOf(text: string, stopWords: ReadonlySet<string>): Set<string> {
  const words = wordsOf(text);
  const found = new Set<string>();
  const usable = (word: string) => word.length > 1 && !/^\p{N}+$/u.test(word);
  for (let start = 0; start < words.length; start += 1) {
    if (stopWords.has(words[start]) || !usable(words[start])) continue;
    for (let n = 1; n <= MAX_WORDS && start + n <= words.length; n += 1) {
      const last = words[start + n - 1];
      if (!usable(last)) break;
      if (stopWords.has(last)) continue;
      found.add(words.slice(start, start + n).join(' '));
    }
  }
  return found;
}

/**
 * The phrases said in the most comments, at least `minComments` each, the most frequent first
 * (a longer phrase before a shorter one of the same count, then alphabetically). A phrase is left
 * out when a longer one containing it is said in as many comments: "front" adds nothing beside
 * "front desk" if it is never said alone.
 */
export function frequentPhrases(comments: PhraseComment[], options: PhraseOptions): Phrase[] {
  const tally = new Map<string, { comments: number; scores: Map<string, [number, number]> }>();
  for (const { comment, score, scale } of comments) {
    for (const phrase of phrasesOf(comment, options.stopWords)) {
      const entry = tally.get(phrase) ?? {
        comments: 0,
        scores: new Map<string, [number, number]>(),
      };
      entry.comments += 1;
      const [sum, n] = entry.scores.get(scale) ?? [0, 0];
      entry.scores.set(scale, [sum + score, n + 1]);
      tally.set(phrase, entry);
    }
  }
  const frequent = [...tally].filter(([, entry]) => entry.comments >= options.minComments);
  const subsumed = new Set<string>();
  for (const [phrase, entry] of frequent) {
    for (const part of partsOf(phrase)) {
      if (tally.get(part)?.comments === entry.comments) subsumed.add(part);
    }
  }
  return frequent
    .filter(([phrase]) => !subsumed.has(phrase))
    .map(([phrase, entry]) => ({
      phrase,
      words: phrase.split(' ').length,
      comments: entry.comments,
      averageScore: Object.fromEntries(
        [...entry.scores].map(([scale, [sum, n]]) => [scale, Math.round((sum / n) * 100) / 100]),
      ),
    }))
    .sort(
      (a, b) => b.comments - a.comments || b.words - a.words || a.phrase.localeCompare(b.phrase),
    )
    .slice(0, options.top);
}

/** The shorter runs of words inside a phrase ("front desk staff": "front desk", "desk staff", …). */
function partsOf(phrase: string): string[] {
  const words = phrase.split(' ');
  const parts: string[] = [];
  for (let n = 1; n < words.length; n += 1) {
    for (let start = 0; start + n <= words.length; start += 1) {
      parts.push(words.slice(start, start + n).join(' '));
    }
  }
  return parts;
}
