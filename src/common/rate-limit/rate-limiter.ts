import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

export interface RateLimitVerdict {
  allowed: boolean;
  hits: number;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters in PostgreSQL, so a limit holds across every replica. One upsert per hit:
 * the window restarts when it has elapsed.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `<purpose>:<keyed hash of the subject>`. Keyed, because an email address or an IPv4 address
   * is easy to recover from a plain hash.
   */
  key(purpose: string, subject: string): string {
    const digest = createHmac('sha256', this.config.sessionSecret)
      .update(subject)
      .digest('base64url');
    return `${purpose}:${digest.slice(0, 32)}`;
  }

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitVerdict> {
    const rows = await this.dataSource.query<{ hits: number; retry_after: number }[]>(
      `INSERT INTO rate_limit_counters AS c (key, window_start, hits) VALUES ($1, now(), 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE c.hits + 1 END,
         window_start = CASE WHEN c.window_start <= now() - make_interval(secs => $2) THEN now() ELSE c.window_start END
       RETURNING hits, ceil(extract(epoch FROM c.window_start + make_interval(secs => $2) - now()))::int AS retry_after`,
      [key, windowSeconds],
    );
    const { hits, retry_after } = rows[0];
    return { allowed: hits <= limit, hits, retryAfterSeconds: Math.max(1, retry_after) };
  }

  /** Takes one hit back (a request that turned out to be legitimate). */
  async release(key: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE rate_limit_counters SET hits = greatest(hits - 1, 0) WHERE key = $1',
      [key],
    );
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM rate_limit_counters WHERE key = $1', [key]);
  }

  /** Drops a purpose's counters whose window has ended (they would restart at the next hit). */
  async deleteStale(purpose: string, windowSeconds: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM rate_limit_counters
       WHERE key LIKE $1 AND window_start < now() - make_interval(secs => $2)`,
      [`${purpose}:%`, windowSeconds],
    );
  }
}
