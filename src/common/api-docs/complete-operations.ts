import { type INestApplication, RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type {
  OpenAPIObject,
  OperationObject,
  ResponseObject,
  SecurityRequirementObject,
} from '@nestjs/swagger';
import { ALLOW_KEY, type Caller } from '../auth/allow.decorator';
import { USER_ROLES } from '../auth/user-role';
import { reasonPhrase } from '../errors/api-error';
import { ERROR_STATUS, type ErrorCode, type ResponseErrorCode } from '../errors/error-codes';
import { DOCUMENTED_ERRORS } from './documented.decorator';

/** The security schemes of the document: an API key as a bearer token, or the console's cookie. */
export const API_KEY_SCHEME = 'apiKey';
export const SESSION_SCHEME = 'consoleSession';

/** Operation ids name the controller and its method, so an operation finds its route again. */
export const operationIdOf = (controller: string, method: string) => `${controller}_${method}`;

export const ERROR_BODY_REF = '#/components/schemas/ErrorBody';

/**
 * Completes what each operation says from what its route declares, so no controller repeats it:
 * its security from `@Allow` (public: none; `integration`: the API key; a console role: the
 * session), and its error answers in the shared error shape: the codes its `@Documented` names,
 * those its access implies (401, 403), those of any body or query (400, 413, 415), and a
 * `default` for our own failures (500, 503).
 */
export function completeOperations(document: OpenAPIObject, app: INestApplication): OpenAPIObject {
  const routes = routesOf(app);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const route = routes.get(operation.operationId ?? '');
      if (!route) throw new Error(`${method.toUpperCase()} ${path}: no route has its operationId`);
      complete(operation, method, route, `${method.toUpperCase()} ${path}`);
    }
  }
  return document;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type HttpMethod = (typeof HTTP_METHODS)[number];

interface RouteFacts {
  callers: Caller[];
  /** Declared by `@Documented`; undefined when the route has none. */
  errors: ResponseErrorCode[] | undefined;
  /** The status Nest answers with unless the handler sets another. */
  status: number;
}

function complete(operation: OperationObject, method: HttpMethod, route: RouteFacts, name: string) {
  const { callers } = route;
  const isPublic = callers.includes('public');
  const byApiKey = !isPublic && callers.includes('integration');
  const bySession = !isPublic && USER_ROLES.some((role) => callers.includes(role));
  operation.security = [
    ...(byApiKey ? [{ [API_KEY_SCHEME]: [] }] : []),
    ...(bySession ? [{ [SESSION_SCHEME]: [] }] : []),
  ] as SecurityRequirementObject[];

  const codes = new Set<ResponseErrorCode>(route.errors ?? []);
  if (!isPublic) {
    codes.add('authentication_required');
    if (byApiKey) codes.add('invalid_api_key');
    // Refused to a caller of a kind the route leaves out (an API key, a role).
    if (!byApiKey || USER_ROLES.some((role) => !callers.includes(role))) codes.add('forbidden');
    if (bySession && method !== 'get') codes.add('csrf_failed');
  }
  if (operation.requestBody) {
    for (const code of BODY_ERRORS) codes.add(code);
  } else if (operation.parameters?.some((p) => 'in' in p && p.in === 'query')) {
    codes.add('validation_failed');
  }
  for (const [status, ofStatus] of groupByStatus(codes)) {
    operation.responses[status] ??= errorAnswer(`${reasonPhrase(status)}: ${list(ofStatus)}`);
  }
  operation.responses.default = errorAnswer(
    'Our failure, in the same shape: 500 `internal_error` (quote its `requestId`), or 503 ' +
      '`service_unavailable` while the database is out of reach (nothing was done: retry after ' +
      '`Retry-After` seconds)',
  );

  const successes = Object.keys(operation.responses).filter((status) => /^2/.test(status));
  if (route.errors && !successes.includes(String(route.status))) {
    throw new Error(`${name} answers ${route.status}, which its @Documented does not list`);
  }
}

/** What any JSON (or form, CSV) body can be refused for before the route sees it. */
const BODY_ERRORS: ResponseErrorCode[] = [
  'validation_failed',
  'malformed_body',
  'body_too_complex',
  'payload_too_large',
  'unsupported_media_type',
];

/** Statuses of the codes the filter gives what reaches it without one (`defaultCode`). */
const FALLBACK_STATUS: Record<Exclude<ResponseErrorCode, ErrorCode>, number> = {
  bad_request: 400,
  method_not_allowed: 405,
  gone: 410,
  unavailable: 503,
  service_unavailable: 503,
  internal_error: 500,
};

const statusOf = (code: ResponseErrorCode): number =>
  code in ERROR_STATUS
    ? ERROR_STATUS[code as ErrorCode]
    : FALLBACK_STATUS[code as keyof typeof FALLBACK_STATUS];

function groupByStatus(codes: Set<ResponseErrorCode>): Map<number, ResponseErrorCode[]> {
  const groups = new Map<number, ResponseErrorCode[]>();
  for (const code of [...codes].sort()) {
    const status = statusOf(code);
    groups.set(status, [...(groups.get(status) ?? []), code]);
  }
  return new Map([...groups].sort(([a], [b]) => a - b));
}

const list = (codes: string[]) => codes.map((code) => `\`${code}\``).join(', ');

function errorAnswer(description: string): ResponseObject {
  return { description, content: { 'application/json': { schema: { $ref: ERROR_BODY_REF } } } };
}

/** Every controller method that is a route, by its operation id. */
function routesOf(app: INestApplication): Map<string, RouteFacts> {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const routes = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: unknown[]) => unknown;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
        routes.set(operationIdOf(controller.name, name), {
          callers:
            reflector.getAllAndOverride<Caller[] | undefined>(ALLOW_KEY, [handler, controller]) ??
            [],
          errors: Reflect.getMetadata(DOCUMENTED_ERRORS, handler) as
            ResponseErrorCode[] | undefined,
          status:
            (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
            (requestMethod === RequestMethod.POST ? 201 : 200),
        });
      }
    }
  }
  return routes;
}
