import type { ErrorDetail } from '../../../common/errors/api-error';
import { DEFAULT_LOCALE } from '../../../common/i18n/locale';
import { QUESTION_TYPES, SURVEY_LIMITS } from '../../surveys/survey-definition';
import { isChoiceType } from './survey-draft-body';
import {
  type ChoiceDraft,
  PREFERENCE_GROUPS,
  type PreferenceGroup,
  type SurveyDraft,
} from './survey-draft';

/**
 * What a button of the builder asks for (`action` = `add-question`, `question-up:2`,
 * `choice-add:q2`, `choice-remove:pref_contexts:1`, …), applied to the posted draft. Without
 * JavaScript each is a submit that shows the form again, everything typed kept; with htmx the
 * form's inside is swapped. `focus` names the element to give the focus to afterwards (the moved
 * row's button, the new row's first field), so a keyboard user stays where they were.
 */
export interface Applied {
  draft: SurveyDraft;
  focus: string | null;
  /** Why the action was not taken (a limit reached), next to the field it names. */
  refusal: ErrorDetail | null;
}

type Move = 'up' | 'down' | 'remove';

/** The prefix of a list of choices: a question's (`q2`) or a preference group's (`pref_contexts`). */
export const questionPrefix = (i: number) => `q${i}`;
export const groupPrefix = (group: PreferenceGroup) => `pref_${group}`;

export function applyAction(draft: SurveyDraft, action: string, newType: string): Applied {
  const [verb, list, index] = action.split(':');
  const n = Number(index ?? list);
  if (verb === 'add-question') return addQuestion(draft, newType);
  if (/^question-(up|down|remove)$/.test(verb) && Number.isInteger(n)) {
    return moveQuestion(draft, verb.slice('question-'.length) as Move, n);
  }
  const choices = list === undefined ? null : choicesOf(draft, list);
  if (choices && verb === 'choice-add') return addChoice(draft, list, choices);
  if (choices && /^choice-(up|down|remove)$/.test(verb) && Number.isInteger(n)) {
    return moveChoice(draft, list, choices, verb.slice('choice-'.length) as Move, n);
  }
  return { draft, focus: null, refusal: null };
}

function addQuestion(draft: SurveyDraft, newType: string): Applied {
  const max = SURVEY_LIMITS.questions;
  if (draft.questions.length >= max) {
    return refused(draft, 'questions', 'newQuestionType', `A survey has at most ${max} questions.`);
  }
  const type = (QUESTION_TYPES as readonly string[]).includes(newType) ? newType : 'free_text';
  const id = unused(
    'question',
    draft.questions.map((question) => question.id),
  );
  const options: ChoiceDraft[] = isChoiceType(type)
    ? [blankChoice('choice_1'), blankChoice('choice_2')]
    : [];
  draft.questions.push({ id, type, required: false, label: {}, options });
  const i = draft.questions.length - 1;
  return { draft, focus: `${questionPrefix(i)}_label_${DEFAULT_LOCALE}`, refusal: null };
}

function moveQuestion(draft: SurveyDraft, move: Move, i: number): Applied {
  const rows = draft.questions;
  if (i < 0 || i >= rows.length) return { draft, focus: null, refusal: null };
  if (move === 'remove') {
    rows.splice(i, 1);
    const next = Math.min(i, rows.length - 1);
    const focus = next < 0 ? 'newQuestionType' : `${questionPrefix(next)}_label_${DEFAULT_LOCALE}`;
    return { draft, focus, refusal: null };
  }
  const to = moved(rows, i, move);
  return { draft, focus: moveButton(questionPrefix(to), to, rows.length, move), refusal: null };
}

function addChoice(draft: SurveyDraft, prefix: string, choices: ChoiceDraft[]): Applied {
  const max = prefix.startsWith('pref_') ? SURVEY_LIMITS.preferenceOptions : SURVEY_LIMITS.options;
  if (choices.length >= max) {
    return refused(
      draft,
      `${prefix}_choices`,
      `${prefix}-add`,
      `A list has at most ${max} choices.`,
    );
  }
  const value = unused(
    'choice',
    choices.map((choice) => choice.value),
  );
  choices.push(blankChoice(value));
  const j = choices.length - 1;
  return { draft, focus: `${prefix}_o${j}_label_${DEFAULT_LOCALE}`, refusal: null };
}

function moveChoice(
  draft: SurveyDraft,
  prefix: string,
  choices: ChoiceDraft[],
  move: Move,
  j: number,
): Applied {
  if (j < 0 || j >= choices.length) return { draft, focus: null, refusal: null };
  if (move === 'remove') {
    choices.splice(j, 1);
    const next = Math.min(j, choices.length - 1);
    const focus = next < 0 ? `${prefix}-add` : `${prefix}_o${next}_label_${DEFAULT_LOCALE}`;
    return { draft, focus, refusal: null };
  }
  const to = moved(choices, j, move);
  return { draft, focus: moveButton(`${prefix}_o${to}`, to, choices.length, move), refusal: null };
}

/** Swaps row `i` with its neighbour; the row's new index. */
function moved<T>(rows: T[], i: number, move: 'up' | 'down'): number {
  const to = move === 'up' ? i - 1 : i + 1;
  if (to < 0 || to >= rows.length) return i;
  [rows[i], rows[to]] = [rows[to], rows[i]];
  return to;
}

/** The same button on the moved row, or the other one where the row reached an end. */
function moveButton(prefix: string, at: number, count: number, move: 'up' | 'down'): string {
  const atEnd = move === 'up' ? at === 0 : at === count - 1;
  const other = move === 'up' ? 'down' : 'up';
  return `${prefix}-${atEnd && count > 1 ? other : move}`;
}

function choicesOf(draft: SurveyDraft, prefix: string): ChoiceDraft[] | null {
  const question = /^q(\d{1,2})$/.exec(prefix);
  if (question) return draft.questions[Number(question[1])]?.options ?? null;
  const group = PREFERENCE_GROUPS.find((name) => prefix === groupPrefix(name));
  return group ? draft.preferences[group] : null;
}

function blankChoice(value: string): ChoiceDraft {
  return { value, label: {} };
}

/** `question_1`, `question_2`, …: the first not taken. */
function unused(stem: string, taken: string[]): string {
  for (let n = 1; ; n += 1) {
    if (!taken.includes(`${stem}_${n}`)) return `${stem}_${n}`;
  }
}

function refused(draft: SurveyDraft, field: string, focus: string, message: string): Applied {
  return { draft, focus, refusal: { field, message } };
}
