import { applyDecorators, SetMetadata, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  getSchemaPath,
  type SchemaObject,
} from '@nestjs/swagger';
import type { ResponseErrorCode } from '../errors/error-codes';

/**
 * What a success answers with: a class's JSON, a list of it (`[Class]`), a page of it
 * (`{ page: Class }`: `{items, nextCursor}`), all of it at once (`{ items: Class }`: `{items}`), a
 * JSON schema of its own (`{ json }`), a file of another type (`{ file: 'text/csv' }`), or nothing
 * (`null`, a 204).
 */
export type AnswerBody =
  | Type<unknown>
  | [Type<unknown>]
  | { page: Type<unknown> }
  | { items: Type<unknown> }
  | { json: SchemaObject }
  | { file: string; description: string }
  | null;

/** The refusals a route declares with `@Documented`, read when the document is completed. */
export const DOCUMENTED_ERRORS = 'candor:documented-errors';

/**
 * An operation in the OpenAPI document, in one line: its summary (or `{summary, description}`),
 * what it answers on success per status, and the error codes of its own it may answer with (their
 * statuses from `ERROR_STATUS`, their body the shared `ErrorBody`). What every route of a kind can
 * answer is added when the document is built (`completeOperations`): 401 and 403 from its
 * `@Allow`, 400/413/415 for a body, 400 for a query, 500/503 everywhere; so is its security.
 */
export function Documented(
  summary: string | { summary: string; description: string },
  answers: Record<number, AnswerBody>,
  ...errors: ResponseErrorCode[]
): MethodDecorator {
  const operation = typeof summary === 'string' ? { summary } : summary;
  return applyDecorators(
    ApiOperation(operation),
    ...Object.entries(answers).flatMap(([status, body]) => answerDecorators(Number(status), body)),
    SetMetadata(DOCUMENTED_ERRORS, errors),
  );
}

function answerDecorators(status: number, body: AnswerBody): (MethodDecorator & ClassDecorator)[] {
  const description = DESCRIPTIONS[status] ?? 'Done';
  if (body === null) return [ApiResponse({ status, description })];
  if (typeof body === 'function') return [ApiResponse({ status, description, type: body })];
  if (Array.isArray(body))
    return [ApiResponse({ status, description, type: body[0], isArray: true })];
  if ('file' in body) {
    return [
      ApiProduces(body.file),
      ApiResponse({ status, description: body.description, schema: { type: 'string' } }),
    ];
  }
  if ('json' in body) return [ApiResponse({ status, description, schema: body.json })];
  const item = 'page' in body ? body.page : body.items;
  const schema: SchemaObject = {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: { $ref: getSchemaPath(item) } } },
  };
  if ('page' in body) {
    schema.required!.push('nextCursor');
    schema.properties!.nextCursor = {
      type: 'string',
      nullable: true,
      description: 'Where the next page starts (`?cursor=`); null on the last page',
    };
  }
  return [ApiExtraModels(item), ApiResponse({ status, description, schema })];
}

const DESCRIPTIONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'Done: no content',
};
