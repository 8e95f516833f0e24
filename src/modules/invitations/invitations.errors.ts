import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../../common/errors/api-error';

export const invitationNotFound = () =>
  new ApiError(HttpStatus.NOT_FOUND, 'invitation_not_found', 'No invitation has this id.');

export const sendAtTooFar = () =>
  new ApiError(
    HttpStatus.BAD_REQUEST,
    'validation_failed',
    'The request is not valid: sendAt must be within the next 365 days.',
    [{ field: 'sendAt', message: 'must be within the next 365 days' }],
  );
