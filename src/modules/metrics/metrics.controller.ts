import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Allow } from '../../common/auth/allow.decorator';
import { METRICS_CONFIG, type MetricsConfig } from '../../config/config-sections';
import { Metrics } from './metrics';
import { metricsOff, metricsTokenRequired } from './metrics.errors';

/**
 * Prometheus scrape endpoint: counts and timings only, no personal data. With METRICS_TOKEN the
 * scraper sends it as a Bearer token; production without one has no metrics endpoint (404), since
 * nobody could present a token. Worker processes serve it the same way.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(METRICS_CONFIG) private readonly config: MetricsConfig,
  ) {}

  @Get()
  @Allow('public')
  async scrape(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { access, token } = this.config;
    if (access === 'off') {
      throw metricsOff();
    }
    if (access === 'token' && !bearerMatches(request, token!)) {
      throw metricsTokenRequired();
    }
    void reply.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}

/** Compared as hashes, so neither the time taken nor a length difference says anything. */
function bearerMatches(request: FastifyRequest, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(token));
}
