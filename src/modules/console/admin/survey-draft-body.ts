import { DEFAULT_FOLLOW_UP, type QuestionType } from '../../surveys/survey-definition';
import {
  type ChoiceDraft,
  CONTACT_POLICY_FIELDS,
  FOLLOW_UP_FIELDS,
  PREFERENCE_GROUPS,
  type SurveyDraft,
  TEXT_FIELDS,
  type Texts,
} from './survey-draft';

export const isChoiceType = (type: string): boolean =>
  type === ('single_choice' satisfies QuestionType) ||
  type === ('multiple_choice' satisfies QuestionType);

/**
 * The draft as the body of `POST /api/v1/surveys` (`withKey`) or `PUT /api/v1/surveys/{key}`,
 * for the API's DTO and rules to judge: what was left empty is left out (the API's defaults
 * apply, as the form's hints say), numbers that are not numbers stay text (to be refused with
 * the API's sentence), and a question keeps its choices only when it is a choice question.
 */
export function surveyDefinition(draft: SurveyDraft, withKey: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...(withKey ? { key: draft.key.trim() } : {}),
    name: draft.name.trim(),
    scale: draft.scale,
    questions: draft.questions.map((question) => ({
      id: question.id.trim(),
      type: question.type,
      label: given(question.label),
      ...(isChoiceType(question.type) ? { options: question.options.map(choice) } : {}),
      ...(question.required ? { required: true } : {}),
    })),
  };
  const threshold = whole(draft.threshold);
  if (threshold !== undefined) body.dissatisfiedAtOrBelow = threshold;
  if (FOLLOW_UP_FIELDS.some((name) => draft.followUp[name].trim() !== '')) {
    // The API needs both deadlines once one is given; an empty one is its default, as shown.
    body.followUp = Object.fromEntries(
      FOLLOW_UP_FIELDS.map((name) => [
        name,
        whole(draft.followUp[name]) ?? DEFAULT_FOLLOW_UP[name],
      ]),
    );
  }
  const policy = Object.fromEntries(
    CONTACT_POLICY_FIELDS.flatMap((name) => {
      const value = whole(draft.contactPolicy[name]);
      return value === undefined ? [] : [[name, value]];
    }),
  );
  if (Object.keys(policy).length > 0) body.contactPolicy = policy;
  if (PREFERENCE_GROUPS.some((group) => draft.preferences[group].length > 0)) {
    body.preferences = Object.fromEntries(
      PREFERENCE_GROUPS.map((group) => [group, draft.preferences[group].map(choice)]),
    );
  }
  const locales = Object.fromEntries(
    Object.entries(draft.texts).flatMap(([tag, texts]) => {
      const shown = Object.fromEntries(
        TEXT_FIELDS.filter((name) => texts[name].trim() !== '').map((name) => [name, texts[name]]),
      );
      return Object.keys(shown).length > 0 ? [[tag, shown]] : [];
    }),
  );
  if (Object.keys(locales).length > 0) body.locales = locales;
  return body;
}

function choice(option: ChoiceDraft) {
  return { value: option.value.trim(), label: given(option.label) };
}

/** Only the languages something was written in: an empty one falls back to English. */
function given(texts: Texts): Texts {
  return Object.fromEntries(
    Object.entries(texts)
      .filter(([, text]) => text.trim() !== '')
      .map(([tag, text]) => [tag, text.trim()]),
  );
}

/** A whole number as typed; anything else stays text, for the API to refuse with its sentence. */
function whole(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^[+-]?\d{1,9}$/.test(trimmed) ? Number(trimmed) : trimmed;
}
