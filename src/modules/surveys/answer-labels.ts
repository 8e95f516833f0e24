import { DEFAULT_LOCALE, type Locale } from '../../common/i18n/locale';
import type { ChoiceOption, LocalisedText, Question } from './survey-definition';

/** A question of a survey with what was answered to it, in a language's words. */
export interface LabelledAnswer {
  questionId: string;
  question: string;
  /** The options' labels, the rating ("4 of 5") or the text written; empty when unanswered. */
  answer: string[];
}

/**
 * Every question of a survey version with its answer in words (`answers` as stored: question id
 * → option value(s), rating or text), in the version's order; questions left unanswered are kept,
 * with no answer, so a reader sees what was asked.
 */
export function labelledAnswers(
  questions: readonly Question[],
  answers: Record<string, string | string[]> | undefined,
  locale: Locale,
): LabelledAnswer[] {
  return questions.map((question) => {
    const given = answers?.[question.id];
    const values = given === undefined ? [] : Array.isArray(given) ? given : [given];
    return {
      questionId: question.id,
      question: text(question.label, locale),
      answer: values.map((value) => {
        if (question.type === 'rating') return `${value} of 5`;
        if (question.type === 'free_text') return value;
        return optionLabel(question.options ?? [], value, locale);
      }),
    };
  });
}

function optionLabel(options: ChoiceOption[], value: string, locale: Locale): string {
  const option = options.find((candidate) => candidate.value === value);
  return option ? text(option.label, locale) : value;
}

function text(label: LocalisedText, locale: Locale): string {
  return label[locale] ?? label[DEFAULT_LOCALE] ?? Object.values(label)[0] ?? '';
}
