import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { ALLOW_KEY, Caller } from '../../common/auth/allow.decorator';
import type { Principal } from '../../common/auth/principal';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { UsersService } from '../users/users.service';
import { authenticationRequired, csrfRejected, forbidden, invalidApiKey } from './auth.errors';
import { SessionsService } from './sessions.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The global guard. A route must say who may call it with `@Allow(...)`; one that does not is
 * refused outright, so forgetting the declaration can never open a route.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const callers = this.reflector.getAllAndOverride<Caller[] | undefined>(ALLOW_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!callers?.length) {
      throw new Error(
        `${context.getClass().name}.${context.getHandler().name} does not declare @Allow(...)`,
      );
    }
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const isPublic = callers.includes('public');

    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      const key = await this.apiKeys.authenticate(bearer);
      if (!key) {
        if (isPublic) return true;
        throw invalidApiKey();
      }
      request.principal = { kind: 'apiKey', apiKeyId: key.id };
      if (isPublic || callers.includes('integration')) return true;
      throw forbidden();
    }

    const principal = await this.sessionPrincipal(request);
    if (isPublic) return true;
    if (!principal) throw authenticationRequired();
    if (!callers.includes(principal.role)) throw forbidden();
    if (!SAFE_METHODS.has(request.method) && !csrfTokenMatches(request, principal.csrfToken))
      throw csrfRejected();
    return true;
  }

  private async sessionPrincipal(
    request: FastifyRequest,
  ): Promise<Extract<Principal, { kind: 'user' }> | undefined> {
    const token = request.cookies?.[this.sessions.cookieName];
    if (!token) return undefined;
    // An htmx GET is a page refreshing itself (the queue's table): it keeps no one signed in.
    const background = request.method === 'GET' && request.headers['hx-request'] === 'true';
    const session = await this.sessions.findLiveSession(token, { background });
    if (!session) return undefined;
    const user = await this.users.findActiveSignIn(session.userId);
    if (!user) return undefined;
    request.principal = {
      kind: 'user',
      userId: user.id,
      name: user.name,
      role: user.role,
      teamId: user.teamId,
      sessionId: session.id,
      csrfToken: session.csrfToken,
    };
    return request.principal;
  }
}

/** Header or form field; the field is then removed so DTO validation never sees it. */
function csrfTokenMatches(request: FastifyRequest, expected: string): boolean {
  const header = request.headers['x-csrf-token'];
  const body = request.body as { _csrf?: unknown } | undefined;
  const field = body?._csrf;
  if (body && typeof body === 'object') delete body._csrf;
  const presented = typeof header === 'string' ? header : typeof field === 'string' ? field : '';
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
