import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, mergeMap, type Observable } from 'rxjs';
import { retryThroughOutage } from '../../database/database-availability';
import { AuditLog } from './audit-log';
import { AUDITED_VIEW_KEY } from './audited-view.decorator';
import { CHANGES_NOTHING_KEY } from './changes-nothing.decorator';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The route parameter that names what a request is about, in order of preference. */
const SUBJECT_PARAMS = ['id', 'key', 'externalId'];

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The subject to record when the route's parameter must not be: a customer's internal id
     * for routes naming them by their CRM's `externalId`, which would outlive an erasure.
     */
    auditSubject?: string;
  }
}

/**
 * The audit trail of every change made by a signed-in user or an API key, and of every read of
 * identified data marked `@AuditedView`: who, what (method and route), which subject, from which
 * address. Recorded once the handler has succeeded (a refused request changed nothing), and for
 * a view before the response is sent, so no view goes unrecorded. Customers acting on their own
 * data (survey and privacy pages) have no principal and are not recorded here.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditLog,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const principal = request.principal;
    const view = this.reflector.get<string | undefined>(AUDITED_VIEW_KEY, context.getHandler());
    if (!principal || (READS.has(request.method) && !view)) return next.handle();
    if (this.reflector.get<boolean | undefined>(CHANGES_NOTHING_KEY, context.getHandler())) {
      return next.handle();
    }
    const route = request.routeOptions.url ?? request.url;
    const params = (request.params ?? {}) as Record<string, string>;
    const subjectParam = SUBJECT_PARAMS.find((name) => typeof params[name] === 'string');
    return next.handle().pipe(
      mergeMap((result: unknown) =>
        from(
          (async (): Promise<unknown> => {
            // A handler that answers a refusal itself (a console form shown again with its error)
            // changed nothing.
            if (reply.statusCode >= 400) return result;
            await retryThroughOutage(
              () =>
                this.audit.record({
                  actorUserId: principal.kind === 'user' ? principal.userId : null,
                  actorApiKeyId: principal.kind === 'apiKey' ? principal.apiKeyId : null,
                  action: view ?? `${request.method} ${namedRoute(route, params)}`,
                  subjectType: subjectTypeOf(route),
                  subjectId: subjectOf(request, params, subjectParam),
                  origin: { ip: request.ip },
                }),
              AUDIT_OUTAGE_PATIENCE_MS,
            );
            return result;
          })(),
        ),
      ),
    );
  }
}

/**
 * How long a change that committed waits for the database to take its audit row: it is done, so
 * answering 503 ("not done") would be untrue and an unaudited change worse. Past it the error
 * stands (a 503), and the client's retry finds the change done.
 */
const AUDIT_OUTAGE_PATIENCE_MS = 15_000;

/**
 * What the request is about: what its handler named, else its route parameter; never a
 * customer's external id (the CRM's name for a person stays out of a trail that outlives them).
 */
function subjectOf(
  request: FastifyRequest,
  params: Record<string, string>,
  subjectParam: string | undefined,
): string {
  if (request.auditSubject !== undefined) return request.auditSubject;
  if (!subjectParam || subjectParam === 'externalId') return '';
  return params[subjectParam];
}

/**
 * The route with the verbs its parameters name filled in (`/console/cases/:id/:action` posted as
 * `…/notes` reads `/console/cases/:id/notes`), so the trail says what was done; the parameters
 * naming a subject stay as they are (the subject has its own column).
 */
function namedRoute(route: string, params: Record<string, string>): string {
  return route.replace(/:([A-Za-z]+)/g, (placeholder, name: string) => {
    const value = params[name];
    const verb = !SUBJECT_PARAMS.includes(name) && typeof value === 'string';
    return verb && /^[a-z][a-z-]{0,39}$/.test(value) ? value : placeholder;
  });
}

/** `/api/v1/cases/:id/resolve` → `cases`; `/console/cases/:id/notes` → `cases`. */
function subjectTypeOf(route: string): string {
  const parts = route.split('/').filter(Boolean);
  const start = parts[0] === 'api' ? 2 : 1;
  return parts[start] ?? parts[0] ?? '';
}
