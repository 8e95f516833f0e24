import { ApiError } from '../../common/errors/api-error';
import { validationError } from '../../common/validation/validation-error';

declare module '../../common/errors/error-codes' {
  /** This module's error codes; ERROR_STATUS gives each its status. */
  interface ErrorCodes {
    invitation_not_found: true;
  }
}

export const invitationNotFound = () =>
  new ApiError('invitation_not_found', 'No invitation has this id.');

export const sendAtTooFar = () =>
  validationError([{ field: 'sendAt', message: 'must be within the next 365 days' }]);

/** A batch item that is not even an object (no field to name). */
export const batchItemNotAnObject = () =>
  new ApiError('validation_failed', 'The item is not valid: it must be an invitation object.');
