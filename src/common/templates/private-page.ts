import type { FastifyReply } from 'fastify';

/**
 * Headers for pages reached by a personal link (`/s`, `/p`, `/u`): never cached, and the link's
 * token never leaks to another site through a Referer.
 */
export const PRIVATE_PAGE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
} as const;

/** Sends a rendered personal page. */
export function sendPrivatePage(reply: FastifyReply, status: number, html: string): void {
  void reply
    .status(status)
    .headers(PRIVATE_PAGE_HEADERS)
    .type('text/html; charset=utf-8')
    .send(html);
}

/** A 303 to another personal page. */
export function redirectPrivately(reply: FastifyReply, location: string): void {
  void reply.status(303).headers(PRIVATE_PAGE_HEADERS).header('location', location).send();
}
