import { ApiError } from '../../common/errors/api-error';

export type ApiKeysErrorCode = 'api_key_not_found';

export const apiKeyNotFound = () => new ApiError('api_key_not_found', 'No API key has this id.');
