import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { setUpApiDocs } from './api-docs';
import { AppModule, AppRuntime } from './app.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { workerServesNoRoutes } from './common/errors/common.errors';
import { NestPinoLogger } from './common/logging/logger';
import { projectRoot } from './common/project-root';
import { PageRenderer } from './common/templates/page-renderer';
import { createValidationPipe } from './common/validation/validation.pipe';
import { Metrics } from './modules/metrics/metrics';
import { passCsvStream } from './modules/customers/import/csv-body';
import { registerBodyParsers } from './common/http/body-parsers';
import { DatabaseAvailability } from './database/database-availability';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Routes a worker-only process still serves. */
const WORKER_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Builds the HTTP application (initialised, not yet listening). `main.ts` and the tests share it,
 * so tests exercise exactly the headers, limits, filters and hooks that production runs.
 */
export async function createApp(
  runtime: AppRuntime,
  logger: Logger,
): Promise<NestFastifyApplication> {
  const { config } = runtime;
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // Behind a load balancer the client IP (per-IP rate limits) comes from X-Forwarded-For.
    trustProxy:
      config.trustProxy > 0 ? (_address: string, hop: number) => hop < config.trustProxy : false,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(runtime),
    adapter,
    {
      logger: new NestPinoLogger(logger),
      // Throw instead of process.exit(1), so main.ts prints one clear line and tests see the cause.
      abortOnError: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyStatic, {
    root: join(projectRoot(), 'templates', 'assets'),
    prefix: '/assets/',
    decorateReply: false,
  });
  // Chart.js for the dashboard, from the app itself (no CDN): that one file only.
  await app.register(fastifyStatic, {
    root: dirname(require.resolve('chart.js')),
    prefix: '/assets/vendor/',
    decorateReply: false,
    allowedPath: (path) => path === '/chart.umd.min.js',
    maxAge: '1d',
  });

  // JSON and forms only; anything else is a 415 rather than a string handed to a JSON endpoint.
  fastify.removeContentTypeParser('text/plain');
  // CSV uploads (customer import) reach their handler as a stream; other routes answer 415.
  fastify.addContentTypeParser('text/csv', passCsvStream);
  registerBodyParsers(app, config.bodyLimitBytes);

  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(
    new AllExceptionsFilter(
      logger,
      config.bodyLimitBytes,
      app.get(PageRenderer),
      app.get(DatabaseAvailability),
    ),
  );

  const metrics = app.get(Metrics);
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('x-request-id', request.id);
    if (!config.runsHttp && !WORKER_ROUTES.has(request.routeOptions?.url ?? '')) {
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

  setUpApiDocs(app, config);

  await app.init();
  return app;
}
