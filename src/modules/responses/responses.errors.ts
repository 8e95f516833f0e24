import { ApiError, retryAfter } from '../../common/errors/api-error';

declare module '../../common/errors/error-codes' {
  /** The survey link (`/s/{token}`), answered in JSON. */
  interface ErrorCodes {
    survey_not_found: true;
    survey_expired: true;
    already_answered: true;
  }
}

export const surveyLinkNotFound = () =>
  new ApiError(
    'survey_not_found',
    'This survey link does not work: check that the whole link was copied.',
  );

export const surveyExpired = () => new ApiError('survey_expired', 'This survey has closed.');

export const alreadyAnswered = () =>
  new ApiError('already_answered', 'This survey was already answered.');

/** `message` says what is wrong with the posted answer, in a sentence. */
export const malformedAnswer = (message: string) => new ApiError('validation_failed', message);

/** Too many failed submits with one link. */
export const tooManySubmits = (retryAfterSeconds: number) =>
  new ApiError(
    'rate_limited',
    'Too many attempts with this link. Please wait a few minutes and try again.',
    undefined,
    retryAfter(retryAfterSeconds),
  );

/** An identified answer that does not exist, or that the reader may not see (an agent's scope). */
export const answerNotFound = () => new ApiError('not_found', 'No answer you can see has this id.');
