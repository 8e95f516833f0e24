import type { UserPrincipal } from '../../common/auth/principal';
import type { LabelledAnswer } from '../surveys/answer-labels';
import type {
  AnonymousAnswerPageDto,
  AnswerReadingDto,
  ExploredAnswerDto,
  ExploredAnswerPageDto,
} from '../responses/explorer/explorer-dtos';
import { SCORE_BANDS } from '../responses/score-bands';
import { SCALE_RANGE } from '../surveys/survey-definition';
import { timeView, type TimeView } from './case-workspace.views';
import { CONSOLE_LOCALE } from './case-words';
import type { ResponsesPageQueryDto } from './dto/responses-page.dto';
import { touchpointWords } from './queue-pages.views';
import {
  ANSWER_KIND_WORDS,
  ANSWER_KINDS,
  COMMENT_CHOICE_WORDS,
  EXPLORER_SENTENCES,
  monthWords,
  SCORE_BAND_CHOICES,
  SCORE_BAND_WORDS,
} from './response-words';

const SAY = EXPLORER_SENTENCES[CONSOLE_LOCALE];

/** The form's text filters, labelled. */
const TEXT_LABELS = {
  touchpointType: 'Touchpoint type',
  location: 'Location',
  channel: 'Channel',
  staff: 'Served by (staff ID)',
};
const BANDS = SCORE_BAND_WORDS[CONSOLE_LOCALE];

/** A select of the filter form: its field, its label, its options with the one chosen. */
export interface ChoiceView {
  name: string;
  label: string;
  options: { value: string; label: string; selected: boolean }[];
}

/** `console-responses.hbs`: the explorer's form, and its lists of identified and anonymous answers. */
export interface ResponsesPageView {
  form: {
    q: string;
    from: string;
    to: string;
    /** The touchpoint's type, location, channel and member of staff, as typed. */
    texts: { name: string; label: string; value: string; max: number }[];
    choices: ChoiceView[];
  };
  /** "2026-11-01 to 2026-11-30". */
  period: string;
  /** An agent's: whose answers they see. */
  scopeNote: string | null;
  identified: {
    heading: string;
    rows: IdentifiedRowView[];
    empty: string;
    next: string | null;
  } | null;
  anonymous: {
    heading: string;
    help: string;
    /** How many match, when they are shown; else why none is. */
    summary: string;
    rows: AnonymousRowView[];
    next: string | null;
  } | null;
}

export interface IdentifiedRowView {
  href: string;
  when: TimeView;
  customer: string;
  survey: string;
  score: string;
  band: string;
  touchpoint: string;
  comment: string | null;
}

/** An anonymous answer: month, survey, score, answers and comment; nothing links anywhere. */
export interface AnonymousRowView {
  month: string;
  survey: string;
  score: string;
  band: string;
  questions: { question: string; answer: string }[];
  comment: string | null;
}

/** `console-response.hbs`: one identified answer, every question in words. */
export interface ResponsePageView {
  title: string;
  customer: { name: string; href: string } | null;
  caseHref: string | null;
  survey: string;
  submitted: TimeView;
  touchpoint: string | null;
  touchpointAt: TimeView | null;
  /** Its location and channel ("Helsinki Airport hotel, front desk"); null when unnamed. */
  place: string | null;
  /** Who served them. */
  staff: string | null;
  score: string;
  scale: string;
  band: string;
  questions: LabelledAnswer[];
  comment: string | null;
  preferences: string[];
}

/** The form as asked, with the lists' choices (an agent is not offered anonymous answers). */
export function explorerFormView(
  user: UserPrincipal,
  asked: ResponsesPageQueryDto,
  period: { fromDay: string; toDay: string },
  surveys: { key: string; name: string }[],
  topics: { id: string; name: string }[] = [],
): ResponsesPageView['form'] {
  const choice = (name: string, label: string, values: [string, string][], chosen?: string) => ({
    name,
    label,
    options: [['', SAY.any] as [string, string], ...values].map(([value, words]) => ({
      value,
      label: words,
      selected: value === (chosen ?? ''),
    })),
  });
  const hasComment = asked.hasComment === undefined ? undefined : String(asked.hasComment);
  const choices = [
    choice(
      'survey',
      'Survey',
      surveys.map((s) => [s.key, s.name]),
      asked.survey,
    ),
    choice(
      'band',
      'Score',
      SCORE_BANDS.map((b) => [b, SCORE_BAND_CHOICES[CONSOLE_LOCALE][b]]),
      asked.band,
    ),
    choice(
      'hasComment',
      'Comment',
      Object.entries(COMMENT_CHOICE_WORDS[CONSOLE_LOCALE]),
      hasComment,
    ),
    choice(
      'topic',
      'Topic',
      topics.map((t) => [t.id, t.name]),
      asked.topic,
    ),
  ];
  if (user.role !== 'agent') {
    const kinds = ANSWER_KINDS.map((k): [string, string] => [
      k,
      ANSWER_KIND_WORDS[CONSOLE_LOCALE][k],
    ]);
    const who = choice('kind', 'Answers', kinds, asked.kind);
    who.options[0].label = SAY.everyone;
    choices.push(who);
  }
  const text = (name: keyof typeof TEXT_LABELS, max: number) => ({
    name,
    label: TEXT_LABELS[name],
    value: asked[name] ?? '',
    max,
  });
  return {
    q: asked.q ?? '',
    from: period.fromDay,
    to: period.toDay,
    texts: [
      text('touchpointType', 100),
      text('location', 200),
      text('channel', 100),
      text('staff', 200),
    ],
    choices,
  };
}

