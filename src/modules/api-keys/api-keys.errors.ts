import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../../common/errors/api-error';

export const apiKeyNotFound = () =>
  new ApiError(HttpStatus.NOT_FOUND, 'api_key_not_found', 'No API key has this id.');
