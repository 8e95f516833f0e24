import { ApiError, ErrorDetail } from '../errors/api-error';

/** The 400 every validation failure becomes: one detail per field and a sentence summing them up. */
export function validationError(details: ErrorDetail[]): ApiError {
  return new ApiError(
    'validation_failed',
    details.length === 1
      ? `The request is not valid: ${sentence(details[0])}`
      : `The request is not valid: ${details.length} fields need attention.`,
    details,
  );
}

/** "email must be an email address." or, for a message that is a sentence, "consent: Choose …" */
function sentence({ field, message }: ErrorDetail): string {
  const text = /^\p{Lu}/u.test(message) ? `${field}: ${message}` : `${field} ${message}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
