import type { PreferenceOptions, Question, QuestionType } from './survey-definition';

/**
 * How long answering takes, as the invitation and the survey page promise it: computed from what
 * the page asks, so a survey with more questions promises more time. Seconds per part, for a
 * customer reading at an ordinary pace and typing a sentence or two where asked to write.
 */
const SECONDS = {
  /** Choosing between answering as oneself and anonymously, after reading the short notice. */
  consent: 15,
  score: 5,
  question: { rating: 5, single_choice: 10, multiple_choice: 15, free_text: 30 },
  comment: 20,
  /** Picking the roles they come in, and one role's channel, time and interests. */
  preferences: 25,
} as const satisfies Record<string, number | Record<QuestionType, number>>;

/** Whole minutes, at least one. */
export function estimatedMinutes(
  survey: { questions: readonly Question[]; preferences?: PreferenceOptions | null },
  { asksConsent }: { asksConsent: boolean },
): number {
  const seconds =
    (asksConsent ? SECONDS.consent : 0) +
    SECONDS.score +
    survey.questions.reduce((sum, question) => sum + SECONDS.question[question.type], 0) +
    SECONDS.comment +
    (survey.preferences?.contexts.length ? SECONDS.preferences : 0);
  return Math.max(1, Math.ceil(seconds / 60));
}
