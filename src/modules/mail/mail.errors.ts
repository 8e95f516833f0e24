import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../../common/errors/api-error';

export const capturedMailNotFound = () =>
  new ApiError(HttpStatus.NOT_FOUND, 'not_found', 'No captured message has this id.');
