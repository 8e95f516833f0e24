/**
 * What the survey page templates (`templates/pages/survey*.hbs`) receive. The controller builds
 * these; the templates only lay them out. Every string is already in the page's language and is
 * escaped by Handlebars (`{{…}}`), never inserted raw.
 */
import type { Locale } from '../../common/i18n/locale';
import type { SurveyPageTexts } from './survey-page-texts';

export interface ChoiceView {
  value: string;
  label: string;
  checked: boolean;
}

/** A field's validation message, shown next to it and in the summary at the top. */
export interface FieldError {
  /** The form field's id (also the anchor the summary links to). */
  field: string;
  message: string;
}

export interface QuestionView {
  /** Form field name: `q_<question id>` (repeated for multiple choice). */
  name: string;
  /** Element id for the label/fieldset. */
  id: string;
  label: string;
  required: boolean;
  /** Exactly one of these is true. */
  singleChoice: boolean;
  multipleChoice: boolean;
  rating: boolean;
  freeText: boolean;
  /** Choices for single/multiple choice; 1–5 for rating. */
  options: ChoiceView[];
  /** The kept text of a free-text answer. */
  value: string;
  error: string | null;
}

/** One context/role the customer may tick, with its own preferences. */
export interface ContextView extends ChoiceView {
  /** Form field names: `channel_<context>`, `time_<context>`, `interests_<context>` (repeated). */
  channelName: string;
  timeName: string;
  interestsName: string;
  channels: ChoiceView[];
  times: ChoiceView[];
  interests: ChoiceView[];
}

/** What every survey page (form, thanks, closed) shows around its content. */
export interface SurveyPageFrame {
  lang: Locale;
  t: SurveyPageTexts;
  /** e.g. "Candor Demo Hotel". */
  company: string;
  /** `/p/{token}`: the privacy center stays open after the survey closes. */
  privacyUrl: string;
}

/** `survey.hbs`: the consent step, then the questions, in one form posting to `action`. */
export interface SurveyPageView extends SurveyPageFrame {
  heading: string;
  intro: string;
  /** What the survey is about, e.g. "your stay (R-2026-1182) on 20 November 2026"; null if unknown. */
  touchpoint: string | null;
  /** `/s/{token}`. */
  action: string;
  /**
   * A stylesheet that records the page as opened by a person (`/s/{token}/opened.css`): a link
   * scanner fetches the HTML, never its styles. Null where no funnel is measured (recovery).
   */
  openedStylesheet: string | null;
  /**
   * The consent text shown, as paragraphs; its id goes back in the hidden field `consentText`.
   * Null on a recovery survey: that customer already answers as themselves, in their case.
   */
  consent: {
    textId: string;
    paragraphs: string[];
    identified: boolean;
    anonymous: boolean;
    error: string | null;
  } | null;
  /** The score question: radio buttons named `score`, `options` low to high. */
  score: {
    question: string;
    lowLabel: string;
    highLabel: string;
    options: ChoiceView[];
    error: string | null;
  };
  questions: QuestionView[];
  /** Field `comment`. */
  comment: { value: string; error: string | null };
  /** Null when the survey asks no forward-looking questions. Contexts are checkboxes `context`. */
  preferences: { contexts: ContextView[]; error: string | null } | null;
  /** Non-empty after a failed submit: listed at the top, each linking to `#<field>`. */
  errors: FieldError[];
}

/** `survey-thanks.hbs`. */
export interface ThanksPageView extends SurveyPageFrame {
  /**
   * Identified and dissatisfied: a person will contact them `by` the case's first-contact due
   * time (written for the reader, in the business calendar's zone); `by` null: they will hear
   * from us, with no deadline to promise (a case reopened by the recovery answer).
   */
  followUp: { by: string | null } | null;
  /**
   * Anonymous and dissatisfied: nobody can follow up; offer to be contacted anyway (a form posting
   * to `action` with a checkbox `contactConsent` and the hidden `consentText`).
   */
  contactOffer: { action: string; consentTextId: string; paragraphs: string[] } | null;
  /** They accepted the offer: a person will contact them. */
  contactRequested: boolean;
  /** They accepted it and withdrew it since (the one request of an invitation is spent). */
  contactWithdrawn: boolean;
}

/** `survey-closed.hbs`: already answered (409) or expired (410). */
export interface ClosedPageView extends SurveyPageFrame {
  answered: boolean;
  expired: boolean;
  /** Too many failed submits with this link (429). */
  tooMany: boolean;
}

declare module '../../common/templates/page-contexts' {
  interface PageContexts {
    survey: SurveyPageView;
    'survey-thanks': ThanksPageView;
    'survey-closed': ClosedPageView;
  }
}
