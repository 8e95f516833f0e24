import { ApiError, retryAfter } from './api-error';

declare module './error-codes' {
  /**
   * Codes every module may use, each with its own sentence: the outcome is generic (not found, not
   * allowed, too many) even where the reason is not.
   */
  interface ErrorCodes {
    validation_failed: true;
    authentication_required: true;
    forbidden: true;
    not_found: true;
    conflict: true;
    payload_too_large: true;
    unsupported_media_type: true;
    rate_limited: true;
  }
}

/** For what only people do (own a case, change settings), asked with an API key. */
export const peopleOnly = (why: string) => new ApiError('forbidden', why);

/** A worker process (ROLE=worker) serves health checks only. */
export const workerServesNoRoutes = () =>
  new ApiError('not_found', 'This process runs background work only (ROLE=worker).');

export const apiDocsNeedSession = () =>
  new ApiError(
    'authentication_required',
    'The API documentation is for people signed in to the console (API_DOCS=private).',
  );

/** An address that looked up too many unknown link tokens (`/s/`, `/r/`, `/p/`, `/u/`). */
export const tooManyUnknownLinks = (retryAfterSeconds: number) =>
  new ApiError(
    'rate_limited',
    'Too many links that do not work were looked up from this address. Wait a few minutes, then try again.',
    undefined,
    retryAfter(retryAfterSeconds),
  );
