import { ApiError } from '../../common/errors/api-error';
import { validationError } from '../../common/validation/validation-error';

declare module '../../common/errors/error-codes' {
  /** This module's error codes; ERROR_STATUS gives each its status. */
  interface ErrorCodes {
    webhook_endpoint_not_found: true;
    webhook_delivery_not_found: true;
    webhook_endpoint_disabled: true;
  }
}

export const webhookEndpointNotFound = () =>
  new ApiError('webhook_endpoint_not_found', 'No webhook endpoint has this id.');

export const webhookDeliveryNotFound = () =>
  new ApiError('webhook_delivery_not_found', 'This endpoint has no delivery with this id.');

export const webhookEndpointDisabled = () =>
  new ApiError(
    'webhook_endpoint_disabled',
    'This endpoint is disabled: enable it first, and its pending deliveries are sent again.',
  );

/** A cursor that decodes but is not one this API gave (its values out of range). */
export const notOurCursor = (field: string) =>
  validationError([{ field, message: 'must be a nextCursor this API returned' }]);
