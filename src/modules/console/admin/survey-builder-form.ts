import { LOCALES, type Locale } from '../../../common/i18n/locale';
import { QUESTION_TYPES, SCALES } from '../../surveys/survey-definition';
import type { BuilderError } from './survey-builder-errors';
import type { SurveyBuilderWords } from './survey-builder-words';
import type {
  BuilderFormView,
  ChoiceListView,
  FieldView,
  HiddenField,
  QuestionView,
} from './survey-builder.views';
import { button, type FieldMarks, fieldMarks, fieldView, selectView } from './admin-form-fields';
import { groupPrefix, questionPrefix } from './survey-draft-actions';
import { isChoiceType } from './survey-draft-body';
import {
  type ChoiceDraft,
  CONTACT_POLICY_FIELDS,
  FOLLOW_UP_FIELDS,
  PREFERENCE_GROUPS,
  type SurveyDraft,
  TEXT_FIELDS,
  type Texts,
} from './survey-draft';

export interface BuilderFormInput {
  draft: SurveyDraft;
  isNew: boolean;
  csrfToken: string;
  /** The version the form was opened from (null: a new survey): a save since is a conflict. */
  baseVersion: number | null;
  formAction: string;
  saveLabel: string;
  errors: BuilderError[];
  /** The element to focus once shown (after an action); null: none. */
  focus: string | null;
  words: SurveyBuilderWords;
}

type Marks = FieldMarks & { words: SurveyBuilderWords; formAction: string };

/** The form's view of a draft, each field with its refusal and the focus where it belongs. */
export function builderForm(input: BuilderFormInput): BuilderFormView {
  const { draft, words, errors } = input;
  const marks: Marks = { ...fieldMarks(errors, input.focus), words, formAction: input.formAction };
  return {
    csrfToken: input.csrfToken,
    baseVersion: input.baseVersion,
    formAction: input.formAction,
    saveLabel: input.saveLabel,
    errors,
    ...aboutFields(marks, draft, input.isNew),
    ...policyFields(marks, draft),
    ...textFields(marks, draft),
    questions: draft.questions.map((question, i) =>
      questionView(marks, question, i, draft.questions.length),
    ),
    addQuestion: {
      type: selectView(
        marks,
        'newQuestionType',
        'Kind of the new question',
        'single_choice',
        QUESTION_TYPES,
        words.questionTypes,
      ),
      button: button(marks, 'add-question', 'add-question', 'Add a question', ''),
      error: marks.errorOf('newQuestionType'),
    },
    preferences: PREFERENCE_GROUPS.map((group) =>
      choiceList(
        marks,
        groupPrefix(group),
        words.preferences[group].heading,
        draft.preferences[group],
        (n) => `${words.preferences[group].item} ${n}`,
      ),
    ),
    previewLocale: selectView(
      marks,
      'previewLocale',
      'Preview in',
      draft.previewLocale,
      LOCALES,
      words.languages,
    ),
  };
}

/** The survey's key (a new one's only), name, scale and threshold. */
function aboutFields(marks: Marks, draft: SurveyDraft, isNew: boolean) {
  const { words } = marks;
  return {
    key: isNew
      ? fieldView(marks, 'key', words.key.label, draft.key, {
          hint: words.key.hint,
          required: true,
        })
      : null,
    name: fieldView(marks, 'name', words.name, draft.name, { required: true }),
    scale: selectView(marks, 'scale', words.scale, draft.scale, SCALES, words.scales),
    threshold: fieldView(marks, 'threshold', words.threshold, draft.threshold, {
      hint: words.thresholdHint,
      numeric: true,
    }),
  };
}

/** The follow-up deadlines and the contact policy, numbers as typed. */
function policyFields(marks: Marks, draft: SurveyDraft) {
  const { words } = marks;
  return {
    followUp: FOLLOW_UP_FIELDS.map((name) => {
      const { label, hint } = words.followUp[name];
      return fieldView(marks, `followUp_${name}`, label, draft.followUp[name], {
        hint,
        numeric: true,
      });
    }),
    contactPolicy: CONTACT_POLICY_FIELDS.map((name) => {
      const { label, hint } = words.contactPolicy[name];
      return fieldView(marks, `contactPolicy_${name}`, label, draft.contactPolicy[name], {
        hint,
        numeric: true,
      });
    }),
  };
}

