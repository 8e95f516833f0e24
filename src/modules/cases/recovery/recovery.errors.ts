import { ApiError } from '../../../common/errors/api-error';

declare module '../../../common/errors/error-codes' {
  /** The recovery survey's link (`/r/{token}`), answered in JSON. */
  interface ErrorCodes {
    recovery_not_found: true;
    already_answered: true;
    survey_closed: true;
  }
}

export const recoveryNotFound = () =>
  new ApiError(
    'recovery_not_found',
    'This link does not work: check that the whole link was copied.',
  );

export const recoveryAlreadyAnswered = () =>
  new ApiError('already_answered', 'This survey was already answered.');

export const recoveryClosed = () => new ApiError('survey_closed', 'This survey has closed.');

/** `message` says what is wrong with the posted answer, in a sentence. */
export const malformedRecoveryAnswer = (message: string) =>
  new ApiError('validation_failed', message);

export const recoveryAsksNoConsent = () =>
  new ApiError(
    'validation_failed',
    'A recovery answer asks no consent: leave out consent and consentText.',
  );
