import { ApiError, retryAfter } from '../../common/errors/api-error';

declare module '../../common/errors/error-codes' {
  /** This module's error codes; ERROR_STATUS gives each its status. */
  interface ErrorCodes {
    invalid_credentials: true;
    invalid_api_key: true;
    csrf_failed: true;
  }
}

/** The same answer for an unknown email and a wrong password, so accounts cannot be probed. */
export const invalidCredentials = () =>
  new ApiError('invalid_credentials', 'The email address or password is not right.');

export const tooManyLoginAttempts = (retryAfterSeconds: number) =>
  new ApiError(
    'rate_limited',
    `Too many sign-in attempts from your address: wait ${waitInWords(retryAfterSeconds)} before trying again.`,
    undefined,
    retryAfter(retryAfterSeconds),
  );

function waitInWords(seconds: number): string {
  if (seconds < 120) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

export const authenticationRequired = () =>
  new ApiError('authentication_required', 'Sign in or send a valid API key to use this endpoint.');

export const invalidApiKey = () =>
  new ApiError('invalid_api_key', 'The API key is not valid or has been revoked.');

export const forbidden = () => new ApiError('forbidden', 'Your role does not allow this.');

export const csrfRejected = () =>
  new ApiError(
    'csrf_failed',
    'This change needs the CSRF token of your session (X-CSRF-Token header or _csrf form field).',
  );
