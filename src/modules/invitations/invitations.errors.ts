import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../../common/errors/api-error';
import { validationError } from '../../common/validation/validation-error';

export const invitationNotFound = () =>
  new ApiError(HttpStatus.NOT_FOUND, 'invitation_not_found', 'No invitation has this id.');

export const sendAtTooFar = () =>
  validationError([{ field: 'sendAt', message: 'must be within the next 365 days' }]);
