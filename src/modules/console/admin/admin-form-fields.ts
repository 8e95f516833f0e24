/**
 * The fields of the console's larger forms (the survey builder, the case rules): each with its
 * refusal next to it (`aria-describedby`, `aria-invalid`) and the focus where an action left it.
 * The partials `survey-builder-field`, `-select` and `-button` lay them out.
 */
/** A refusal as a form shows it: a sentence, next to the field it is about. */
export interface FormError {
  /** The id of the form field (or group) it belongs to, which the summary links to; '' for none. */
  field: string;
  message: string;
}

/** A text field (an input, or a textarea where `multiline`). */
export interface FieldView {
  /** The form field's name, also its id (the error summary links to it). */
  id: string;
  label: string;
  value: string;
  hint: string | null;
  error: string | null;
  /** The ids of the hint and the error, for `aria-describedby`; null: neither. */
  describedBy: string | null;
  autofocus: boolean;
  /** The language the text is written in, for screen readers and spelling; null: the page's. */
  lang: string | null;
  multiline: boolean;
  /** A whole number is typed (a numeric keyboard on phones). */
  numeric: boolean;
  required: boolean;
}

export interface SelectView {
  id: string;
  label: string;
  options: { value: string; label: string; selected: boolean }[];
  hint: string | null;
  error: string | null;
  describedBy: string | null;
  autofocus: boolean;
  /** Where a change posts the form to be shown again (htmx); null: nowhere. */
  refresh: string | null;
}

/** A submit button of an action (`name="action" value=…`); `hidden` completes its name. */
export interface ButtonView {
  id: string;
  value: string;
  text: string;
  hidden: string;
  autofocus: boolean;
}

export interface FieldMarks {
  errorOf: (id: string) => string | null;
  /** The element to focus once shown; null: none. */
  focus: string | null;
}

export function fieldMarks(errors: FormError[], focus: string | null): FieldMarks {
  return {
    errorOf: (id) => {
      const mine = errors.filter((error) => error.field === id).map((error) => error.message);
      return mine.length > 0 ? mine.join(' ') : null;
    },
    focus,
  };
}

export function fieldView(
  marks: FieldMarks,
  id: string,
  label: string,
  value: string,
  more: Partial<FieldView>,
): FieldView {
  const field: FieldView = {
    id,
    label,
    value,
    hint: null,
    error: marks.errorOf(id),
    describedBy: null,
    autofocus: marks.focus === id,
    lang: null,
    multiline: false,
    numeric: false,
    required: false,
    ...more,
  };
  return { ...field, describedBy: describedBy(field) };
}

/** `aria-describedby` of a field: its hint and its refusal, as the templates give them ids. */
function describedBy({
  id,
  hint,
  error,
}: {
  id: string;
  hint: string | null;
  error: string | null;
}) {
  const ids = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : null;
}

export function selectView<V extends string>(
  marks: FieldMarks,
  id: string,
  label: string,
  value: string,
  values: readonly V[],
  words: Record<V, string>,
): SelectView {
  const known = (values as readonly string[]).includes(value);
  const error = marks.errorOf(id);
  return {
    id,
    label,
    options: [
      // A value this form does not offer (from JSON) stays chosen, to be refused by name.
      ...(known ? [] : [{ value, label: value, selected: true }]),
      ...values.map((option) => ({
        value: option,
        label: words[option],
        selected: option === value,
      })),
    ],
    hint: null,
    error,
    describedBy: describedBy({ id, hint: null, error }),
    autofocus: marks.focus === id,
    refresh: null,
  };
}

export function button(
  marks: FieldMarks,
  id: string,
  value: string,
  text: string,
  hidden: string,
): ButtonView {
  return {
    id,
    value,
    text,
    hidden: hidden ? ` ${hidden.charAt(0).toLowerCase()}${hidden.slice(1)}` : '',
    autofocus: marks.focus === id,
  };
}

/** A select of given options (surveys, teams by name); a value not among them stays chosen. */
export function optionsSelect(
  marks: FieldMarks,
  id: string,
  label: string,
  value: string,
  options: { value: string; label: string }[],
  unknown: (value: string) => string = (v) => v,
): SelectView {
  const known = options.some((option) => option.value === value);
  const error = marks.errorOf(id);
  return {
    id,
    label,
    options: [
      ...(known ? [] : [{ value, label: unknown(value), selected: true }]),
      ...options.map((option) => ({ ...option, selected: option.value === value })),
    ],
    hint: null,
    error,
    describedBy: describedBy({ id, hint: null, error }),
    autofocus: marks.focus === id,
    refresh: null,
  };
}

/** "Key" + "must be …" → "Key must be …."; a message that is a sentence follows a colon. */
export function sentence(subject: string, message: string): string {
  const text = /^\p{Lu}/u.test(message) ? `${subject}: ${message}` : `${subject} ${message}`;
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
