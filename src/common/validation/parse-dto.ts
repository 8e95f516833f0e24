import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { validationError } from './validation-error';

/** A form as the API's DTO, validated the same way (the same sentences on failure). */
export function parsed<T extends object>(dto: ClassConstructor<T>, form: object): T {
  const instance = plainToInstance(dto, form);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: false });
  if (errors.length > 0) {
    throw validationError(
      errors.map((error) => ({
        field: error.property,
        message: Object.values(error.constraints ?? {})[0] ?? 'is not valid',
      })),
    );
  }
  return instance;
}
