import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flatten } from './validation.pipe';
import { validationError } from './validation-error';

/** A form as the API's DTO, validated the same way (the same sentences on failure). */
export function parsed<T extends object>(dto: ClassConstructor<T>, form: object): T {
  const instance = plainToInstance(dto, form);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: false });
  if (errors.length > 0) throw validationError(flatten(errors));
  return instance;
}
