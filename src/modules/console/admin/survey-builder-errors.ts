import type { ErrorDetail } from '../../../common/errors/api-error';
import { isLocale } from '../../../common/i18n/locale';
import { type FormError, sentence } from './admin-form-fields';
import type { SurveyBuilderWords } from './survey-builder-words';
import { groupPrefix, questionPrefix } from './survey-draft-actions';
import { PREFERENCE_GROUPS } from './survey-draft';

/** A refusal as the builder shows it: a sentence, next to the form field it is about. */
export type BuilderError = FormError;

/** Where a detail of the API's refusal goes in the form, and what it is about in words. */
interface Place {
  field: string;
  subject: string;
}

/**
 * The API's refusal of a definition (`questions.1.label.fi` "must be text of at most 500
 * characters under a language tag") as the form's sentences ("Question 2 in Finnish must be …"),
 * each on its field.
 */
export function builderErrors(details: ErrorDetail[], words: SurveyBuilderWords): BuilderError[] {
  const seen = new Set<string>();
  return details.flatMap(({ field, message }) => {
    // A detail the form has no field for: in the summary only, its path as its subject.
    const place = placeOf(field, words) ?? { field: '', subject: field };
    const error = { field: place.field, message: sentence(place.subject, message) };
    const key = `${error.field}\n${error.message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [error];
  });
}

function placeOf(path: string, words: SurveyBuilderWords): Place | null {
  const [head, ...rest] = path.split('.');
  switch (head) {
    case 'key':
      return { field: 'key', subject: words.key.label };
    case 'name':
      return { field: 'name', subject: words.name };
    case 'scale':
      return { field: 'scale', subject: words.scale };
    case 'dissatisfiedAtOrBelow':
      return { field: 'threshold', subject: words.threshold };
    case 'followUp':
    case 'contactPolicy':
      return policyPlace(head, rest[0], words);
    case 'locales':
      return textPlace(rest, words);
    case 'questions':
      return rest.length === 0
        ? { field: 'newQuestionType', subject: words.survey }
        : questionPlace(rest, words);
    case 'preferences':
      return preferencePlace(rest, words);
    default:
      return null;
  }
}

function policyPlace(
  head: 'followUp' | 'contactPolicy',
  name: string | undefined,
  words: SurveyBuilderWords,
): Place | null {
  const fields: Record<string, { label: string }> = words[head];
  const field = name ?? Object.keys(fields)[0];
  if (!Object.hasOwn(fields, field)) return null;
  return { field: `${head}_${field}`, subject: fields[field].label };
}

function textPlace([tag, name]: string[], words: SurveyBuilderWords): Place | null {
  const texts: Record<string, string> = words.texts;
  const field = name ?? 'emailSubject';
  if (tag === undefined || !Object.hasOwn(texts, field)) return null;
  return {
    field: `text_${tag}_${field}`,
    subject: words.inLanguage(texts[field], language(tag, words)),
  };
}

function questionPlace([index, part, ...rest]: string[], words: SurveyBuilderWords): Place | null {
  const i = Number(index);
  if (!Number.isInteger(i)) return null;
  const prefix = questionPrefix(i);
  const question = words.question(i + 1);
  switch (part) {
    case undefined:
    case 'id':
      return { field: `${prefix}_id`, subject: words.keyOf(question) };
    case 'type':
      return { field: `${prefix}_type`, subject: words.kindOf(question) };
    case 'required':
      return { field: `${prefix}_required`, subject: question };
    case 'label':
      return labelPlace(prefix, question, rest[0], words);
    case 'options':
      return choicePlace(prefix, question, rest, (n) => words.choice(n, question), words);
    default:
      return null;
  }
}

function preferencePlace([group, ...rest]: string[], words: SurveyBuilderWords): Place | null {
  const known = PREFERENCE_GROUPS.find((name) => name === group);
  if (!known) return null;
  const { heading, item } = words.preferences[known];
  return choicePlace(groupPrefix(known), heading, rest, (n) => `${item} ${n}`, words);
}

/** A list of choices (`[]`), one choice (`[j]`), its key (`[j, value]`) or label. */
function choicePlace(
  prefix: string,
  list: string,
  [index, part, tag]: string[],
  choice: (n: number) => string,
  words: SurveyBuilderWords,
): Place {
  const j = Number(index);
  if (index === undefined || !Number.isInteger(j)) {
    return { field: `${prefix}_choices`, subject: list };
  }
  const row = `${prefix}_o${j}`;
  if (part === 'label') return labelPlace(row, choice(j + 1), tag, words);
  return { field: `${row}_value`, subject: words.keyOf(choice(j + 1)) };
}

function labelPlace(
  row: string,
  what: string,
  tag: string | undefined,
  words: SurveyBuilderWords,
): Place {
  const shown = tag ?? 'en';
  return {
    field: `${row}_label_${shown}`,
    subject: words.inLanguage(what, language(shown, words)),
  };
}

function language(tag: string, words: SurveyBuilderWords): string {
  return isLocale(tag) ? words.languages[tag] : tag;
}
