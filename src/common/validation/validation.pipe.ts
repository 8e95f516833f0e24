import { HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError, ErrorDetail } from '../errors/api-error';

/**
 * The one global validation pipe: unknown fields are refused, values are transformed to the DTO's
 * types, and failures become a 400 with one detail per field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new ApiError(
        HttpStatus.BAD_REQUEST,
        'validation_failed',
        details.length === 1
          ? `The request is not valid: ${details[0].field} ${details[0].message}.`
          : `The request is not valid: ${details.length} fields need attention.`,
        details,
      );
    },
  });
}

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith(`${error.property} `)
        ? message.slice(error.property.length + 1)
        : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
