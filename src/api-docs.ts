import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  API_KEY_SCHEME,
  completeOperations,
  operationIdOf,
  SESSION_SCHEME,
} from './common/api-docs/complete-operations';
import { apiDocsNeedSession } from './common/errors/common.errors';
import { allErrorCodes } from './common/errors/error-codes';
import type { AppConfig } from './config/app-config';
import { SessionsService } from './modules/auth/sessions.service';
import { UsersService } from './modules/users/users.service';

/** The UI, its assets and the document (`/api/docs-json`, `/api/docs-yaml`). */
const DOCS_PATH = /^\/api\/docs(?:[/?-]|$)/;

/**
 * The OpenAPI document at `/api/docs-json` and its UI at `/api/docs`, as API_DOCS says: `public`,
 * `private` (a console session is required: the UI sends a browser to the sign-in page, the
 * document answers 401), or `off` (not served: 404).
 */
export function setUpApiDocs(app: NestFastifyApplication, config: AppConfig): void {
  if (config.apiDocs === 'off') return;
  if (config.apiDocs === 'private') {
    const sessions = app.get(SessionsService);
    const users = app.get(UsersService);
    const signedIn = async (request: FastifyRequest): Promise<boolean> => {
      const session = await sessions.findLiveSession(request.cookies?.[sessions.cookieName] ?? '');
      return !!session && !!(await users.findActiveById(session.userId));
    };
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        // The decoded path, as the router matches it: `/api/%64ocs-json` is the document too.
        const path = decodedPath(request.url);
        if (!DOCS_PATH.test(path) || (await signedIn(request))) return;
        if (/^\/api\/docs\/?(\?|$)/.test(path)) {
          return reply.header('cache-control', 'no-store').redirect('/console/login', 303);
        }
        throw apiDocsNeedSession();
      });
  }
  // Built on the first request for it, not at every start (it scans every route).
  const document = () =>
    completeOperations(
      withErrorSchema(
        SwaggerModule.createDocument(
          app,
          new DocumentBuilder()
            .setTitle('Candor API')
            .setDescription(
              'Identified customer feedback: surveys, consent, follow-up cases and reports.',
            )
            .setVersion('1')
            .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
            .addServer('/', 'The Candor serving this document')
            .addBearerAuth(
              {
                type: 'http',
                scheme: 'bearer',
                bearerFormat: 'cnd_…',
                description: 'An API key (`npm run cli -- api-key:create`, or Admin → API keys)',
              },
              API_KEY_SCHEME,
            )
            .addCookieAuth(
              config.secureCookies ? '__Host-candor_session' : 'candor_session',
              {
                type: 'apiKey',
                in: 'cookie',
                description:
                  'The console session of `POST /api/v1/session`; a change also sends its ' +
                  'csrfToken as `X-CSRF-Token`',
              },
              SESSION_SCHEME,
            )
            .build(),
          { operationIdFactory: operationIdOf },
        ),
      ),
      app,
    );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/** The error body every endpoint answers with (API.md), its `code` listing every code there is. */
function withErrorSchema(document: OpenAPIObject): OpenAPIObject {
  const text = { type: 'string' } as const;
  const schemas = (document.components ??= {}).schemas ?? {};
  schemas.ErrorBody = {
    type: 'object',
    required: ['statusCode', 'error', 'code', 'message', 'requestId'],
    properties: {
      statusCode: { type: 'integer', example: 400 },
      error: { ...text, example: 'Bad Request' },
      code: { ...text, enum: allErrorCodes(), example: 'validation_failed' },
      message: { ...text, description: 'A human sentence, safe to show.' },
      details: {
        type: 'array',
        items: {
          type: 'object',
          required: ['field', 'message'],
          properties: { field: text, message: text },
        },
      },
      requestId: text,
    },
  };
  document.components.schemas = schemas;
  return document;
}

function decodedPath(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url; // malformed escapes: the router refuses such a path anyway
  }
}