export function identifiedListView(
  page: ExploredAnswerPageDto,
  next: string | null,
  now: Date,
): NonNullable<ResponsesPageView['identified']> {
  return {
    heading: ANSWER_KIND_WORDS[CONSOLE_LOCALE].identified,
    rows: page.items.map((item) => ({
      href: `/console/responses/${item.id}`,
      when: timeView(item.submittedAt, now),
      customer: customerWords(item),
      survey: item.surveyName,
      score: scoreWords(item),
      band: BANDS[item.band],
      touchpoint: item.touchpoint
        ? [touchpointWords(item.touchpoint.type), item.touchpoint.location, item.touchpoint.channel]
            .filter(Boolean)
            .join(' · ')
        : '—',
      comment: item.comment && excerpt(item.comment),
    })),
    empty: SAY.noIdentified,
    next,
  };
}

/**
 * The anonymous answers; `leftOut` when a filter leaves them all out (a touchpoint type or a
 * member of staff: they keep neither).
 */
export function anonymousListView(
  page: AnonymousAnswerPageDto,
  next: string | null,
  leftOut: 'touchpointType' | 'staff' | null,
): NonNullable<ResponsesPageView['anonymous']> {
  return {
    heading: ANSWER_KIND_WORDS[CONSOLE_LOCALE].anonymous,
    help: SAY.anonymousHelp,
    summary: leftOut
      ? SAY.leftOut[leftOut]
      : page.count === null
        ? SAY.fewerThanFive
        : SAY.anonymousCount(page.count),
    rows: page.items.map((item) => ({
      month: monthWords(item.month, CONSOLE_LOCALE),
      survey: item.surveyName,
      score: scoreWords(item),
      band: BANDS[item.band],
      questions: item.questions.map((q) => ({
        question: q.question,
        answer: q.answer.length > 0 ? q.answer.join(', ') : '—',
      })),
      comment: item.comment,
    })),
    next,
  };
}

export function responsePageView(answer: AnswerReadingDto, now: Date): ResponsePageView {
  const customer = answer.customer;
  const touchpoint = answer.touchpoint;
  return {
    title: `Answer from ${customerWords(answer)}`,
    customer: customer && {
      name: customerWords(answer),
      href: `/console/customers/${encodeURIComponent(customer.externalId)}`,
    },
    caseHref: answer.caseId ? `/console/cases/${answer.caseId}` : null,
    survey: answer.surveyName,
    submitted: timeView(answer.submittedAt, now),
    touchpoint: touchpoint
      ? [touchpointWords(touchpoint.type), touchpoint.reference].filter(Boolean).join(' ')
      : null,
    touchpointAt: touchpoint?.occurredAt ? timeView(touchpoint.occurredAt, now) : null,
    place: [touchpoint?.location, touchpoint?.channel].filter(Boolean).join(', ') || null,
    staff: touchpoint?.staff?.name ?? null,
    score: scoreWords(answer),
    scale: `on a scale of ${answer.range.min} to ${answer.range.max}`,
    band: BANDS[answer.band],
    questions: answer.questions,
    comment: answer.comment,
    preferences: answer.preferences,
  };
}

/** A list shows this much of a comment; the reading view shows it whole. */
const EXCERPT_LENGTH = 240;

/** The comment's start, cut at a word, with an ellipsis when there is more. */
function excerpt(comment: string): string {
  if (comment.length <= EXCERPT_LENGTH) return comment;
  const cut = comment.slice(0, EXCERPT_LENGTH);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : EXCERPT_LENGTH)}…`;
}

function customerWords(item: ExploredAnswerDto): string {
  if (!item.customer) return SAY.erased;
  return item.customer.name ?? item.customer.externalId;
}

function scoreWords(item: { scale: keyof typeof SCALE_RANGE; score: number }): string {
  return SAY.scoreOf(item.score, SCALE_RANGE[item.scale].max);
}
