import { ApiError } from '../../common/errors/api-error';

declare module '../../common/errors/error-codes' {
  /** This module's error codes; ERROR_STATUS gives each its status. */
  interface ErrorCodes {
    webhook_endpoint_not_found: true;
    webhook_delivery_not_found: true;
  }
}

export const webhookEndpointNotFound = () =>
  new ApiError('webhook_endpoint_not_found', 'No webhook endpoint has this id.');

export const webhookDeliveryNotFound = () =>
  new ApiError('webhook_delivery_not_found', 'This endpoint has no delivery with this id.');
