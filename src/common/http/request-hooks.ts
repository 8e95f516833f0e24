import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Metrics } from '../../modules/metrics/metrics';
import { workerServesNoRoutes } from '../errors/common.errors';

/** Routes a worker-only process still serves. */
const WORKER_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * On each request: the request id echoed as `x-request-id`, and in a worker-only process (not
 * `runsHttp`) every route but health and metrics refused. On each response: its duration in the
 * metrics and one log line.
 */
export function addRequestHooks(
  app: NestFastifyApplication,
  runsHttp: boolean,
  metrics: Metrics,
  logger: Logger,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('x-request-id', request.id);
    if (!runsHttp && !WORKER_ROUTES.has(request.routeOptions?.url ?? '')) {
      throw workerServesNoRoutes();
    }
  });
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    // The route pattern, never the URL: paths can hold personal tokens.
    const route = request.routeOptions?.url ?? 'unmatched';
    metrics.httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    logger.info(
      {
        requestId: request.id,
        method: request.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
}
