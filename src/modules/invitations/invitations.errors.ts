import { ApiError } from '../../common/errors/api-error';
import { validationError } from '../../common/validation/validation-error';

export type InvitationsErrorCode = 'invitation_not_found';

export const invitationNotFound = () =>
  new ApiError('invitation_not_found', 'No invitation has this id.');

export const sendAtTooFar = () =>
  validationError([{ field: 'sendAt', message: 'must be within the next 365 days' }]);

/** A batch item that is not even an object (no field to name). */
export const batchItemNotAnObject = () =>
  new ApiError('validation_failed', 'The item is not valid: it must be an invitation object.');
