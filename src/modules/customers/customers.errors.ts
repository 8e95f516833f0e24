import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../../common/errors/api-error';

export const customerNotFound = () =>
  new ApiError(HttpStatus.NOT_FOUND, 'customer_not_found', 'No customer has this external id.');

export const invalidCustomerEmail = (field = 'email') =>
  new ApiError(
    HttpStatus.BAD_REQUEST,
    'validation_failed',
    `The request is not valid: ${field} must be an email address.`,
    [{ field, message: 'must be an email address' }],
  );
