import { LOCALES, type Locale } from '../../common/i18n/locale';
import type { LocalisedText, Question, QuestionType } from '../surveys/survey-definition';
import {
  type AnonymousCount,
  anonymousCount,
  hiddenCounts,
  keptMonths,
  type MonthOfAnswers,
} from './anonymous-counts';
import type { QuestionCountRow } from './question-results-sql';

/** A count of answers: identified ones always; anonymous ones and the total when not hidden. */
export interface QuestionCount {
  /** Identified and anonymous; null when the anonymous part is not shown. */
  count: number | null;
  identified: number;
  anonymous: AnonymousCount;
}

export interface DistributionItem extends QuestionCount {
  /** The choice, or the rating ('1' to '5'), as stored. */
  value: string;
  label: Record<Locale, string>;
  /** Of those who answered the question (a multiple choice's shares add up to more than 1). */
  share: number | null;
}

/** One bucket of the trend, from identified answers (see docs/api.md). */
export interface TrendPoint {
  start: string;
  answering: number;
  /** Each value's share of those answering; null with none answering (and for free text). */
  shares: Record<string, number> | null;
  /** Ratings only: the mean; null with none answering. */
  mean?: number | null;
}

export interface QuestionResult {
  /** The question's key: questions are matched across versions by it. */
  id: string;
  kind: QuestionType;
  text: Record<Locale, string>;
  /** The survey's versions that ask it. */
  versions: number[];
  answering: QuestionCount;
  /** Anonymous answers of months in which fewer than 5 answered it anonymously: not counted. */
  anonymousLeftOut: AnonymousCount;
  distribution: DistributionItem[];
  trend: TrendPoint[];
}

export interface SurveyVersionQuestions {
  version: number;
  questions: Question[];
}

const RATINGS = ['1', '2', '3', '4', '5'];
const RATING_WORDS: Record<Locale, (value: string) => string> = {
  en: (value) => `${value} of 5`,
  fi: (value) => `${value}/5`,
};

/**
 * Every question the survey asks in its newest version, in its order, then those only older
 * versions asked that were answered in the period; each with its distribution over the period
 * (identified and anonymous answers, anonymous ones shown as `anonymous-counts.ts` says) and its
 * trend per bucket (`starts`, identified answers). `versions` newest first.
 */
export function questionResults(
  versions: SurveyVersionQuestions[],
  rows: QuestionCountRow[],
  starts: Date[],
): QuestionResult[] {
  const answered = new Set(rows.map((row) => row.questionId));
  const seen = new Map<string, Question>();
  for (const { version, questions } of versions) {
    for (const question of questions) {
      if (!seen.has(question.id) && (version === versions[0].version || answered.has(question.id)))
        seen.set(question.id, question);
    }
  }
  return [...seen.values()].map((question) =>
    resultOf(
      question,
      versions,
      rows.filter((row) => row.questionId === question.id),
      starts,
    ),
  );
}

function resultOf(
  question: Question,
  versions: SurveyVersionQuestions[],
  rows: QuestionCountRow[],
  starts: Date[],
): QuestionResult {
  const identified = new Map<string, number>();
  const months = new Map<number, MonthOfAnswers>();
  for (const row of rows) {
    if (row.identified) {
      identified.set(row.value, (identified.get(row.value) ?? 0) + row.answers);
      continue;
    }
    const at = new Date(row.bucket).getTime();
    const month = months.get(at) ?? { answering: 0, values: new Map<string, number>() };
    months.set(at, month);
    if (row.value === '') month.answering += row.answers;
    else month.values.set(row.value, (month.values.get(row.value) ?? 0) + row.answers);
  }
  const anonymous = keptMonths(months.values());
  const values = valuesOf(question, versions, [...identified.keys(), ...anonymous.values.keys()]);
  const addsUp = question.type === 'single_choice' || question.type === 'rating';
  const hidden = hiddenCounts(
    values.map((value) => anonymous.values.get(value) ?? 0),
    anonymous.answering,
    addsUp,
  );
  const answering = countOf(identified.get('') ?? 0, anonymous.answering);
  return {
    id: question.id,
    kind: question.type,
    text: words(question.label),
    versions: versions
      .filter((v) => v.questions.some((q) => q.id === question.id))
      .map((v) => v.version)
      .sort((a, b) => a - b),
    answering,
    anonymousLeftOut: anonymousCount(anonymous.leftOut),
    distribution: values.map((value, index) => {
      const count = countOf(
        identified.get(value) ?? 0,
        anonymous.values.get(value) ?? 0,
        hidden[index],
      );
      return {
        value,
        label: labelOf(question, versions, value),
        ...count,
        share: share(count.count, answering.count),
      };
    }),
    trend: trendOf(question, values, rows, starts),
  };
}

