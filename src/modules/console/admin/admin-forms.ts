import { HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiError } from '../../../common/errors/api-error';
import { redirectPrivately } from '../../../common/templates/private-page';
import { validationError } from '../../../common/validation/validation-error';

/** A posted form (or a query string) before it is read as a DTO. */
export type Form = Record<string, unknown>;

/** What a finished form says on the page it returns to (`?done=…`). */
const DONE = {
  revoked: 'The key is revoked: integrations using it are refused from now on.',
  cause: 'The root cause is saved.',
  settings: 'The case settings are saved. New cases follow them.',
  survey: 'The survey is saved. Invitations from now on get this version.',
  disabled: 'Disabled: they are signed out and cannot sign in.',
  enabled: 'Enabled: they can sign in again.',
} as const satisfies Record<string, string>;

export type Done = keyof typeof DONE;

/** The sentence for `?done=…`, or null for none (or one the pages do not know). */
export function notice(done: unknown): string | null {
  return typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done as Done] : null;
}

/** A 303 back to a page, which then says what was done. */
export function redirectDone(reply: FastifyReply, path: string, done: Done): void {
  redirectPrivately(reply, `${path}?done=${done}`);
}

/**
 * Runs a form's action. A refusal the person can act on (400, 409) shows the page again with its
 * sentence; a 404 stays a 404 page (what the form was about is gone).
 */
export async function submitted(
  action: () => Promise<void>,
  again: (error: ApiError) => Promise<void>,
): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === HttpStatus.NOT_FOUND) throw error;
    await again(error);
  }
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A form field that may come once (a string) or repeated (an array). */
export function formList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** A form field holding JSON, parsed; text that is not JSON is a 400 naming the field. */
export function jsonField(form: Form, field: string, empty: unknown = {}): object {
  const value = text(form[field]).trim();
  try {
    return (value === '' ? empty : JSON.parse(value)) as object;
  } catch {
    throw validationError([{ field, message: 'must be JSON, as shown in the example' }]);
  }
}
