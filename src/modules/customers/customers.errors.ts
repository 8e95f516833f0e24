import { ApiError } from '../../common/errors/api-error';
import { validationError } from '../../common/validation/validation-error';

declare module '../../common/errors/error-codes' {
  /** This module's error codes; ERROR_STATUS gives each its status. */
  interface ErrorCodes {
    customer_not_found: true;
  }
}

export const customerNotFound = () =>
  new ApiError('customer_not_found', 'No customer has this external id.');

export const invalidCustomerEmail = (field = 'email') =>
  validationError([{ field, message: 'must be an email address' }]);
