import type { ApiError } from '../../common/errors/api-error';
import type { Locale } from '../../common/i18n/locale';
import type { LinkPage } from '../../common/links/survey-links';
import type {
  FieldError,
  SurveyPageFrame,
  SurveyPageView,
  ThanksPageView,
} from './survey-page.view';
import type { PostedFields, SubmissionCheck, ValidSubmission } from './survey-submission';

/**
 * A survey a customer answers once through a personal link: the identified survey (`/s/{token}`),
 * the recovery survey (`/r/{token}`), and whatever comes next. One page controller serves them
 * all (`surveyFlowPageController`), with the same pages, status codes and JSON answers; a flow
 * says only what is its own: how its link is found and answered, what its form asks, what its
 * thank-you page adds, and its error codes. `T` is what the flow found behind the link.
 */
export interface SurveyFlow<T> {
  readonly options: SurveyFlowOptions;
  readonly errors: SurveyFlowErrors;
  /** What the token leads to now. Unknown, tampered and never-delivered tokens are `missing`. */
  find(token: string): Promise<FlowLink<T>>;
  /** The form's view, with what was posted kept and each error next to its field. */
  form(
    token: string,
    found: FoundFlowLink<T>,
    frame: SurveyPageFrame,
    posted: PostedForm,
  ): SurveyPageView;
  /**
   * What the form starts with besides the email's score, when the flow already knows it (the
   * recovery survey: the preferences the customer stated before); none without it.
   */
  knownFields?(found: FoundFlowLink<T>): Promise<PostedFields>;
  /**
   * Notes what a refused post still shows (the survey's funnel: a choice of how to answer was
   * made); an answer records it with itself. None without it.
   */
  refused?(fields: PostedFields, found: FoundFlowLink<T>): Promise<void>;
  /** Checks a posted form; may throw the flow's error for a body it refuses outright. */
  check(fields: PostedFields, found: FoundFlowLink<T>): SubmissionCheck;
  /** Records the answer once: answered, or the link as it now stands (a parallel submit won). */
  answer(
    token: string,
    found: FoundFlowLink<T>,
    submission: ValidSubmission,
  ): Promise<FlowAnswer<T>>;
  /** What the thank-you page says besides its frame, once the link is answered. */
  thanks(token: string, found: FoundFlowLink<T>, query: FlowQuery): Promise<FlowThanks>;
}

export interface SurveyFlowOptions {
  /** The personal link the flow answers: its pages are `linkPath(page, token)` and below. */
  page: Extract<LinkPage, 'survey' | 'recovery'>;
  /**
   * Failed submits (malformed or invalid) one link may make per window before it is answered
   * 429; null for none. Only failures count, so a good submit costs no limiter query.
   */
  failedSubmitLimit: { perLink: number; windowSeconds: number } | null;
}

/** The flow's errors, for requests that accept JSON (pages show the same outcomes as pages). */
export interface SurveyFlowErrors {
  notFound(): ApiError;
  alreadyAnswered(): ApiError;
  /** Expired, or no longer waited for. */
  closed(): ApiError;
  /** `message` says what is wrong with the posted body, in a sentence. */
  malformed(message: string): ApiError;
}

export type FlowLink<T> = { state: 'missing' } | FoundFlowLink<T>;

export interface FoundFlowLink<T> {
  /** `closed`: expired, or no longer waited for (a reopened or withdrawn case). */
  state: 'open' | 'answered' | 'closed';
  /** The language of the link's pages. */
  locale: Locale;
  /** The privacy center (`/p/{token}`), which every page links to and which outlives the survey. */
  privacyUrl: string;
  target: T;
}

/** The form as posted, to show again; or the score the email's button pre-selected. */
export interface PostedForm {
  fields: PostedFields;
  errors: FieldError[];
}

export type FlowAnswer<T> =
  | {
      answered: true;
      /** Where the customer goes next (303 for a form, `thanksUrl` in JSON). */
      thanksUrl: string;
      /** What the JSON answer tells besides `status` and `thanksUrl`. */
      result: Record<string, boolean>;
    }
  | { answered: false; now: FlowLink<T> };

export type FlowQuery = Record<string, unknown>;

export type FlowThanks = Pick<
  ThanksPageView,
  'followUp' | 'contactOffer' | 'contactRequested' | 'contactWithdrawn'
>;
