import { ValidationError, ValidationPipe } from '@nestjs/common';
import type { ErrorDetail } from '../errors/api-error';
import { validationError } from './validation-error';

/**
 * Constraints that say what a value must be at all. When one of them fails, it is the message
 * worth showing: "must be an email address" rather than "must be at most 320 characters" for a
 * number. Others keep their declaration order.
 */
const FUNDAMENTAL = [
  'whitelistValidation',
  'isDefined',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isObject',
  'isArray',
  'isIn',
  'isEmail',
  'isIso8601',
  'isUuid',
  'matches',
];

/**
 * The one global validation pipe: unknown fields are refused, values are transformed to the DTO's
 * types, and failures become a 400 with one detail per field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationError(flatten(errors)),
  });
}

export function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const message = mostTelling(error.constraints ?? {});
    const own = message
      ? [
          {
            field,
            message: message.startsWith(`${error.property} `)
              ? message.slice(error.property.length + 1)
              : message,
          },
        ]
      : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function mostTelling(constraints: Record<string, string>): string | undefined {
  const names = Object.keys(constraints);
  const fundamental = FUNDAMENTAL.find((name) => names.includes(name));
  return constraints[fundamental ?? names[0]];
}
