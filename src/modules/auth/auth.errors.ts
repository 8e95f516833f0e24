import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../../common/errors/api-error';

/** The same answer for an unknown email and a wrong password, so accounts cannot be probed. */
export const invalidCredentials = () =>
  new ApiError(
    HttpStatus.UNAUTHORIZED,
    'invalid_credentials',
    'The email address or password is not right.',
  );

export const tooManyLoginAttempts = (retryAfterSeconds: number) =>
  new ApiError(
    HttpStatus.TOO_MANY_REQUESTS,
    'rate_limited',
    `Too many sign-in attempts from your address: wait ${waitInWords(retryAfterSeconds)} before trying again.`,
    undefined,
    { 'retry-after': String(retryAfterSeconds) },
  );

function waitInWords(seconds: number): string {
  if (seconds < 120) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

export const authenticationRequired = () =>
  new ApiError(
    HttpStatus.UNAUTHORIZED,
    'authentication_required',
    'Sign in or send a valid API key to use this endpoint.',
  );

export const invalidApiKey = () =>
  new ApiError(
    HttpStatus.UNAUTHORIZED,
    'invalid_api_key',
    'The API key is not valid or has been revoked.',
  );

export const forbidden = () =>
  new ApiError(HttpStatus.FORBIDDEN, 'forbidden', 'Your role does not allow this.');

export const csrfRejected = () =>
  new ApiError(
    HttpStatus.FORBIDDEN,
    'csrf_failed',
    'This change needs the CSRF token of your session (X-CSRF-Token header or _csrf form field).',
  );
