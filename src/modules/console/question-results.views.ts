import type { Locale } from '../../common/i18n/locale';
import type { AnonymousCount } from '../reports/anonymous-counts';
import type { Interval } from '../reports/dto/report-filter.dto';
import type {
  DistributionItem,
  QuestionCount,
  QuestionResult,
  QuestionResultsDto,
} from '../reports/question-results';
import { QUESTION_PAGE_WORDS, type QuestionPageWords } from './question-results-words';

/** A cell with its text for people and its number (or '' when not shown) for the chart. */
export interface Cell {
  text: string;
  raw: string;
}

export interface DistributionRowView {
  label: string;
  total: string;
  share: string;
  identified: Cell;
  anonymous: Cell;
}

export interface TrendView {
  caption: string;
  /** `rate`: shares drawn as percentages; `mean`: a rating's mean. */
  format: 'rate' | 'mean';
  bucketHeading: string;
  columns: string[];
  rows: { label: string; answered: number; cells: Cell[] }[];
}

export interface QuestionSectionView {
  anchor: string;
  heading: string;
  kind: string;
  versions: string;
  answering: string;
  leftOut: string | null;
  nobody: boolean;
  distributionCaption: string;
  distribution: DistributionRowView[] | null;
  trend: TrendView | null;
}

/** Each question's section of the page, in a console language's words. */
export function questionSections(
  results: QuestionResultsDto,
  locale: Locale,
): QuestionSectionView[] {
  const say = QUESTION_PAGE_WORDS[locale];
  return results.questions.map((question) => {
    const heading = question.text[locale];
    return {
      anchor: `question-${question.id}`,
      heading,
      kind: say.kinds[question.kind],
      versions: say.versions(listWords(question.versions.map(String), say.and)),
      answering: say.answering(
        totalText(question.answering, say),
        question.answering.identified,
        anonymousText(question.answering.anonymous, say),
      ),
      leftOut:
        question.anonymousLeftOut.count === 0
          ? null
          : say.leftOut(anonymousText(question.anonymousLeftOut, say)),
      nobody: question.answering.count === 0,
      distributionCaption: say.distribution(heading),
      distribution:
        question.kind === 'free_text'
          ? null
          : question.distribution.map((item) => distributionRow(item, locale, say)),
      trend:
        question.answering.count === 0 ? null : trendView(question, results.interval, locale, say),
    };
  });
}

function distributionRow(
  item: DistributionItem,
  locale: Locale,
  say: QuestionPageWords,
): DistributionRowView {
  return {
    label: item.label[locale],
    total: totalText(item, say),
    share: item.share === null ? '–' : percent(item.share),
    identified: { text: String(item.identified), raw: String(item.identified) },
    anonymous: {
      text: anonymousText(item.anonymous, say),
      raw: item.anonymous.count === null ? '' : String(item.anonymous.count),
    },
  };
}

/** A total with hidden anonymous answers in it: the range it lies in, never the number. */
function totalText(count: QuestionCount, say: QuestionPageWords): string {
  if (count.count !== null) return String(count.count);
  return count.identified === 0
    ? say.fewerThanFive
    : say.between(count.identified + 1, count.identified + 4);
}

function anonymousText(count: AnonymousCount, say: QuestionPageWords): string {
  return count.count === null ? say.fewerThanFive : String(count.count);
}

/** Per bucket: how many answered, and each value's share (a rating: its mean). */
function trendView(
  question: QuestionResult,
  interval: Interval,
  locale: Locale,
  say: QuestionPageWords,
): TrendView | null {
  if (question.kind === 'free_text') return null;
  const rating = question.kind === 'rating';
  return {
    caption: say.trend(question.text[locale], interval),
    format: rating ? 'mean' : 'rate',
    bucketHeading: say.bucket[interval],
    columns: rating ? [say.mean] : question.distribution.map((item) => item.label[locale]),
    rows: question.trend.map((point) => {
      const cells = rating
        ? [point.mean ?? null].map((mean) =>
            mean === null ? NO_FIGURE : { text: mean.toFixed(2), raw: String(mean) },
          )
        : question.distribution.map(({ value }) => {
            const share = point.shares?.[value];
            return share === undefined ? NO_FIGURE : { text: percent(share), raw: String(share) };
          });
      return {
        label: bucketLabel(point.start, interval, locale),
        answered: point.answering,
        cells,
      };
    }),
  };
}

const NO_FIGURE: Cell = { text: '–', raw: '' };

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

/** "1, 2 and 3" */
function listWords(items: string[], and: string): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

const DATE_LOCALES: Record<Locale, string> = { en: 'en-GB', fi: 'fi-FI' };

/** A bucket's start as a person reads it: "2 Mar 2026", or "Mar 2026" for a month. */
export function bucketLabel(start: string, interval: Interval, locale: Locale): string {
  return new Intl.DateTimeFormat(DATE_LOCALES[locale], {
    timeZone: 'UTC',
    day: interval === 'month' ? undefined : 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(start));
}
