import type { UserRole } from './user-role';
import { peopleOnly } from '../errors/common.errors';

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  /** Shown in the console's top bar. */
  name: string;
  role: UserRole;
  teamId: string | null;
  sessionId: string;
  csrfToken: string;
}

export interface ApiKeyPrincipal {
  kind: 'apiKey';
  apiKeyId: string;
}

export type Principal = UserPrincipal | ApiKeyPrincipal;

/** For what only people do (own a case, change settings): 403 with `why` for an API key. */
export function requireUser(principal: Principal, why: string): UserPrincipal {
  if (principal.kind !== 'user') throw peopleOnly(why);
  return principal;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth guard when the request carries a valid session or API key. */
    principal?: Principal;
  }
}
