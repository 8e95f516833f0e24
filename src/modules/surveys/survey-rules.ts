import type { ErrorDetail } from '../../common/errors/api-error';
import { DEFAULT_LOCALE, isLocale, LOCALES } from '../../common/i18n/locale';
import { LOCALE_PATTERN } from '../customers/dto/customer.dto';
import { dtoProblems } from '../../common/validation/parse-dto';
import { CreateSurveyDto, SurveyContentDto } from './dto/survey.dto';
import {
  ContactPolicy,
  DEFAULT_CONTACT_POLICY,
  DEFAULT_DISSATISFIED_AT_OR_BELOW,
  DEFAULT_FOLLOW_UP,
  DEFAULT_TEXTS,
  LocalisedText,
  PreferenceOptions,
  SCALE_RANGE,
  SCALES,
  SurveyTexts,
} from './survey-definition';
import type { SurveyVersion } from './survey-version.entity';

const TEXT_KEYS: (keyof SurveyTexts)[] = [
  'emailSubject',
  'emailIntro',
  'scoreQuestion',
  'reminderSubject',
];
const EMPTY_PREFERENCES: PreferenceOptions = {
  contexts: [],
  channels: [],
  contactTimes: [],
  interests: [],
};

/** What class-validator cannot say about a survey: cross-field rules and locale maps. */
export function surveyContentProblems(content: SurveyContentDto): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const range = SCALE_RANGE[content.scale];
  if (
    content.dissatisfiedAtOrBelow !== undefined &&
    (content.dissatisfiedAtOrBelow < range.min || content.dissatisfiedAtOrBelow >= range.max)
  ) {
    problems.push({
      field: 'dissatisfiedAtOrBelow',
      message: `must be from ${range.min} to ${range.max - 1} on the ${content.scale} scale`,
    });
  }
  const ids = new Set<string>();
  content.questions.forEach((question, i) => {
    if (ids.has(question.id))
      problems.push({ field: `questions.${i}.id`, message: 'must be unique in the survey' });
    ids.add(question.id);
    problems.push(...localisedProblems(question.label, `questions.${i}.label`));
    const isChoice = question.type === 'single_choice' || question.type === 'multiple_choice';
    if (isChoice && !question.options?.length) {
      problems.push({
        field: `questions.${i}.options`,
        message: 'must list the choices of a choice question',
      });
    }
    question.options?.forEach((option, j) =>
      problems.push(...localisedProblems(option.label, `questions.${i}.options.${j}.label`)),
    );
  });
  for (const [group, options] of Object.entries(content.preferences ?? {})) {
    (options as { label: LocalisedText }[]).forEach((option, j) =>
      problems.push(...localisedProblems(option.label, `preferences.${group}.${j}.label`)),
    );
  }
  for (const [locale, texts] of Object.entries(content.locales ?? {})) {
    if (!LOCALE_PATTERN.test(locale))
      problems.push({ field: `locales.${locale}`, message: 'must be a language tag' });
    if (typeof texts !== 'object' || texts === null) {
      problems.push({ field: `locales.${locale}`, message: 'must be an object of texts' });
      continue;
    }
    for (const [name, value] of Object.entries(texts)) {
      if (!TEXT_KEYS.includes(name as keyof SurveyTexts)) {
        problems.push({
          field: `locales.${locale}.${name}`,
          message: `is not one of ${TEXT_KEYS.join(', ')}`,
        });
      } else if (typeof value !== 'string' || value.trim() === '' || value.length > 2000) {
        problems.push({
          field: `locales.${locale}.${name}`,
          message: 'must be text of 1 to 2000 characters',
        });
      }
    }
  }
  return problems;
}

/**
 * Everything wrong with a definition posted as a whole (the console's survey builder): what the
 * API's DTO refuses and, once the scale is one the rules can read, what the rules above refuse,
 * together, so every field is told at once. The same rules the API applies, and nothing more.
 */
export function surveyDefinitionProblems(
  body: Record<string, unknown>,
  { withKey }: { withKey: boolean },
): ErrorDetail[] {
  const problems = dtoProblems(withKey ? CreateSurveyDto : SurveyContentDto, body);
  const readable =
    (SCALES as readonly unknown[]).includes(body.scale) &&
    Array.isArray(body.questions) &&
    !problems.some((problem) => /^questions\.\d+$/.test(problem.field));
  return readable
    ? [...problems, ...surveyContentProblems(body as unknown as SurveyContentDto)]
    : problems;
}

function localisedProblems(text: unknown, field: string): ErrorDetail[] {
  if (typeof text !== 'object' || text === null)
    return [{ field, message: 'must map locales to texts' }];
  const entries = Object.entries(text);
  if (typeof (text as LocalisedText).en !== 'string')
    return [{ field: `${field}.en`, message: 'is required (English is the fallback)' }];
  return entries
    .filter(
      ([locale, value]) =>
        !LOCALE_PATTERN.test(locale) || typeof value !== 'string' || value.length > 500,
    )
    .map(([locale]) => ({
      field: `${field}.${locale}`,
      message: 'must be text of at most 500 characters under a language tag',
    }));
}

/** The stored form of a version's content, with every default filled in. */
export function resolveSurveyContent(
  content: SurveyContentDto,
): Omit<SurveyVersion, 'id' | 'surveyId' | 'survey' | 'version' | 'createdAt'> {
  const texts: Record<string, SurveyTexts> = {};
  for (const locale of new Set([...LOCALES, ...Object.keys(content.locales ?? {})])) {
    const base = DEFAULT_TEXTS[isLocale(locale) ? locale : DEFAULT_LOCALE];
    texts[locale] = { ...base, ...(content.locales?.[locale] ?? {}) };
  }
  const contactPolicy: ContactPolicy = { ...DEFAULT_CONTACT_POLICY };
  for (const [name, value] of Object.entries(content.contactPolicy ?? {})) {
    if (value !== undefined) contactPolicy[name as keyof ContactPolicy] = value as number;
  }
  return {
    name: content.name.trim(),
    scale: content.scale,
    questions: content.questions.map((q) => ({ ...q })),
    preferences: content.preferences ? { ...content.preferences } : EMPTY_PREFERENCES,
    dissatisfiedAtOrBelow:
      content.dissatisfiedAtOrBelow ?? DEFAULT_DISSATISFIED_AT_OR_BELOW[content.scale],
    followUp: {
      ...DEFAULT_FOLLOW_UP,
      ...Object.fromEntries(
        Object.entries(content.followUp ?? {}).filter(([, value]) => value !== undefined),
      ),
    },
    contactPolicy,
    texts,
  };
}
