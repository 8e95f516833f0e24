import { HttpStatus } from '@nestjs/common';
/**
 * Every code an ApiError may carry, declared by the module that raises it: each `*.errors.ts`
 * adds its codes to this interface (declaration merging, as job payloads do), so this file
 * imports no module. A code is part of the public API (clients branch on it): never rename one.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the modules
export interface ErrorCodes {}

export type ErrorCode = keyof ErrorCodes;

/**
 * The one place a code gets its HTTP status (API.md lists what each status means). A code added
 * to a module's union without a line here fails the type check.
 */
export const ERROR_STATUS: Record<ErrorCode, HttpStatus> = {
  // Shared by every module
  validation_failed: HttpStatus.BAD_REQUEST,
  authentication_required: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  payload_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_media_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  // Request bodies and forms
  malformed_body: HttpStatus.BAD_REQUEST,
  body_too_complex: HttpStatus.BAD_REQUEST,
  cross_site_request: HttpStatus.FORBIDDEN,
  // Auth, users, API keys
  invalid_credentials: HttpStatus.UNAUTHORIZED,
  invalid_api_key: HttpStatus.UNAUTHORIZED,
  csrf_failed: HttpStatus.FORBIDDEN,
  email_taken: HttpStatus.CONFLICT,
  api_key_not_found: HttpStatus.NOT_FOUND,
  // Webhooks
  webhook_endpoint_not_found: HttpStatus.NOT_FOUND,
  webhook_delivery_not_found: HttpStatus.NOT_FOUND,
  webhook_endpoint_disabled: HttpStatus.CONFLICT,
  // Customers and their import
  customer_not_found: HttpStatus.NOT_FOUND,
  invalid_csv_header: HttpStatus.BAD_REQUEST,
  unreadable_file: HttpStatus.BAD_REQUEST,
  // Surveys, invitations, answers
  survey_not_found: HttpStatus.NOT_FOUND,
  survey_exists: HttpStatus.CONFLICT,
  invitation_not_found: HttpStatus.NOT_FOUND,
  survey_expired: HttpStatus.GONE,
  already_answered: HttpStatus.CONFLICT,
  // Cases and recovery surveys
  case_not_found: HttpStatus.NOT_FOUND,
  stale_version: HttpStatus.CONFLICT,
  case_erased: HttpStatus.CONFLICT,
  customer_unreachable: HttpStatus.CONFLICT,
  illegal_transition: HttpStatus.CONFLICT,
  root_cause_exists: HttpStatus.CONFLICT,
  root_cause_not_found: HttpStatus.NOT_FOUND,
  recovery_not_found: HttpStatus.NOT_FOUND,
  survey_closed: HttpStatus.GONE,
  // Message templates
  message_template_not_found: HttpStatus.NOT_FOUND,
  // The development mail catcher
  not_replyable: HttpStatus.CONFLICT,
};

/**
 * Codes the filter gives what reaches it without one: framework errors by status (see
 * `defaultCode`), an unreachable database, our own bugs. Never passed to ApiError.
 */
export const FALLBACK_ERROR_CODES = [
  'bad_request',
  'method_not_allowed',
  'gone',
  'unavailable',
  'service_unavailable',
  'internal_error',
] as const;

export type FallbackErrorCode = (typeof FALLBACK_ERROR_CODES)[number];

/** What the `code` of an error body can be. */
export type ResponseErrorCode = ErrorCode | FallbackErrorCode;

/** Every code a client may meet, for the OpenAPI document. */
export function allErrorCodes(): ResponseErrorCode[] {
  const codes = [...(Object.keys(ERROR_STATUS) as ErrorCode[]), ...FALLBACK_ERROR_CODES];
  return [...new Set(codes)].sort();
}
