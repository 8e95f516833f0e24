import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../../common/errors/api-error';

export const emailTaken = () =>
  new ApiError(
    HttpStatus.CONFLICT,
    'email_taken',
    'A user with this email address already exists.',
  );
