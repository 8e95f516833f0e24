import type { HttpStatus } from '@nestjs/common';
import { ERROR_STATUS, type ErrorCode, type ResponseErrorCode } from './error-codes';

export interface ErrorDetail {
  field: string;
  message: string;
}

/** The error body of API.md, produced for every error the API returns. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  code: ResponseErrorCode;
  message: string;
  details?: ErrorDetail[];
  requestId: string;
}

/**
 * A failure with a stable machine code and a human sentence. Feature modules build them in the
 * factories of their `*.errors.ts`; the status comes from the code (`ERROR_STATUS`), and the
 * global filter turns the error into the error body.
 */
export class ApiError extends Error {
  readonly status: HttpStatus;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = ERROR_STATUS[code];
  }
}

/** The Retry-After header of a 429 or 503. */
export const retryAfter = (seconds: number | string): Record<string, string> => ({
  'retry-after': String(seconds),
});

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request');
}

/** Default code for statuses that reach the filter without one (framework errors). */
export function defaultCode(status: number): ResponseErrorCode {
  const codes: Record<number, ResponseErrorCode> = {
    400: 'bad_request',
    401: 'authentication_required',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    409: 'conflict',
    410: 'gone',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
    503: 'unavailable',
  };
  return codes[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
}
