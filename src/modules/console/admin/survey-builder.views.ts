/**
 * What the survey builder's templates receive (`console-admin-survey-builder*.hbs`, the partials
 * `survey-builder-*.hbs`). Every field carries its label, its value as typed, its hint and the
 * sentence of its refusal (null: none), so the templates only lay them out.
 */
import type { WithNav } from '../console-nav';
import type { AdminFormFrame } from './admin-pages';

export type { ButtonView, FieldView, SelectView };
import type { ButtonView, FieldView, FormError, SelectView } from './admin-form-fields';

/** A field kept as posted but not shown (a label in a language the form has no column for). */
export interface HiddenField {
  name: string;
  value: string;
}

export interface ChoiceRowView {
  legend: string;
  value: FieldView;
  labels: FieldView[];
  kept: HiddenField[];
  up: ButtonView | null;
  down: ButtonView | null;
  remove: ButtonView;
}

/** A list of choices: a choice question's, or one of the preferences. */
export interface ChoiceListView {
  /** The id of the group (`q2_choices`), where a refusal about the whole list is shown. */
  id: string;
  heading: string;
  hint: string | null;
  error: string | null;
  rows: ChoiceRowView[];
  add: ButtonView;
}

export interface QuestionView {
  legend: string;
  type: SelectView;
  id: FieldView;
  required: { id: string; label: string; checked: boolean };
  labels: FieldView[];
  kept: HiddenField[];
  /** Null unless a choice question; its choices are kept hidden otherwise. */
  choices: ChoiceListView | null;
  hiddenChoices: HiddenField[];
  up: ButtonView | null;
  down: ButtonView | null;
  remove: ButtonView;
}

/** One text of the survey in every language, side by side. */
export interface TextRowView {
  label: string;
  cells: FieldView[];
}

/** Everything inside the builder's form: what an action swaps in place. */
export interface BuilderFormView {
  csrfToken: string;
  baseVersion: number | null;
  /** Where the action buttons post (the form shown again, nothing saved). */
  formAction: string;
  saveLabel: string;
  errors: FormError[];
  key: FieldView | null;
  name: FieldView;
  scale: SelectView;
  threshold: FieldView;
  followUp: FieldView[];
  contactPolicy: FieldView[];
  texts: TextRowView[];
  keptTexts: HiddenField[];
  questions: QuestionView[];
  addQuestion: { type: SelectView; button: ButtonView; error: string | null };
  preferences: ChoiceListView[];
  previewLocale: SelectView;
}

/** The survey page and the invitation email, drawn from the form as it is now. */
export interface BuilderPreviewView {
  /** e.g. "English". */
  language: string;
  /** The whole survey page, shown in a sandboxed frame (`srcdoc`). */
  surveyHtml: string;
  email: { subject: string; html: string };
  /** Focus the preview's heading (after the no-JavaScript "Preview" button). */
  autofocus: boolean;
}

/** `console-admin-survey-builder.hbs`: a survey in a form, with its preview. */
export interface ConsoleAdminSurveyBuilderView extends AdminFormFrame {
  heading: string;
  /** Null for a new survey. */
  survey: { key: string; version: number; next: number } | null;
  /** Where the form saves. */
  saveAction: string;
  /** The live preview (htmx). */
  previewAction: string;
  /** The same survey as JSON, for power users. */
  jsonHref: string;
  form: BuilderFormView;
  preview: BuilderPreviewView;
}

/** `console-admin-survey-builder-form.hbs`: the form's inside and the preview, for htmx. */
export interface ConsoleAdminSurveyBuilderFormView {
  form: BuilderFormView;
  preview: BuilderPreviewView;
}

/** `console-admin-survey-builder-preview.hbs`: the preview alone, for htmx. */
export type ConsoleAdminSurveyBuilderPreviewView = BuilderPreviewView;

declare module '../../../common/templates/page-contexts' {
  interface PageContexts {
    'console-admin-survey-builder': WithNav<ConsoleAdminSurveyBuilderView>;
    'console-admin-survey-builder-form': ConsoleAdminSurveyBuilderFormView;
    'console-admin-survey-builder-preview': ConsoleAdminSurveyBuilderPreviewView;
  }
}
