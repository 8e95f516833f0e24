import { Injectable, PipeTransform } from '@nestjs/common';
import { validationError } from './validation-error';

/** A CRM's id for a customer: 1–200 printable characters without spaces. */
const EXTERNAL_ID = /^[\x21-\x7e]{1,200}$/;

@Injectable()
export class ExternalIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!EXTERNAL_ID.test(value)) {
      throw validationError([
        { field: 'externalId', message: 'must be 1 to 200 visible characters without spaces' },
      ]);
    }
    return value;
  }
}
