import { LOCALES } from '../../../common/i18n/locale';
import type { PhrasesView } from '../../topics/comment-phrases';
import type { TopicPreviewView } from '../../topics/topic-preview';
import type { TopicReportView } from '../../topics/topic-report';
import type { RetagProgress } from '../../topics/topic-retag';
import { LANGUAGE_NAMES } from '../../topics/topic-terms';
import type { TopicInput, TopicView } from '../../topics/topics.service';
import type { AdminFormFrame } from '../admin/admin-pages';
import type { Form } from '../admin/admin-forms';
import { text } from '../admin/admin-forms';
import { CONSOLE_LOCALE } from '../case-words';
import type { WithNav } from '../console-nav';
import { RETAG_WORDS, SCALE_WORDS, TOPIC_PAGE_WORDS } from './topic-words';

export const WORDS = TOPIC_PAGE_WORDS[CONSOLE_LOCALE];
type Words = typeof WORDS;

interface RetagView {
  label: string;
  running: boolean;
  done: number;
  total: number;
}

/** `console-admin-topics.hbs`: every topic, and how far the tagging is. */
export interface ConsoleAdminTopicsView extends AdminFormFrame {
  words: Words;
  topics: { id: string; name: string; nameFi: string; rules: string; active: boolean }[];
  retag: RetagView;
}

/** `console-admin-topic.hbs`: one topic's form, new or saved, with a preview of its matches. */
export interface ConsoleAdminTopicView extends AdminFormFrame {
  words: Words;
  /** Null for a new topic. */
  topic: { id: string; name: string } | null;
  action: string;
  previewAction: string;
  names: { locale: string; language: string; value: string }[];
  rules: { locale: string; language: string; text: string }[];
  active: boolean;
  preview: {
    identified: number;
    /** Null: fewer than 5 (not told). */
    anonymous: number | string;
    total: number;
    examples: { comment: string; score: string; when: string }[];
  } | null;
}

/** `console-topics.hbs`: the period's topics and frequent phrases (managers, admins). */
export interface ConsoleTopicsView {
  words: Words;
  error: string | null;
  form: { from: string; until: string; survey: string };
  surveys: { value: string; label: string; selected: boolean }[];
  period: string;
  topics: {
    name: string;
    comments: number;
    previous: number;
    change: string;
    average: string;
    href: string | null;
  }[];
  phrases: { phrase: string; comments: number; average: string }[];
  phrasesNote: string;
}

declare module '../../../common/templates/page-contexts' {
  interface PageContexts {
    'console-admin-topics': WithNav<ConsoleAdminTopicsView>;
    'console-admin-topic': WithNav<ConsoleAdminTopicView>;
    'console-topics': WithNav<ConsoleTopicsView>;
  }
}

const BASE = '/console/admin/topics';

export function retagView(progress: RetagProgress): RetagView {
  return {
    label: RETAG_WORDS[CONSOLE_LOCALE][progress.status],
    running: progress.status === 'running' || progress.status === 'waiting',
    done: progress.done,
    total: progress.total,
  };
}

export function topicRows(topics: TopicView[]): ConsoleAdminTopicsView['topics'] {
  return topics.map((topic) => ({
    id: topic.id,
    name: topic.names.en,
    nameFi: topic.names.fi,
    rules: LOCALES.flatMap((locale) => topic.rules[locale]).join(', '),
    active: topic.active,
  }));
}

/** The topic as its form posted it: names, one textarea of rules per language, switched on. */
export function postedTopic(form: Form | undefined): TopicInput {
  const posted = form ?? {};
  return {
    names: Object.fromEntries(
      LOCALES.map((l) => [l, text(posted[`name_${l}`])]),
    ) as TopicInput['names'],
    rules: Object.fromEntries(LOCALES.map((l) => [l, termsOf(text(posted[`rules_${l}`]))])),
    active: text(posted.active) === 'on',
  };
}

/** A textarea's rules: one per line or between commas, a quoted phrase kept whole. */
export function termsOf(written: string): string[] {
  return (written.match(/"[^"\n]*"|[^,\n]+/g) ?? []).map((t) => t.trim()).filter((t) => t !== '');
}

export const NEW_TOPIC: TopicInput = {
  names: { en: '', fi: '' },
  rules: { en: [], fi: [] },
  active: true,
};

/** The form of `saved` (null: a new one) showing `input`, with `preview` when one was asked. */
export function topicForm(
  saved: TopicView | null,
  input: TopicInput,
  preview: TopicPreviewView | null,
): Omit<ConsoleAdminTopicView, keyof AdminFormFrame> {
  const action = saved ? `${BASE}/${saved.id}` : BASE;
  return {
    words: WORDS,
    topic: saved && { id: saved.id, name: saved.names.en },
    action,
    previewAction: saved ? `${action}/preview` : `${BASE}/preview`,
    names: LOCALES.map((locale) => ({
      locale,
      language: LANGUAGE_NAMES[locale],
      value: input.names[locale] ?? '',
    })),
    rules: LOCALES.map((locale) => ({
      locale,
      language: LANGUAGE_NAMES[locale],
      text: (input.rules[locale] ?? []).join('\n'),
    })),
    active: input.active ?? true,
    preview: preview && {
      ...preview.matches,
      anonymous: preview.matches.anonymous ?? WORDS.fewerThanFive,
      examples: preview.examples.map((example) => ({
        comment: example.comment,
        score: `${example.score} (${SCALE_WORDS[CONSOLE_LOCALE][example.scale] ?? example.scale})`,
        when: example.identified
          ? `${WORDS.answered} ${example.submittedAt?.toISOString().slice(0, 10) ?? ''}`
          : `${WORDS.anonymousMonth} ${example.month ?? ''}`,
      })),
    },
  };
}

/** Means per scale in words: "2.33 (CSAT 1–5)"; a dash for none. */
export function averageWords(scores: Record<string, number>): string {
  const parts = Object.entries(scores).map(
    ([scale, mean]) => `${mean.toFixed(2)} (${SCALE_WORDS[CONSOLE_LOCALE][scale] ?? scale})`,
  );
  return parts.length > 0 ? parts.join('; ') : '—';
}

export function topicReportRows(
  report: TopicReportView,
  casesHref: (topicId: string) => string | null,
): ConsoleTopicsView['topics'] {
  return report.items.map((item) => ({
    name: item.topic.name,
    comments: item.comments,
    previous: item.previousComments,
    change: item.change > 0 ? `+${item.change}` : item.change < 0 ? `−${-item.change}` : '0',
    average: averageWords(item.averageScore),
    href: casesHref(item.topic.id),
  }));
}

export function phraseRows(phrases: PhrasesView): ConsoleTopicsView['phrases'] {
  return phrases.items.map((item) => ({
    phrase: item.phrase,
    comments: item.comments,
    average: averageWords(item.averageScore),
  }));
}

/** What the phrases were read from, in words. */
export function phrasesNote(phrases: PhrasesView): string {
  const read = phrases.capped
    ? `The ${phrases.cap.toLocaleString('en')} most recent comments of the period were read.`
    : `${phrases.commentsRead.toLocaleString('en')} comments of the period were read.`;
  const anonymous = phrases.anonymousIncluded
    ? 'Anonymous comments are among them.'
    : 'Anonymous comments are left out: the period has fewer than ten.';
  return `${read} ${anonymous} A phrase said in fewer than ${phrases.minComments} comments is not shown; common words are left out at a phrase’s ends.`;
}
