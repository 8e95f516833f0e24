import { DEFAULT_LOCALE, type Locale } from '../../common/i18n/locale';
import { longDate } from '../../common/i18n/long-date';
import type { ChoiceOption, LocalisedText, Question } from '../surveys/survey-definition';
import { SCALE_END_LABELS } from '../surveys/scale-labels';
import { SCALE_RANGE } from '../surveys/survey-definition';
import { estimatedMinutes } from '../surveys/survey-duration';
import type { SurveyVersion } from '../surveys/survey-version.entity';
import type { Invitation } from '../invitations/invitation.entity';
import type { ShownConsentText } from '../consent/consent.service';
import type { PostedFields } from './survey-submission';
import type {
  ChoiceView,
  ContextView,
  FieldError,
  QuestionView,
  SurveyPageFrame,
  SurveyPageView,
} from './survey-page.view';

export interface SurveyPageInput {
  /** The page's language, company and privacy center link. */
  frame: SurveyPageFrame;
  /** Where the form posts: the link's own path. */
  action: string;
  invitation: Pick<Invitation, 'touchpointType' | 'touchpointReference' | 'touchpointOccurredAt'>;
  version: SurveyVersion;
  /** Null on a recovery survey, which asks no consent. */
  consentText: Pick<ShownConsentText, 'id' | 'paragraphs'> | null;
  /** What was posted, to show again; or the score the email's button pre-selects. */
  fields: PostedFields;
  errors: FieldError[];
}

/** The survey form's view: the posted values kept, each error next to its field. */
export function surveyPageView(input: SurveyPageInput): SurveyPageView {
  const { frame, version, errors } = input;
  const locale = frame.lang;
  const form = postedForm(input);
  return {
    ...frame,
    heading: frame.t.surveyHeading,
    intro: frame.t.surveyIntro(estimatedMinutes(version, { asksConsent: !!input.consentText })),
    touchpoint: touchpointText(input.invitation, locale),
    action: input.action,
    openedStylesheet: null,
    consent: consentView(input.consentText, form),
    score: scoreView(version, locale, form),
    questions: version.questions.map((question) => questionView(question, form)),
    comment: { value: form.posted('comment')[0] ?? '', error: form.errorOf('comment') },
    preferences: preferencesView(version.preferences, form, errors),
    errors,
  };
}

/** The form as posted, read for showing again: in the page's language, with its errors. */
interface PostedForm {
  locale: Locale;
  posted: (name: string) => string[];
  errorOf: (field: string) => string | null;
  /** The options as checkboxes or radio buttons named `name`, the posted ones checked. */
  choices: (options: ChoiceOption[], name: string) => ChoiceView[];
}

function postedForm({ frame, fields, errors }: SurveyPageInput): PostedForm {
  const locale = frame.lang;
  const posted = (name: string) => fields.get(name) ?? [];
  return {
    locale,
    posted,
    errorOf: (field) => errors.find((error) => error.field === field)?.message ?? null,
    choices: (options, name) =>
      options.map((option) => ({
        value: option.value,
        label: text(option.label, locale),
        checked: posted(name).includes(option.value),
      })),
  };
}

function consentView(
  consentText: SurveyPageInput['consentText'],
  form: PostedForm,
): SurveyPageView['consent'] {
  const consent = form.posted('consent')[0];
  return (
    consentText && {
      textId: consentText.id,
      paragraphs: consentText.paragraphs,
      identified: consent === 'identified',
      anonymous: consent === 'anonymous',
      error: form.errorOf('consent'),
    }
  );
}

/** The version's scale, low to high, with its question and end labels in the page's language. */
function scoreView(
  version: SurveyVersion,
  locale: Locale,
  form: PostedForm,
): SurveyPageView['score'] {
  const range = SCALE_RANGE[version.scale];
  const scale = Array.from({ length: range.max - range.min + 1 }, (_, i) => String(range.min + i));
  const texts = version.texts[locale] ?? version.texts[DEFAULT_LOCALE];
  return {
    question: texts.scoreQuestion,
    lowLabel: SCALE_END_LABELS[version.scale][locale].low,
    highLabel: SCALE_END_LABELS[version.scale][locale].high,
    options: scale.map((value) => ({
      value,
      label: value,
      checked: form.posted('score').includes(value),
    })),
    error: form.errorOf('score'),
  };
}

function questionView(question: Question, form: PostedForm): QuestionView {
  const name = `q_${question.id}`;
  return {
    name,
    id: name,
    label: text(question.label, form.locale),
    required: question.required ?? false,
    singleChoice: question.type === 'single_choice',
    multipleChoice: question.type === 'multiple_choice',
    rating: question.type === 'rating',
    freeText: question.type === 'free_text',
    options:
      question.type === 'rating'
        ? ['1', '2', '3', '4', '5'].map((value) => ({
            value,
            label: value,
            checked: form.posted(name).includes(value),
          }))
        : form.choices(question.options ?? [], name),
    value: question.type === 'free_text' ? (form.posted(name)[0] ?? '') : '',
    error: form.errorOf(name),
  };
}

/** Each context with its own preference fields; null when the version offers no contexts. */
function preferencesView(
  preferences: SurveyVersion['preferences'],
  form: PostedForm,
  errors: FieldError[],
): SurveyPageView['preferences'] {
  const contexts: ContextView[] = form.choices(preferences.contexts, 'context').map((context) => ({
    ...context,
    channelName: `channel_${context.value}`,
    timeName: `time_${context.value}`,
    interestsName: `interests_${context.value}`,
    channels: form.choices(preferences.channels, `channel_${context.value}`),
    times: form.choices(preferences.contactTimes, `time_${context.value}`),
    interests: form.choices(preferences.interests, `interests_${context.value}`),
  }));
  if (!contexts.length) return null;
  return {
    contexts,
    error:
      form.errorOf('context') ??
      errors.find((error) => /^(channel|time|interests)_/.test(error.field))?.message ??
      null,
  };
}

/** "Stay · R-2026-1182 · 20 November 2026", from what the CRM told; null when it told nothing. */
function touchpointText(invitation: SurveyPageInput['invitation'], locale: Locale): string | null {
  const parts = [
    invitation.touchpointType?.replaceAll(/[_-]/g, ' '),
    invitation.touchpointReference,
    invitation.touchpointOccurredAt && longDate(locale, invitation.touchpointOccurredAt),
  ].filter((part): part is string => Boolean(part));
  if (parts.length === 0) return null;
  parts[0] = parts[0].charAt(0).toUpperCase() + parts[0].slice(1);
  return parts.join(' · ');
}

function text(label: LocalisedText, locale: Locale): string {
  return label[locale] ?? label[DEFAULT_LOCALE] ?? Object.values(label)[0] ?? '';
}
