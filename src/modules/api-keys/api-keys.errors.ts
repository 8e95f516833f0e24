import { ApiError } from '../../common/errors/api-error';

declare module '../../common/errors/error-codes' {
  /** This module's error codes; ERROR_STATUS gives each its status. */
  interface ErrorCodes {
    api_key_not_found: true;
  }
}

export const apiKeyNotFound = () => new ApiError('api_key_not_found', 'No API key has this id.');
