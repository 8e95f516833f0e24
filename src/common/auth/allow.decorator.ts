import { SetMetadata } from '@nestjs/common';
import type { UserRole } from './user-role';

/**
 * Who may call a route: `public` (anyone), a console role, or `integration` (an API key).
 * Every controller method must declare it, on itself or its class; the auth guard refuses a
 * route that does not, and a test lists any such route.
 */
export type Caller = 'public' | 'integration' | UserRole;

export const ALLOW_KEY = 'candor:allow';

export const Allow = (...callers: [Caller, ...Caller[]]) => SetMetadata(ALLOW_KEY, callers);

/** Everyone signed in to the console. */
export const STAFF: [Caller, ...Caller[]] = ['admin', 'manager', 'agent'];
