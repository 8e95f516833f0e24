import { SCALE_RANGE } from '../surveys/survey-definition';
import type { SurveyVersion } from '../surveys/survey-version.entity';
import type { ContextPreference, ResponseAnswers } from './answer-columns';
import type { FieldError } from './survey-page.view';
import type { SurveyPageTexts } from './survey-page-texts';

/**
 * A survey form as posted, flattened to field name → values: the HTML form's fields as they are
 * (`consent`, `consentText`, `score`, `q_<id>`, `comment`, `context`, `channel_<context>`,
 * `time_<context>`, `interests_<context>`), a JSON body mapped onto the same names. Values are
 * kept as typed, so an invalid form can be shown again with its input.
 */
export type PostedFields = Map<string, string[]>;

export const MAX_TEXT_LENGTH = 2000;
/** More fields than any survey has: anything beyond is not a form we rendered. */
const MAX_FIELDS = 200;
const MAX_VALUES_PER_FIELD = 50;

export interface ValidSubmission {
  consent: 'identified' | 'anonymous';
  consentTextId: string | null;
  score: number;
  dissatisfied: boolean;
  answers: ResponseAnswers;
  comment: string | null;
}

const JSON_FIELDS = new Set([
  'consent',
  'consentText',
  'score',
  'answers',
  'comment',
  'preferences',
]);
const PREFERENCE_FIELDS = new Set(['context', 'channel', 'contactTime', 'interests']);

/** What a JSON field may hold: text; a number or text; either, or a list of them; text(s). */
type JsonKind = 'text' | 'number' | 'answer' | 'texts';
const JSON_KIND_NAMES: Record<JsonKind, string> = {
  text: 'text',
  number: 'a number',
  answer: 'text, a number or a list of them',
  texts: 'text or a list of text',
};

/** Why a body is not a survey form at all (as opposed to a form with wrong answers). */
export class MalformedSubmission extends Error {}

/** The urlencoded body Fastify parsed: every value must be a string or a list of strings. */
export function fieldsFromForm(body: unknown): PostedFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new MalformedSubmission('The form is empty or not a form.');
  }
  const fields: PostedFields = new Map();
  for (const [name, value] of Object.entries(body)) {
    const values = Array.isArray(value) ? (value as unknown[]) : [value];
    if (!values.every((v): v is string => typeof v === 'string')) {
      throw new MalformedSubmission(`The field ${safeName(name)} is not text.`);
    }
    fields.set(name, values);
  }
  return checkSize(fields);
}

/**
 * A JSON body: `{consent, consentText?, score, answers?: {id: value | value[]}, comment?,
 * preferences?: [{context, channel?, contactTime?, interests?}]}`, onto the form's field names.
 * Stricter than a form, as the API is: unknown fields are refused, not ignored, and each field
 * takes only its own type (text; a score or an answer may also be a number).
 */
export function fieldsFromJson(body: unknown): PostedFields {
  if (!isRecord(body)) throw new MalformedSubmission('The body must be a JSON object.');
  refuseUnknown(body, JSON_FIELDS, '');
  const fields: PostedFields = new Map();
  const put = (name: string, value: unknown, label: string, kind: JsonKind) => {
    if (value === undefined || value === null) return;
    const list = Array.isArray(value);
    if (list && kind !== 'answer' && kind !== 'texts') {
      throw new MalformedSubmission(`${label} must be a single value, not a list.`);
    }
    const texts = (list ? (value as unknown[]) : [value]).map((v) => {
      if (typeof v === 'string') return v;
      if (typeof v === 'number' && Number.isFinite(v) && (kind === 'number' || kind === 'answer')) {
        return String(v);
      }
      throw new MalformedSubmission(`${label} must be ${JSON_KIND_NAMES[kind]}.`);
    });
    fields.set(name, [...(fields.get(name) ?? []), ...texts]);
  };
  put('consent', body.consent, 'consent', 'text');
  put('consentText', body.consentText, 'consentText', 'text');
  put('score', body.score, 'score', 'number');
  put('comment', body.comment, 'comment', 'text');
  if (body.answers !== undefined) {
    if (!isRecord(body.answers)) throw new MalformedSubmission('answers must be an object.');
    for (const [id, value] of Object.entries(body.answers)) {
      put(`q_${id}`, value, `answers.${safeName(id)}`, 'answer');
    }
  }
  if (body.preferences !== undefined) {
    if (!Array.isArray(body.preferences)) {
      throw new MalformedSubmission('preferences must be a list.');
    }
    for (const [i, item] of (body.preferences as unknown[]).entries()) {
      if (!isRecord(item) || typeof item.context !== 'string' || item.context === '') {
        throw new MalformedSubmission(`preferences[${i}] must be an object with a context.`);
      }
      refuseUnknown(item, PREFERENCE_FIELDS, `preferences[${i}].`);
      put('context', item.context, `preferences[${i}].context`, 'text');
      put(`channel_${item.context}`, item.channel, `preferences[${i}].channel`, 'text');
      put(`time_${item.context}`, item.contactTime, `preferences[${i}].contactTime`, 'text');
      put(`interests_${item.context}`, item.interests, `preferences[${i}].interests`, 'texts');
    }
  }
  return checkSize(fields);
}

