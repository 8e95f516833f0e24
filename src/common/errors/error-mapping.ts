import { HttpException } from '@nestjs/common';
import { isDatabaseUnavailable, isPoolExhausted } from '../../database/database-availability';
import { ApiError, ErrorBody, defaultCode, reasonPhrase } from './api-error';
import type { ResponseErrorCode } from './error-codes';

/** Seconds a client is asked to wait while the database is out of reach. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

export interface MappedError {
  body: ErrorBody;
  headers: Record<string, string>;
  /** True when the failure is ours (5xx) and deserves an error log with its stack. */
  unexpected: boolean;
  /** True when the database could not be reached: a 503 the client may retry, not a bug. */
  outage?: boolean;
}

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
}

/**
 * Turns anything thrown while serving a request into the error body of API.md. Only ApiError and
 * known framework errors keep their message; everything else becomes a 500 without details.
 */
export function mapError(error: unknown, requestId: string, bodyLimitBytes: number): MappedError {
  if (error instanceof ApiError) {
    return build(error.status, error.code, error.message, requestId, error.details, error.headers);
  }
  // Nest wraps Fastify's own errors (body parsing, size limits) in an HttpException.
  const cause = error instanceof HttpException ? error.cause : error;
  const fastifyError = cause as FastifyLikeError | undefined;
  if (fastifyError?.code?.startsWith('FST_')) {
    const status = fastifyError.statusCode ?? 400;
    if (status < 500) {
      return build(
        status,
        fastifyCode(fastifyError.code, status),
        fastifyMessage(fastifyError.code, status, bodyLimitBytes),
        requestId,
      );
    }
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const mapped = build(
      status,
      defaultCode(status),
      httpExceptionMessage(error, status),
      requestId,
      failedChecks(error),
    );
    // A 503 from readiness reports what is down (the details say it); it is no bug of ours.
    return status === 503 ? { ...mapped, unexpected: false } : mapped;
  }
  if (isDatabaseUnavailable(error)) {
    // The transaction did not commit (or never began): retrying is safe, and idempotency keys
    // make it so even when the answer was lost on the way back.
    return unavailable('Candor cannot reach its database just now', requestId);
  }
  if (isTextPostgresCannotStore(error)) {
    // Whatever path the text took (a search, a filter, a field), the statement failed whole.
    return build(
      400,
      'validation_failed',
      'The text sent holds a character that is not text (a zero byte or a broken character): remove it and try again.',
      requestId,
    );
  }
  if (isPoolExhausted(error)) {
    return unavailable('Candor is too busy to take this just now', requestId);
  }
  return {
    ...build(
      500,
      'internal_error',
      'Something went wrong on our side. If it keeps happening, contact support and quote the request id.',
      requestId,
    ),
    unexpected: true,
  };
}

function build(
  status: number,
  code: ResponseErrorCode,
  message: string,
  requestId: string,
  details?: ErrorBody['details'],
  headers: Record<string, string> = {},
): MappedError {
  const body: ErrorBody = {
    statusCode: status,
    error: reasonPhrase(status),
    code,
    message,
    ...(details?.length ? { details } : {}),
    requestId,
  };
  return { body, headers, unexpected: status >= 500 };
}

function httpExceptionMessage(error: HttpException, status: number): string {
  if (status === 404) return 'There is nothing at this address.';
  if (status === 503) return 'Candor is not ready to serve: the details say what is down.';
  if (status === 401) return 'Sign in or send a valid API key to use this endpoint.';
  if (status === 403) return 'You are not allowed to do this.';
  const response = error.getResponse();
  const message =
    typeof response === 'string' ? response : (response as { message?: unknown }).message;
  return typeof message === 'string' ? sentence(message) : reasonPhrase(status);
}

function fastifyCode(code: string | undefined, status: number): ResponseErrorCode {
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return 'malformed_body';
  }
  return defaultCode(status);
}

function fastifyMessage(code: string | undefined, status: number, bodyLimitBytes: number): string {
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `The request body is larger than the limit of ${Math.round(bodyLimitBytes / 1024)} KiB.`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'This content type is not accepted here: JSON endpoints take application/json (see /api/docs).';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is empty but its content type says JSON; send a JSON object.';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'The Content-Length header does not match the body.';
    default:
      return status === 400
        ? 'The request body could not be read; check that it is well-formed.'
        : reasonPhrase(status);
  }
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** A failed readiness check (terminus) names what is down, so an operator sees why. */
function failedChecks(error: HttpException): ErrorBody['details'] {
  const response = error.getResponse() as {
    error?: Record<string, { status?: string; message?: string }>;
  };
  if (error.getStatus() !== 503 || typeof response !== 'object' || !response.error)
    return undefined;
  return Object.entries(response.error).map(([field, check]) => ({
    field,
    message: check.message ?? check.status ?? 'down',
  }));
}

/**
 * PostgreSQL refused the text itself: a zero byte (22021) or a character its encoding cannot hold
 * (22P05). Raw `pg` errors carry the code themselves; TypeORM's wrap it as `driverError`.
 */
function isTextPostgresCannotStore(error: unknown): boolean {
  const withCode = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  const code = withCode?.driverError?.code ?? withCode?.code;
  return code === '22021' || code === '22P05';
}

/** 503, retry after a few seconds: `why`, so this was not done. Expected, not a bug of ours. */
function unavailable(why: string, requestId: string): MappedError {
  const retryAfter = String(OUTAGE_RETRY_AFTER_SECONDS);
  return {
    ...build(
      503,
      'service_unavailable',
      `${why}, so this was not done. Try again in ${retryAfter} seconds.`,
      requestId,
      undefined,
      { 'retry-after': retryAfter },
    ),
    unexpected: false,
    outage: true,
  };
}
