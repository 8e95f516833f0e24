import { ApiError } from '../../common/errors/api-error';

export type UsersErrorCode = 'email_taken';

export const emailTaken = () =>
  new ApiError('email_taken', 'A user with this email address already exists.');
