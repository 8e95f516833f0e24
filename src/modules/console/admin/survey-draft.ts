/**
 * A survey as the builder's form holds it: every field as typed (numbers too, so a refused save
 * shows "12h" again rather than losing it), read from the posted fields and written back into
 * them. `surveyDefinition` turns it into the body `POST /api/v1/surveys` takes, so the form is
 * checked and saved by the API's own rules.
 */
import { DEFAULT_LOCALE, LOCALES } from '../../../common/i18n/locale';
import type { SurveyDto } from '../../surveys/dto/survey.dto';
import {
  type ChoiceOption,
  type ContactPolicy,
  DEFAULT_TEXTS,
  type FollowUpPolicy,
  type PreferenceOptions,
  type SurveyTexts,
} from '../../surveys/survey-definition';
import type { Form } from './admin-forms';

/** Texts by language tag, as typed ('' when not given). */
export type Texts = Record<string, string>;

export interface ChoiceDraft {
  value: string;
  label: Texts;
}

export interface QuestionDraft {
  id: string;
  type: string;
  required: boolean;
  label: Texts;
  /** Kept for every kind, so changing a question's kind back loses nothing. */
  options: ChoiceDraft[];
}

export type PreferenceGroup = keyof PreferenceOptions;
export const PREFERENCE_GROUPS: PreferenceGroup[] = [
  'contexts',
  'channels',
  'contactTimes',
  'interests',
];
export const FOLLOW_UP_FIELDS: (keyof FollowUpPolicy)[] = [
  'firstContactHours',
  'resolutionHours',
  'recoveryDelayHours',
];
export const CONTACT_POLICY_FIELDS: (keyof ContactPolicy)[] = [
  'maxInvitations',
  'invitationWindowDays',
  'maxMessages',
  'messageWindowDays',
  'reminderAfterHours',
  'expiryDays',
];
export const TEXT_FIELDS: (keyof SurveyTexts)[] = [
  'emailSubject',
  'emailIntro',
  'scoreQuestion',
  'reminderSubject',
];

export interface SurveyDraft {
  /** A new survey's key; a saved survey's key is its address and is not posted. */
  key: string;
  name: string;
  scale: string;
  threshold: string;
  followUp: Record<keyof FollowUpPolicy, string>;
  contactPolicy: Record<keyof ContactPolicy, string>;
  /** The email and score texts by language tag. */
  texts: Record<string, Record<keyof SurveyTexts, string>>;
  questions: QuestionDraft[];
  preferences: Record<PreferenceGroup, ChoiceDraft[]>;
  /** The language the preview shows. */
  previewLocale: string;
}

/** A language tag a label or text may be posted under (`q0_label_fi-FI`). */
const TAG = '[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?';
const QUESTION_FIELD = new RegExp(`^q(\\d{1,2})_(id|type|required|label_(${TAG})|o(\\d{1,2})_.+)$`);
const CHOICE_FIELD = new RegExp(`^(?:value|label_(${TAG}))$`);
const PREFERENCE_FIELD = new RegExp(
  `^pref_(contexts|channels|contactTimes|interests)_o(\\d{1,2})_(.+)$`,
);
const TEXT_FIELD = new RegExp(
  `^text_(${TAG})_(emailSubject|emailIntro|scoreQuestion|reminderSubject)$`,
);

const blankTexts = (): Record<keyof SurveyTexts, string> => ({
  emailSubject: '',
  emailIntro: '',
  scoreQuestion: '',
  reminderSubject: '',
});
const blankFields = <K extends string>(names: K[]) =>
  Object.fromEntries(names.map((name) => [name, ''])) as Record<K, string>;
const noPreferences = (): Record<PreferenceGroup, ChoiceDraft[]> => ({
  contexts: [],
  channels: [],
  contactTimes: [],
  interests: [],
});

/** A new survey's starting point: one free-text question, the standard texts to edit. */
export function newSurveyDraft(): SurveyDraft {
  return {
    key: '',
    name: '',
    scale: 'csat5',
    threshold: '',
    followUp: blankFields(FOLLOW_UP_FIELDS),
    contactPolicy: blankFields(CONTACT_POLICY_FIELDS),
    texts: Object.fromEntries(LOCALES.map((locale) => [locale, { ...DEFAULT_TEXTS[locale] }])),
    questions: [],
    preferences: noPreferences(),
    previewLocale: DEFAULT_LOCALE,
  };
}

