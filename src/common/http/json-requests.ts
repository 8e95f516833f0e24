import type { FastifyRequest } from 'fastify';

/** A page that also answers API clients: JSON when the request asks for it or sends it. */
export function wantsJson(request: FastifyRequest): boolean {
  return /application\/json/i.test(request.headers.accept ?? '') || isJsonBody(request);
}

export function isJsonBody(request: FastifyRequest): boolean {
  return /^application\/json/i.test(request.headers['content-type'] ?? '');
}