function countOf(identified: number, anonymous: number, hidden?: boolean): QuestionCount {
  const shown = anonymousCount(anonymous, hidden);
  return {
    count: shown.count === null ? null : identified + anonymous,
    identified,
    anonymous: shown,
  };
}

/** The values a question's distribution lists: every rating, or its choices, then others seen. */
function valuesOf(
  question: Question,
  versions: SurveyVersionQuestions[],
  seen: string[],
): string[] {
  if (question.type === 'free_text') return [];
  const listed = question.type === 'rating' ? [...RATINGS] : optionsOf(question).slice();
  const defined = new Set(
    versions.flatMap((v) =>
      v.questions.filter((q) => q.id === question.id).flatMap((q) => optionsOf(q)),
    ),
  );
  // Choices older versions offered, in their order, then anything else answered.
  for (const value of [...defined, ...seen]) {
    if (value !== '' && !listed.includes(value) && seen.includes(value)) listed.push(value);
  }
  return listed;
}

function optionsOf(question: Question): string[] {
  return (question.options ?? []).map((option) => option.value);
}

/** A value in words, from the newest version that offered it; a rating as "4 of 5". */
function labelOf(
  question: Question,
  versions: SurveyVersionQuestions[],
  value: string,
): Record<Locale, string> {
  if (question.type === 'rating') {
    return Object.fromEntries(LOCALES.map((l) => [l, RATING_WORDS[l](value)])) as Record<
      Locale,
      string
    >;
  }
  for (const { questions } of versions) {
    const option = questions
      .find((q) => q.id === question.id)
      ?.options?.find((candidate) => candidate.value === value);
    if (option) return words(option.label);
  }
  return words({ en: value });
}

/** A survey's text in each console language, English where one is missing. */
function words(text: LocalisedText): Record<Locale, string> {
  const english = text.en ?? Object.values(text)[0] ?? '';
  return Object.fromEntries(LOCALES.map((l) => [l, text[l] ?? english])) as Record<Locale, string>;
}

function share(count: number | null, of: number | null): number | null {
  if (count === null || of === null || of === 0) return null;
  return Math.round((10_000 * count) / of) / 10_000;
}

/** Per bucket, from identified answers: how many answered, each value's share, a rating's mean. */
function trendOf(
  question: Question,
  values: string[],
  rows: QuestionCountRow[],
  starts: Date[],
): TrendPoint[] {
  const buckets = new Map<number, Map<string, number>>();
  for (const row of rows) {
    if (!row.identified) continue;
    const at = new Date(row.bucket).getTime();
    const counts = buckets.get(at) ?? new Map<string, number>();
    buckets.set(at, counts);
    counts.set(row.value, (counts.get(row.value) ?? 0) + row.answers);
  }
  return starts.map((start) => {
    const counts = buckets.get(start.getTime()) ?? new Map<string, number>();
    const answering = counts.get('') ?? 0;
    const point: TrendPoint = {
      start: start.toISOString(),
      answering,
      shares:
        answering === 0 || question.type === 'free_text'
          ? null
          : Object.fromEntries(values.map((v) => [v, share(counts.get(v) ?? 0, answering)!])),
    };
    if (question.type === 'rating') {
      const total = values.reduce((sum, v) => sum + Number(v) * (counts.get(v) ?? 0), 0);
      point.mean = answering === 0 ? null : Math.round((100 * total) / answering) / 100;
    }
    return point;
  });
}

/** What `GET /api/v1/reports/questions` answers. */
export { QuestionResultsDto } from './dto/question-results-view.dto';
