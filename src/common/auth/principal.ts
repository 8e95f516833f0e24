import type { UserRole } from '../../modules/users/user.entity';

export interface UserPrincipal {
  kind: 'user';
  userId: string;
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

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth guard when the request carries a valid session or API key. */
    principal?: Principal;
  }
}
