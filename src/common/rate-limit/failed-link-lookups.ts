import { HttpStatus, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error';
import { PageRenderer } from '../templates/page-renderer';
import { sendPrivatePage } from '../templates/private-page';
import { clientAddressGroup } from './client-address';
import { RateLimiter } from './rate-limiter';

/**
 * Unknown link tokens (`/s/ /r/ /p/ /u/`) one client address (an IPv6 address by its /64) may
 * look up per window before it is answered 429 instead of 404: a person mistyping a link meets
 * 404s, a script guessing tokens meets 429s. Only failures count and only unknown tokens are refused, so a working link is
 * always served, even from an address over the limit: hundreds of customers may share one
 * corporate address, and none of them may be refused because someone else there guessed.
 */
export const FAILED_LINK_LOOKUPS = { limit: 30, windowSeconds: 600 } as const;
const PURPOSE = 'link-miss';
/** Ended windows are deleted at most this often per process (each delete scans the purpose). */
const CLEANUP_INTERVAL_MS = 60_000;

@Injectable()
export class FailedLinkLookups {
  private lastCleanup = 0;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly pages: PageRenderer,
  ) {}

  /** An unknown token on a page: the "link does not work" page (404), or 429 over the limit. */
  async sendUnknownLinkPage(reply: FastifyReply): Promise<void> {
    const retryAfter = await this.countFailure(reply.request);
    if (retryAfter === null) {
      return sendPrivatePage(reply, HttpStatus.NOT_FOUND, this.pages.render('link-not-found', {}));
    }
    void reply.header('retry-after', String(retryAfter));
    sendPrivatePage(
      reply,
      HttpStatus.TOO_MANY_REQUESTS,
      this.pages.render('link-rate-limited', { minutes: Math.ceil(retryAfter / 60) }),
    );
  }

  /** An unknown token asked for JSON: `notFound`, or a 429 over the limit (thrown either way). */
  async throwUnknownLink(request: FastifyRequest, notFound: ApiError): Promise<never> {
    const retryAfter = await this.countFailure(request);
    if (retryAfter === null) throw notFound;
    throw new ApiError(
      HttpStatus.TOO_MANY_REQUESTS,
      'rate_limited',
      'Too many links that do not work were looked up from this address. Wait a few minutes, then try again.',
      undefined,
      { 'retry-after': String(retryAfter) },
    );
  }

  /** Counts one failed lookup for the client address: the seconds to wait when over, else null. */
  private async countFailure(request: FastifyRequest): Promise<number | null> {
    const { limit, windowSeconds } = FAILED_LINK_LOOKUPS;
    if (Date.now() - this.lastCleanup > CLEANUP_INTERVAL_MS) {
      this.lastCleanup = Date.now();
      await this.limiter.deleteStale(PURPOSE, windowSeconds);
    }
    const verdict = await this.limiter.hit(
      this.limiter.key(PURPOSE, clientAddressGroup(request.ip)),
      limit,
      windowSeconds,
    );
    return verdict.allowed ? null : verdict.retryAfterSeconds;
  }
}
