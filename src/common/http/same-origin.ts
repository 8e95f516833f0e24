import type { FastifyRequest } from 'fastify';
import { crossSiteRequest } from './http.errors';

/**
 * Refuses a form or fetch sent by another site's page (login CSRF: signing a visitor into an
 * account the attacker chose). Browsers say so in Sec-Fetch-Site; older ones only send Origin,
 * which must then name the host the request was sent to. Scripts and CRMs send neither.
 */
export function assertNotCrossSite(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const crossSite =
    site === 'cross-site' ||
    (site === undefined &&
      typeof origin === 'string' &&
      originHost(origin) !== request.headers.host);
  if (crossSite) throw crossSiteRequest();
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined; // "null" (sandboxed frames, file://) counts as foreign
  }
}
