import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Observable, of } from 'rxjs';
import type { ApiError } from '../errors/api-error';
import { tooManyUnknownLinks } from '../errors/common.errors';
import { wantsJson } from '../http/json-requests';
import { PageRenderer } from '../templates/page-renderer';
import { sendPrivatePage } from '../templates/private-page';
import { clientAddressGroup } from './client-address';
import { RateLimiter } from './rate-limiter';

/**
 * Unknown link tokens (`/s/ /r/ /p/ /u/`) one client address (an IPv6 address by its /64) may look
 * up per window. Past them, every link from that address is answered 429 until the window ends,
 * working links too: were those served, a guesser over the limit would still tell a hit (200)
 * from a miss (429). Only failures count, and the limit is far above what people make: hundreds
 * of customers sharing one corporate address, each opening their own working link, never count,
 * and a few of them mistyping one count a few.
 */
/** `link-not-found.hbs`: the same page for every unknown link; it shows nothing of the request. */
export type LinkNotFoundView = Record<string, never>;

/** `link-rate-limited.hbs` (429). */
export interface LinkRateLimitedView {
  /** How long to wait, rounded up. */
  minutes: number;
}

declare module '../templates/page-contexts' {
  interface PageContexts {
    'link-not-found': LinkNotFoundView;
    'link-rate-limited': LinkRateLimitedView;
  }
}

export const FAILED_LINK_LOOKUPS = { limit: 100, windowSeconds: 600 } as const;
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

  /**
   * Before any token is looked up: whether the client address is over the limit, answered 429 if
   * so (a page, or thrown as the API's error for JSON). Counts nothing.
   */
  async refuseOverLimit(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const retryAfter = await this.limiter.retryAfterOverLimit(
      this.addressKey(request),
      FAILED_LINK_LOOKUPS.limit,
      FAILED_LINK_LOOKUPS.windowSeconds,
    );
    if (retryAfter === null) return false;
    if (wantsJson(request)) throw tooManyUnknownLinks(retryAfter);
    this.sendRateLimitedPage(reply, retryAfter);
    return true;
  }

  /** An unknown token on a page: the "link does not work" page (404), or 429 over the limit. */
  async sendUnknownLinkPage(reply: FastifyReply): Promise<void> {
    const retryAfter = await this.countFailure(reply.request);
    if (retryAfter === null) {
      return sendPrivatePage(reply, HttpStatus.NOT_FOUND, this.pages.render('link-not-found', {}));
    }
    this.sendRateLimitedPage(reply, retryAfter);
  }

  /** An unknown token asked for JSON: `notFound`, or a 429 over the limit (thrown either way). */
  async throwUnknownLink(request: FastifyRequest, notFound: ApiError): Promise<never> {
    const retryAfter = await this.countFailure(request);
    throw retryAfter === null ? notFound : tooManyUnknownLinks(retryAfter);
  }

  private sendRateLimitedPage(reply: FastifyReply, retryAfter: number): void {
    void reply.header('retry-after', String(retryAfter));
    sendPrivatePage(
      reply,
      HttpStatus.TOO_MANY_REQUESTS,
      this.pages.render('link-rate-limited', { minutes: Math.ceil(retryAfter / 60) }),
    );
  }

  /** Counts one failed lookup for the client address: the seconds to wait when over, else null. */
  private async countFailure(request: FastifyRequest): Promise<number | null> {
    const { limit, windowSeconds } = FAILED_LINK_LOOKUPS;
    if (Date.now() - this.lastCleanup > CLEANUP_INTERVAL_MS) {
      this.lastCleanup = Date.now();
      await this.limiter.deleteStale(PURPOSE, windowSeconds);
    }
    const verdict = await this.limiter.hit(this.addressKey(request), limit, windowSeconds);
    return verdict.allowed ? null : verdict.retryAfterSeconds;
  }

  private addressKey(request: FastifyRequest): string {
    return this.limiter.key(PURPOSE, clientAddressGroup(request.ip));
  }
}

/**
 * On a controller whose routes take a link token: an address over the limit is answered 429
 * before its token is looked up, whether the token works or not. The routes send their own replies
 * (`@Res()`), so a refusal sent here is the whole answer and the handler never runs.
 */
@Injectable()
export class LinkLookupLimit implements NestInterceptor {
  constructor(private readonly lookups: FailedLinkLookups) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const refused = await this.lookups.refuseOverLimit(
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
    );
    return refused ? of(undefined) : next.handle();
  }
}