/** A saved survey's latest version, as the form shows it. */
export function surveyDraft(survey: SurveyDto): SurveyDraft {
  const choices = (options: ChoiceOption[] | undefined) =>
    (options ?? []).map((option) => ({ value: option.value, label: { ...option.label } }));
  return {
    key: survey.key,
    name: survey.name,
    scale: survey.scale,
    threshold: String(survey.dissatisfiedAtOrBelow),
    followUp: strings(FOLLOW_UP_FIELDS, survey.followUp),
    contactPolicy: strings(CONTACT_POLICY_FIELDS, survey.contactPolicy),
    texts: Object.fromEntries(
      Object.entries(survey.locales).map(([locale, texts]) => [locale, { ...texts }]),
    ),
    questions: survey.questions.map((question) => ({
      id: question.id,
      type: question.type,
      required: question.required ?? false,
      label: { ...question.label },
      options: choices(question.options),
    })),
    preferences: Object.fromEntries(
      PREFERENCE_GROUPS.map((group) => [group, choices(survey.preferences?.[group])]),
    ) as Record<PreferenceGroup, ChoiceDraft[]>,
    previewLocale: DEFAULT_LOCALE,
  };
}

function strings<K extends string>(names: K[], values: Partial<Record<K, unknown>>) {
  return Object.fromEntries(
    names.map((name) => [name, values[name] === undefined ? '' : String(values[name])]),
  ) as Record<K, string>;
}

/**
 * The draft the form posted. One pass over the fields: rows are numbered `q0_…`, `q0_o1_…`,
 * `pref_contexts_o0_…`, and come back in the order of their numbers (gaps closed).
 */
export function postedDraft(form: Form): SurveyDraft {
  const draft = newSurveyDraft();
  draft.texts = {};
  const questions = new Map<number, QuestionDraft & { choices: Map<number, ChoiceDraft> }>();
  const preferences = new Map<string, Map<number, ChoiceDraft>>();
  const choiceIn = (rows: Map<number, ChoiceDraft>, n: number) =>
    rows.get(n) ?? rows.set(n, { value: '', label: {} }).get(n)!;
  for (const [name, raw] of Object.entries(form)) {
    const value = Array.isArray(raw) ? String(raw[0] ?? '') : typeof raw === 'string' ? raw : '';
    const question = QUESTION_FIELD.exec(name);
    const preference = PREFERENCE_FIELD.exec(name);
    const text = TEXT_FIELD.exec(name);
    if (question) {
      const n = Number(question[1]);
      const row =
        questions.get(n) ??
        questions
          .set(n, { id: '', type: '', required: false, label: {}, options: [], choices: new Map() })
          .get(n)!;
      const [, , field, tag, option] = question;
      if (option !== undefined) {
        choiceField(choiceIn(row.choices, Number(option)), name.replace(/^q\d+_o\d+_/, ''), value);
      } else if (tag !== undefined) row.label[tag] = value;
      else if (field === 'required') row.required = value !== '';
      else if (field === 'id' || field === 'type') row[field] = value;
    } else if (preference) {
      const [, group, n, rest] = preference;
      const rows = preferences.get(group) ?? preferences.set(group, new Map()).get(group)!;
      choiceField(choiceIn(rows, Number(n)), rest, value);
    } else if (text) {
      const [, tag, field] = text;
      (draft.texts[tag] ??= blankTexts())[field as keyof SurveyTexts] = value;
    }
  }
  draft.questions = ordered(questions).map(({ choices, ...row }) => ({
    ...row,
    options: ordered(choices),
  }));
  for (const group of PREFERENCE_GROUPS) {
    draft.preferences[group] = ordered(preferences.get(group) ?? new Map<number, ChoiceDraft>());
  }
  for (const locale of LOCALES) draft.texts[locale] ??= blankTexts();
  return { ...draft, ...scalars(form) };
}

function choiceField(choice: ChoiceDraft, field: string, value: string): void {
  const match = CHOICE_FIELD.exec(field);
  if (!match) return;
  if (match[1] !== undefined) choice.label[match[1]] = value;
  else choice.value = value;
}

function ordered<T>(rows: Map<number, T>): T[] {
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

/** The single fields: key, name, scale, threshold, follow-up and contact policy, preview. */
function scalars(form: Form) {
  const field = (name: string) => {
    const value = form[name];
    return typeof value === 'string' ? value : '';
  };
  return {
    key: field('key'),
    name: field('name'),
    scale: field('scale'),
    threshold: field('threshold'),
    followUp: Object.fromEntries(
      FOLLOW_UP_FIELDS.map((name) => [name, field(`followUp_${name}`)]),
    ) as SurveyDraft['followUp'],
    contactPolicy: Object.fromEntries(
      CONTACT_POLICY_FIELDS.map((name) => [name, field(`contactPolicy_${name}`)]),
    ) as SurveyDraft['contactPolicy'],
    previewLocale: field('previewLocale') || DEFAULT_LOCALE,
  };
}
