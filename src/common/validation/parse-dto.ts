import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { ErrorDetail } from '../errors/api-error';
import { flatten } from './validation.pipe';
import { validationError } from './validation-error';

/** A form as the API's DTO, validated the same way (the same sentences on failure). */
export function parsed<T extends object>(dto: ClassConstructor<T>, form: object): T {
  const { instance, problems } = checked(dto, form);
  if (problems.length > 0) throw validationError(problems);
  return instance;
}

/**
 * What the API's DTO says is wrong with a body, one detail per field (none: it is valid), for a
 * form that shows every problem next to its field rather than refusing at the first.
 */
export function dtoProblems<T extends object>(
  dto: ClassConstructor<T>,
  body: object,
): ErrorDetail[] {
  return checked(dto, body).problems;
}

function checked<T extends object>(dto: ClassConstructor<T>, body: object) {
  const instance = plainToInstance(dto, body);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: false });
  return { instance, problems: flatten(errors) };
}
