import { ApiError } from '../../common/errors/api-error';

declare module '../../common/errors/error-codes' {
  /** This module's error codes; ERROR_STATUS gives each its status. */
  interface ErrorCodes {
    email_taken: true;
  }
}

export const emailTaken = () =>
  new ApiError('email_taken', 'A user with this email address already exists.');
