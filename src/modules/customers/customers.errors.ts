import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../../common/errors/api-error';
import { validationError } from '../../common/validation/validation-error';

export const customerNotFound = () =>
  new ApiError(HttpStatus.NOT_FOUND, 'customer_not_found', 'No customer has this external id.');

export const invalidCustomerEmail = (field = 'email') =>
  validationError([{ field, message: 'must be an email address' }]);
