import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { wantsJson } from '../http/json-requests';
import { loggableError } from '../logging/logger';
import type { DatabaseAvailability } from '../../database/database-availability';
import type { PageRenderer } from '../templates/page-renderer';
import type { ErrorBody, ErrorDetail } from './api-error';
import { mapError } from './error-mapping';

/** `console-error.hbs`: the error body a console page would have got as JSON, as a page. */
export interface ConsoleErrorView extends ErrorBody {
  details: ErrorDetail[];
}

declare module '../templates/page-contexts' {
  interface PageContexts {
    'console-error': ConsoleErrorView;
  }
}

/** The single place where errors thrown by handlers, guards and pipes become HTTP responses. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly bodyLimitBytes: number,
    /** Console pages answer people: with a page, not JSON. */
    private readonly pages?: PageRenderer,
    /** Told of database outages the requests meet, so readiness turns at once. */
    private readonly availability?: DatabaseAvailability,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    this.availability?.noteFailure(error);
    sendError(error, request, reply, this.logger, this.bodyLimitBytes, this.pages);
  }
}

export function sendError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Logger,
  bodyLimitBytes: number,
  pages?: PageRenderer,
): void {
  const { body, headers, unexpected, outage } = mapError(error, String(request.id), bodyLimitBytes);
  if (outage) {
    // One line without a stack: an outage fails every request, and the stacks say nothing new.
    logger.warn(
      { requestId: request.id, route: request.routeOptions?.url, cause: (error as Error).message },
      'request refused: the database is unreachable',
    );
  } else if (unexpected) {
    logger.error(
      { err: loggableError(error), requestId: request.id, route: request.routeOptions?.url },
      'request failed',
    );
  }
  if (reply.sent) return;
  if (pages && isConsolePage(request)) return sendConsolePage(request, body, headers, reply, pages);
  void reply
    .status(body.statusCode)
    .headers(headers)
    .type('application/json; charset=utf-8')
    .send(body);
}

function isConsolePage(request: FastifyRequest): boolean {
  return /^\/console(\/|$|\?)/.test(request.url) && !wantsJson(request);
}

/** Signed out: to the sign-in page. Otherwise a page with the status and the same sentence. */
function sendConsolePage(
  request: FastifyRequest,
  body: ErrorBody,
  headers: Record<string, string>,
  reply: FastifyReply,
  pages: PageRenderer,
): void {
  if (body.statusCode === 401) {
    // A part of a page refreshing itself (htmx) would show the sign-in page inside the page:
    // htmx takes the whole window there instead.
    if (request.headers['hx-request'] === 'true') {
      return void reply.status(401).header('hx-redirect', '/console/login').send();
    }
    return void reply.redirect('/console/login', 303);
  }
  void reply
    .status(body.statusCode)
    .headers({ ...headers, 'cache-control': 'no-store' })
    .type('text/html; charset=utf-8')
    .send(pages.render('console-error', { details: [], ...body }));
}
