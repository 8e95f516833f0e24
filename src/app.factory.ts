import fastifyCookie from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { setUpApiDocs } from './api-docs';
import { AppModule, AppRuntime } from './app.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { NestPinoLogger } from './common/logging/logger';
import { PageRenderer } from './common/templates/page-renderer';
import { createValidationPipe } from './common/validation/validation.pipe';
import { Metrics } from './modules/metrics/metrics';
import { passCsvStream } from './modules/customers/import/csv-body';
import { registerBodyParsers } from './common/http/body-parsers';
import { addRequestHooks } from './common/http/request-hooks';
import { registerSecurityHeaders } from './common/http/security-headers';
import { registerStaticAssets } from './common/http/static-assets';
import type { AppConfig } from './config/app-config';
import { DatabaseAvailability } from './database/database-availability';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Builds the HTTP application (initialised, not yet listening). `main.ts` and the tests share it,
 * so tests exercise exactly the headers, limits, filters and hooks that production runs.
 */
export async function createApp(
  runtime: AppRuntime,
  logger: Logger,
): Promise<NestFastifyApplication> {
  const { config } = runtime;
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(runtime),
    createAdapter(config),
    {
      logger: new NestPinoLogger(logger),
      // Throw instead of process.exit(1), so main.ts prints one clear line and tests see the cause.
      abortOnError: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();

  await registerSecurityHeaders(app, config.secureCookies);
  await app.register(fastifyCookie);
  await registerStaticAssets(app);

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
  addRequestHooks(app, config.runsHttp, app.get(Metrics), logger);

  setUpApiDocs(app, config);

  await app.init();
  return app;
}

/** Fastify's own settings: the body limit, which proxies to believe, where request ids come from. */
function createAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // Behind a load balancer the client IP (per-IP rate limits) comes from X-Forwarded-For.
    trustProxy:
      config.trustProxy > 0 ? (_address: string, hop: number) => hop < config.trustProxy : false,
    // A caller's own X-Request-ID is kept when it is a plain token; otherwise a fresh one.
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
}