/** Each email and score text in the form's languages side by side; other languages kept hidden. */
function textFields(marks: Marks, draft: SurveyDraft) {
  const { words } = marks;
  return {
    texts: TEXT_FIELDS.map((name) => ({
      label: words.texts[name],
      cells: LOCALES.map((locale) =>
        fieldView(
          marks,
          `text_${locale}_${name}`,
          inLanguage(words, words.texts[name], locale),
          draft.texts[locale]?.[name] ?? '',
          { lang: locale, multiline: name === 'emailIntro' },
        ),
      ),
    })),
    keptTexts: Object.entries(draft.texts)
      .filter(([tag]) => !(LOCALES as readonly string[]).includes(tag))
      .flatMap(([tag, texts]) =>
        TEXT_FIELDS.map((name) => ({ name: `text_${tag}_${name}`, value: texts[name] })),
      ),
  };
}

function questionView(
  marks: Marks,
  question: SurveyDraft['questions'][number],
  i: number,
  count: number,
): QuestionView {
  const { words } = marks;
  const prefix = questionPrefix(i);
  const legend = words.question(i + 1);
  const choice = isChoiceType(question.type);
  return {
    legend,
    type: {
      ...selectView(
        marks,
        `${prefix}_type`,
        `Kind of ${legend.toLowerCase()}`,
        question.type,
        QUESTION_TYPES,
        words.questionTypes,
      ),
      // A new kind shows its fields at once (htmx): a choice question its choices.
      refresh: marks.formAction,
    },
    id: fieldView(marks, `${prefix}_id`, words.keyOf(legend), question.id, {
      hint: 'Names its answers in exports and the API: keep it when you edit the wording.',
      required: true,
    }),
    required: {
      id: `${prefix}_required`,
      label: 'An answer is required',
      checked: question.required,
    },
    labels: labelFields(marks, prefix, legend, question.label),
    kept: keptLabels(prefix, question.label),
    choices: choice
      ? choiceList(marks, prefix, `Choices of ${legend.toLowerCase()}`, question.options, (n) =>
          words.choice(n, legend),
        )
      : null,
    hiddenChoices: choice ? [] : hiddenChoices(prefix, question.options),
    up: i > 0 ? button(marks, `${prefix}-up`, `question-up:${i}`, 'Move up', legend) : null,
    down:
      i < count - 1
        ? button(marks, `${prefix}-down`, `question-down:${i}`, 'Move down', legend)
        : null,
    remove: button(marks, `${prefix}-remove`, `question-remove:${i}`, 'Remove', legend),
  };
}

function choiceList(
  marks: Marks,
  prefix: string,
  heading: string,
  choices: ChoiceDraft[],
  name: (n: number) => string,
): ChoiceListView {
  return {
    id: `${prefix}_choices`,
    heading,
    hint: null,
    error: marks.errorOf(`${prefix}_choices`),
    rows: choices.map((choice, j) => {
      const row = `${prefix}_o${j}`;
      const legend = name(j + 1);
      return {
        legend,
        value: fieldView(marks, `${row}_value`, marks.words.keyOf(legend), choice.value, {
          required: true,
        }),
        labels: labelFields(marks, row, legend, choice.label),
        kept: keptLabels(row, choice.label),
        up:
          j > 0 ? button(marks, `${row}-up`, `choice-up:${prefix}:${j}`, 'Move up', legend) : null,
        down:
          j < choices.length - 1
            ? button(marks, `${row}-down`, `choice-down:${prefix}:${j}`, 'Move down', legend)
            : null,
        remove: button(marks, `${row}-remove`, `choice-remove:${prefix}:${j}`, 'Remove', legend),
      };
    }),
    add: button(
      marks,
      `${prefix}-add`,
      `choice-add:${prefix}`,
      'Add a choice',
      `to ${heading.toLowerCase()}`,
    ),
  };
}

/** A label in each of the form's languages, English first (required: the fallback). */
function labelFields(marks: Marks, row: string, what: string, label: Texts): FieldView[] {
  return LOCALES.map((locale) =>
    fieldView(
      marks,
      `${row}_label_${locale}`,
      inLanguage(marks.words, what, locale),
      label[locale] ?? '',
      {
        lang: locale,
        required: locale === 'en',
      },
    ),
  );
}

function keptLabels(row: string, label: Texts): HiddenField[] {
  return Object.entries(label)
    .filter(([tag]) => !(LOCALES as readonly string[]).includes(tag))
    .map(([tag, value]) => ({ name: `${row}_label_${tag}`, value }));
}

function hiddenChoices(prefix: string, choices: ChoiceDraft[]): HiddenField[] {
  return choices.flatMap((choice, j) => [
    { name: `${prefix}_o${j}_value`, value: choice.value },
    ...Object.entries(choice.label).map(([tag, value]) => ({
      name: `${prefix}_o${j}_label_${tag}`,
      value,
    })),
  ]);
}

function inLanguage(words: SurveyBuilderWords, what: string, locale: Locale): string {
  return words.inLanguage(what, words.languages[locale]);
}
