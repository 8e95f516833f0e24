import { ApiError } from '../../common/errors/api-error';
import { validationError } from '../../common/validation/validation-error';

export type CustomersErrorCode = 'customer_not_found';

export const customerNotFound = () =>
  new ApiError('customer_not_found', 'No customer has this external id.');

export const invalidCustomerEmail = (field = 'email') =>
  validationError([{ field, message: 'must be an email address' }]);
