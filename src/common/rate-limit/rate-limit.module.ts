import { Module } from '@nestjs/common';
import { FailedLinkLookups } from './failed-link-lookups';
import { RateLimiter } from './rate-limiter';

/** Counters in PostgreSQL, and the limit on unknown link tokens the public pages share. */
@Module({ providers: [RateLimiter, FailedLinkLookups], exports: [RateLimiter, FailedLinkLookups] })
export class RateLimitModule {}