/**
 * Whether the form asks consent: a survey does, and a consent text posted must be one the customer
 * may still agree to; a recovery survey does not (the customer answers as themselves, asked no
 * consent again).
 */
export type ConsentStep =
  { asksConsent: true; acceptableConsentText: (id: string) => boolean } | { asksConsent: false };

/** A posted field's values, trimmed: its first non-blank one, or its distinct non-blank ones. */
interface PostedValues {
  one: (name: string) => string | undefined;
  many: (name: string) => string[];
}

/** A valid submission, or the messages to show next to each field. */
export type SubmissionCheck = { submission: ValidSubmission } | { errors: FieldError[] };

/**
 * Checks a posted form against the survey version: either a valid submission, or the messages
 * to show next to each field (ids as in the rendered form).
 */
export function validateSubmission(
  fields: PostedFields,
  version: SurveyVersion,
  t: SurveyPageTexts,
  consentStep: ConsentStep,
): SubmissionCheck {
  const errors: FieldError[] = [];
  const posted: PostedValues = {
    one: (name) => (fields.get(name) ?? []).find((v) => v.trim() !== '')?.trim(),
    many: (name) => [
      ...new Set((fields.get(name) ?? []).map((v) => v.trim()).filter((v) => v !== '')),
    ],
  };
  checkFieldsRendered(fields, posted, version, t, errors);
  const { consent, consentTextId } = validateConsent(posted, consentStep, t, errors);
  const score = validateScore(fields, version, t, errors);
  const questions = validateQuestions(posted, version, t, errors);
  const comment = posted.one('comment') ?? null;
  if (comment && comment.length > MAX_TEXT_LENGTH) {
    errors.push({ field: 'comment', message: t.tooLong });
  }
  const preferences = validatePreferences(version, t, errors, posted);
  if (errors.length) return { errors: dedupeByField(errors) };
  return {
    submission: {
      consent: consent as 'identified' | 'anonymous',
      consentTextId: consent === 'identified' ? consentTextId : null,
      score,
      dissatisfied: score <= version.dissatisfiedAtOrBelow,
      answers: { questions, preferences },
      comment,
    },
  };
}

/** Fields whose values are not ones the rendered form could post. */
function checkFieldsRendered(
  fields: PostedFields,
  posted: PostedValues,
  version: SurveyVersion,
  t: SurveyPageTexts,
  errors: FieldError[],
): void {
  // A radio button or a text box posts one value: two different ones are a form we did not render.
  const singleValued = [
    'consent',
    'consentText',
    'score',
    'comment',
    ...version.questions.filter((q) => q.type !== 'multiple_choice').map((q) => `q_${q.id}`),
    ...version.preferences.contexts.flatMap((c) => [`channel_${c.value}`, `time_${c.value}`]),
  ];
  for (const name of singleValued) {
    if (posted.many(name).length > 1) errors.push({ field: name, message: t.invalidChoice });
  }
  // An answer to a question this version does not ask (a stale or edited form) is not dropped.
  const asked = new Set(version.questions.map((question) => `q_${question.id}`));
  for (const name of fields.keys()) {
    if (name.startsWith('q_') && !asked.has(name)) {
      errors.push({ field: name, message: t.invalidChoice });
    }
  }
}

/** The consent chosen (`identified` without asking on a recovery survey) and the text agreed to. */
function validateConsent(
  posted: PostedValues,
  consentStep: ConsentStep,
  t: SurveyPageTexts,
  errors: FieldError[],
): { consent: string | undefined; consentTextId: string | null } {
  if (!consentStep.asksConsent) return { consent: 'identified', consentTextId: null };
  const consent = posted.one('consent');
  if (consent !== 'identified' && consent !== 'anonymous') {
    errors.push({ field: 'consent', message: t.chooseConsent });
  }
  const consentTextId = posted.one('consentText') ?? null;
  if (
    consent === 'identified' &&
    !(consentTextId && consentStep.acceptableConsentText(consentTextId))
  ) {
    errors.push({ field: 'consent', message: t.consentTextChanged });
  }
  return { consent, consentTextId };
}

