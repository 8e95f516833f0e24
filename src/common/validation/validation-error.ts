import { HttpStatus } from '@nestjs/common';
import { ApiError, ErrorDetail } from '../errors/api-error';

/** The 400 every validation failure becomes: one detail per field and a sentence summing them up. */
export function validationError(details: ErrorDetail[]): ApiError {
  return new ApiError(
    HttpStatus.BAD_REQUEST,
    'validation_failed',
    details.length === 1
      ? `The request is not valid: ${details[0].field} ${details[0].message}.`
      : `The request is not valid: ${details.length} fields need attention.`,
    details,
  );
}
