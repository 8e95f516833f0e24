import { ApiError } from '../../common/errors/api-error';

declare module '../../common/errors/error-codes' {
  /** This module's error codes; ERROR_STATUS gives each its status. */
  interface ErrorCodes {
    message_template_not_found: true;
  }
}

export const messageTemplateNotFound = () =>
  new ApiError('message_template_not_found', 'There is no message template by this name.');

/** `problem` is the sentence that names what is wrong (a placeholder, a missing text). */
export const invalidMessageTemplate = (problem: string) =>
  new ApiError('validation_failed', problem);
