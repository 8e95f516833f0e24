import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { loggableError } from '../logging/logger';
import { mapError } from './error-mapping';

/** The single place where errors thrown by handlers, guards and pipes become HTTP responses. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly bodyLimitBytes: number,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendError(error, request, reply, this.logger, this.bodyLimitBytes);
  }
}

export function sendError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Logger,
  bodyLimitBytes: number,
): void {
  const { body, headers, unexpected } = mapError(error, String(request.id), bodyLimitBytes);
  if (unexpected) {
    logger.error(
      { err: loggableError(error), requestId: request.id, route: request.routeOptions?.url },
      'request failed',
    );
  }
  if (reply.sent) return;
  void reply
    .status(body.statusCode)
    .headers(headers)
    .type('application/json; charset=utf-8')
    .send(body);
}
