import { ApiError } from '../../common/errors/api-error';

declare module '../../common/errors/error-codes' {
  /** This module's error codes; ERROR_STATUS gives each its status. */
  interface ErrorCodes {
    not_replyable: true;
  }
}

export const capturedMailNotFound = () =>
  new ApiError('not_found', 'No captured message has this id.');

export const notReplyable = () =>
  new ApiError('not_replyable', 'This email has no Reply-To: replies to it reach nobody.');
