import { LOCALES, type Locale } from '../../common/i18n/locale';

/**
 * A topic's rules as an admin writes them: per language, words and phrases. A word matches its
 * inflections as PostgreSQL's full text reads the language (`english`: "rooms" is "room";
 * `finnish`: "huoneessa" is "huone"); a phrase matches its words in that order ("front desk"); a
 * word ending in `*` matches every word that starts so ("aamiai*": "aamiainen", "aamiaisella"),
 * which helps with Finnish, whose stems do not join every form. Quotes around a phrase are
 * allowed and dropped.
 */
export type TopicRules = Record<Locale, string[]>;

/** The full-text configuration of each language: the one PostgreSQL stems its words with. */
export const TEXT_SEARCH_CONFIG: Record<Locale, string> = { en: 'english', fi: 'finnish' };

export const TERM_LIMITS = { length: 100, perLanguage: 50, words: 6 };

/** One rule, read: its text and whether it is a prefix (`word*`). */
export interface ParsedTerm {
  locale: Locale;
  term: string;
  prefix: boolean;
}

/** The language's name in the sentences of a refusal. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', fi: 'Finnish' };

/**
 * The rules read and checked: each trimmed, quotes dropped, spaces collapsed; the problems found
 * (sentences), none when all is well. Duplicates within a language (any case) are kept once.
 */
export function parseRules(rules: Partial<TopicRules>): {
  terms: ParsedTerm[];
  problems: string[];
} {
  const terms: ParsedTerm[] = [];
  const problems: string[] = [];
  for (const locale of LOCALES) {
    const language = LANGUAGE_NAMES[locale];
    const seen = new Set<string>();
    const written = rules[locale] ?? [];
    if (written.length > TERM_LIMITS.perLanguage) {
      problems.push(`Give at most ${TERM_LIMITS.perLanguage} ${language} words and phrases.`);
      continue;
    }
    for (const raw of written) {
      const term = raw
        .trim()
        .replace(/^["“”„]+|["“”„]+$/g, '')
        .replace(/\s+/g, ' ')
        .trim();
      const problem = termProblem(term, language);
      if (problem) {
        problems.push(problem);
        continue;
      }
      const key = term.toLocaleLowerCase(locale);
      if (seen.has(key)) continue;
      seen.add(key);
      terms.push({ locale, term, prefix: term.endsWith('*') });
    }
  }
  return { terms, problems };
}

function termProblem(term: string, language: string): string | null {
  if (term === '')
    return `A rule in ${language} is empty: write a word or a phrase, or leave it out.`;
  if (term.length > TERM_LIMITS.length) {
    return `The ${language} rule “${term.slice(0, 30)}…” is too long: at most ${TERM_LIMITS.length} characters.`;
  }
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(term)) {
    return `A ${language} rule holds a control character: write it on one line.`;
  }
  if (term.split(' ').length > TERM_LIMITS.words) {
    return `The ${language} phrase “${term}” has more than ${TERM_LIMITS.words} words: match a shorter part of it.`;
  }
  if (term.includes('*') && !/^[\p{L}\p{N}]{2,}\*$/u.test(term)) {
    return `In the ${language} rule “${term}”, * may only end a single word of at least two letters (“aamiai*”).`;
  }
  return null;
}

/**
 * SQL: the full-text query of a rule, from SQL expressions of its configuration, term and
 * whether it is a prefix: a prefix as `'word':*`, anything else as a phrase (a single word is a
 * phrase of one). A term of stop words only ("the") makes an empty query, which the caller
 * refuses (`numnode` 0).
 */
export function ruleQuerySql(config: string, term: string, prefix: string): string {
  return `CASE WHEN ${prefix}
    THEN to_tsquery(${config}::regconfig, quote_literal(rtrim(${term}, '*')) || ':*')
    ELSE phraseto_tsquery(${config}::regconfig, ${term}) END`;
}

/** SQL: the configuration of the language `locale` (an SQL text expression) names. */
export function configOfLocaleSql(locale: string): string {
  const cases = LOCALES.map((l) => `WHEN '${l}' THEN '${TEXT_SEARCH_CONFIG[l]}'`).join(' ');
  return `(CASE ${locale} ${cases} END)`;
}

/**
 * SQL: the columns `words_<locale>` of a comment (`comment`, an SQL text expression): its words
 * in each language's configuration, for `ruleMatchesSql`.
 */
export function commentWordsColumnsSql(comment: string): string {
  return LOCALES.map(
    (l) => `to_tsvector('${TEXT_SEARCH_CONFIG[l]}', ${comment}) AS words_${l}`,
  ).join(', ');
}

/** SQL: rule `r` (a `topic_rules` row) matches comment `c` (with `commentWordsColumnsSql`). */
export function ruleMatchesSql(r: string, c: string): string {
  const cases = LOCALES.map((l) => `WHEN '${l}' THEN ${c}.words_${l}`).join(' ');
  return `(CASE ${r}.locale ${cases} END) @@ ${r}.query`;
}

/** The rules of a topic by language, in the order written. */
export function rulesByLocale(rows: { locale: Locale; term: string }[]): TopicRules {
  const rules = Object.fromEntries(LOCALES.map((l) => [l, [] as string[]])) as TopicRules;
  for (const row of rows) rules[row.locale].push(row.term);
  return rules;
}
