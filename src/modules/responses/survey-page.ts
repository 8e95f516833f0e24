import { DEFAULT_LOCALE, type Locale } from '../../common/i18n/locale';
import { longDate } from '../../common/i18n/long-date';
import type { ChoiceOption, LocalisedText } from '../surveys/survey-definition';
import { SCALE_END_LABELS } from '../surveys/scale-labels';
import { SCALE_RANGE } from '../surveys/survey-definition';
import type { SurveyVersion } from '../surveys/survey-version.entity';
import type { Invitation } from '../invitations/invitation.entity';
import type { ShownConsentText } from '../consent/consent.service';
import type { PostedFields } from './survey-submission';
import type {
  ChoiceView,
  ContextView,
  FieldError,
  QuestionView,
  SurveyPageView,
} from './survey-page.view';
import { SURVEY_PAGE_TEXTS } from './survey-page-texts';

export interface SurveyPageInput {
  locale: Locale;
  company: string;
  token: string;
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
  const { locale, version, fields, errors } = input;
  const t = SURVEY_PAGE_TEXTS[locale];
  const errorOf = (field: string) => errors.find((error) => error.field === field)?.message ?? null;
  const posted = (name: string) => fields.get(name) ?? [];
  const choices = (options: ChoiceOption[], name: string): ChoiceView[] =>
    options.map((option) => ({
      value: option.value,
      label: text(option.label, locale),
      checked: posted(name).includes(option.value),
    }));
  const range = SCALE_RANGE[version.scale];
  const scale = Array.from({ length: range.max - range.min + 1 }, (_, i) => String(range.min + i));
  const consent = posted('consent')[0];
  const texts = version.texts[locale] ?? version.texts[DEFAULT_LOCALE];

  const questions: QuestionView[] = version.questions.map((question) => {
    const name = `q_${question.id}`;
    return {
      name,
      id: name,
      label: text(question.label, locale),
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
              checked: posted(name).includes(value),
            }))
          : choices(question.options ?? [], name),
      value: question.type === 'free_text' ? (posted(name)[0] ?? '') : '',
      error: errorOf(name),
    };
  });

  const preferences = version.preferences;
  const contexts: ContextView[] = choices(preferences.contexts, 'context').map((context) => ({
    ...context,
    channelName: `channel_${context.value}`,
    timeName: `time_${context.value}`,
    interestsName: `interests_${context.value}`,
    channels: choices(preferences.channels, `channel_${context.value}`),
    times: choices(preferences.contactTimes, `time_${context.value}`),
    interests: choices(preferences.interests, `interests_${context.value}`),
  }));

  return {
    lang: locale,
    t,
    company: input.company,
    heading: t.surveyHeading,
    intro: t.surveyIntro,
    touchpoint: touchpointText(input.invitation, locale),
    action: `/s/${input.token}`,
    privacyUrl: `/p/${input.token}`,
    consent: input.consentText && {
      textId: input.consentText.id,
      paragraphs: input.consentText.paragraphs,
      identified: consent === 'identified',
      anonymous: consent === 'anonymous',
      error: errorOf('consent'),
    },
    score: {
      question: texts.scoreQuestion,
      lowLabel: SCALE_END_LABELS[version.scale][locale].low,
      highLabel: SCALE_END_LABELS[version.scale][locale].high,
      options: scale.map((value) => ({
        value,
        label: value,
        checked: posted('score').includes(value),
      })),
      error: errorOf('score'),
    },
    questions,
    comment: { value: posted('comment')[0] ?? '', error: errorOf('comment') },
    preferences: contexts.length
      ? {
          contexts,
          error:
            errorOf('context') ??
            errors.find((error) => /^(channel|time|interests)_/.test(error.field))?.message ??
            null,
        }
      : null,
    errors,
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