/** The score, NaN (with an error) when it is not one of the version's scale. */
function validateScore(
  fields: PostedFields,
  version: SurveyVersion,
  t: SurveyPageTexts,
  errors: FieldError[],
): number {
  const range = SCALE_RANGE[version.scale];
  // Exactly as the radio buttons (or a JSON number) send it: " 3", "03" and "1e3" are not scores.
  const scoreText = fields.get('score')?.find((v) => v.trim() !== '');
  const score =
    scoreText !== undefined && /^(?:0|[1-9]\d?)$/.test(scoreText) ? Number(scoreText) : NaN;
  if (!(score >= range.min && score <= range.max)) {
    errors.push({ field: 'score', message: t.chooseScore });
  }
  return score;
}

/** The answers to the version's questions, by question id; unanswered optional ones left out. */
function validateQuestions(
  posted: PostedValues,
  version: SurveyVersion,
  t: SurveyPageTexts,
  errors: FieldError[],
): Record<string, string | string[]> {
  const questions: Record<string, string | string[]> = {};
  for (const question of version.questions) {
    const name = `q_${question.id}`;
    const allowed = new Set((question.options ?? []).map((option) => option.value));
    if (question.type === 'multiple_choice') {
      const values = posted.many(name);
      if (values.some((value) => !allowed.has(value))) {
        errors.push({ field: name, message: t.invalidChoice });
      } else if (values.length) questions[question.id] = values;
      else if (question.required) errors.push({ field: name, message: t.required });
      continue;
    }
    const value = posted.one(name);
    if (value === undefined) {
      if (question.required) errors.push({ field: name, message: t.required });
    } else if (question.type === 'free_text') {
      if (value.length > MAX_TEXT_LENGTH) errors.push({ field: name, message: t.tooLong });
      else questions[question.id] = value;
    } else if (question.type === 'rating') {
      if (!/^[1-5]$/.test(value)) errors.push({ field: name, message: t.invalidChoice });
      else questions[question.id] = value;
    } else if (!allowed.has(value)) {
      errors.push({ field: name, message: t.invalidChoice });
    } else questions[question.id] = value;
  }
  return questions;
}

/**
 * A context counts as chosen when ticked, or when any of its preferences is filled in (without
 * JavaScript every context's fields are on the page, and filling them says enough).
 */
function validatePreferences(
  version: SurveyVersion,
  t: SurveyPageTexts,
  errors: FieldError[],
  { one, many }: PostedValues,
): ContextPreference[] {
  const options = version.preferences;
  const contexts = new Set(options.contexts.map((option) => option.value));
  const channels = new Set(options.channels.map((option) => option.value));
  const times = new Set(options.contactTimes.map((option) => option.value));
  const interests = new Set(options.interests.map((option) => option.value));
  const ticked = many('context');
  if (ticked.some((context) => !contexts.has(context))) {
    errors.push({ field: 'context', message: t.invalidChoice });
    return [];
  }
  const chosen: ContextPreference[] = [];
  for (const context of contexts) {
    const channel = one(`channel_${context}`) ?? null;
    const contactTime = one(`time_${context}`) ?? null;
    const picked = many(`interests_${context}`);
    if (!ticked.includes(context) && !channel && !contactTime && picked.length === 0) continue;
    if (channel && !channels.has(channel)) {
      errors.push({ field: `channel_${context}`, message: t.invalidChoice });
    }
    if (contactTime && !times.has(contactTime)) {
      errors.push({ field: `time_${context}`, message: t.invalidChoice });
    }
    if (picked.some((interest) => !interests.has(interest))) {
      errors.push({ field: `interests_${context}`, message: t.invalidChoice });
    }
    chosen.push({ context, channel, contactTime, interests: picked });
  }
  return chosen;
}

function checkSize(fields: PostedFields): PostedFields {
  if (fields.size > MAX_FIELDS) throw new MalformedSubmission('The form has too many fields.');
  for (const [name, values] of fields) {
    if (name.length > 100 || values.length > MAX_VALUES_PER_FIELD) {
      throw new MalformedSubmission(`The field ${safeName(name)} is too large.`);
    }
    // PostgreSQL cannot store these (a 500 on insert), and no person typed them.
    if (NOT_TEXT.test(name) || values.some((value) => NOT_TEXT.test(value))) {
      throw new MalformedSubmission(
        `The field ${safeName(name)} holds characters that are not text.`,
      );
    }
  }
  return fields;
}

/** NUL, or half of a UTF-16 surrogate pair (a lone `\ud800` escape in JSON). */
const NOT_TEXT = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function refuseUnknown(record: Record<string, unknown>, known: Set<string>, prefix: string): void {
  const unknown = Object.keys(record).find((key) => !known.has(key));
  if (unknown !== undefined) {
    throw new MalformedSubmission(
      `The field "${prefix}${safeName(unknown)}" is not part of a survey answer.`,
    );
  }
}

function dedupeByField(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => !seen.has(error.field) && seen.add(error.field));
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A field name fit to echo in a message: short, visible ASCII only. */
const safeName = (name: string) => name.replace(/[^\w.-]/g, '?').slice(0, 40);
