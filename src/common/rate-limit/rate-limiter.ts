import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RATE_LIMIT_CONFIG, type RateLimitConfig } from '../../config/config-sections';
import { slowdownDelaySeconds, type SlowdownPolicy } from './slowdown';

export interface RateLimitVerdict {
  allowed: boolean;
  hits: number;
  retryAfterSeconds: number;
}

/**
 * Counters in PostgreSQL, so a limit holds across every replica: fixed windows (one upsert per
 * hit; the window restarts when it has elapsed) and exponential slowdowns (`attempt`).
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(RATE_LIMIT_CONFIG) private readonly config: RateLimitConfig,
  ) {}

  /**
   * `<purpose>:<keyed hash of the subject>`. Keyed, because an email address or an IPv4 address
   * is easy to recover from a plain hash. A client address is counted by `clientAddressGroup`
   * (an IPv6 address by its /64).
   */
  key(purpose: string, subject: string): string {
    const digest = createHmac('sha256', this.config.keySecret).update(subject).digest('base64url');
    return `${purpose}:${digest.slice(0, 32)}`;
  }

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitVerdict> {
    const { hits, retryAfterSeconds } = await this.increment(key, windowSeconds);
    return { allowed: hits <= limit, hits, retryAfterSeconds };
  }

  /** Counts one hit in the key's window (a new window once it has elapsed). */
  async increment(
    key: string,
    windowSeconds: number,
  ): Promise<{ hits: number; retryAfterSeconds: number }> {
    const rows = await this.dataSource.query<{ hits: number; retry_after: number }[]>(
      `INSERT INTO rate_limit_counters AS c (key, window_start, hits) VALUES ($1, now(), 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE c.hits + 1 END,
         window_start = CASE WHEN c.window_start <= now() - make_interval(secs => $2) THEN now() ELSE c.window_start END
       RETURNING hits, ceil(extract(epoch FROM c.window_start + make_interval(secs => $2) - now()))::int AS retry_after`,
      [key, windowSeconds],
    );
    const { hits, retry_after } = rows[0];
    return { hits, retryAfterSeconds: Math.max(1, retry_after) };
  }

  /** The hits of the key's window under way, without counting one (0: none, or it has ended). */
  async count(key: string, windowSeconds: number): Promise<number> {
    const rows = await this.dataSource.query<{ hits: number }[]>(
      `SELECT hits FROM rate_limit_counters
       WHERE key = $1 AND window_start > now() - make_interval(secs => $2)`,
      [key, windowSeconds],
    );
    return rows[0]?.hits ?? 0;
  }

  /**
   * Whether the key's window under way is past `limit` hits, without counting one: the seconds
   * until the window ends if so, else null.
   */
  async retryAfterOverLimit(
    key: string,
    limit: number,
    windowSeconds: number,
  ): Promise<number | null> {
    const rows = await this.dataSource.query<{ retry_after: number }[]>(
      `SELECT ceil(extract(epoch FROM window_start + make_interval(secs => $3) - now()))::int
         AS retry_after
       FROM rate_limit_counters
       WHERE key = $1 AND hits > $2 AND window_start > now() - make_interval(secs => $3)`,
      [key, limit, windowSeconds],
    );
    return rows.length ? Math.max(1, rows[0].retry_after) : null;
  }

  /**
   * Counts an attempt under an exponential slowdown (slowdown.ts). Refused, and not counted, while
   * the wait the earlier attempts earned runs; otherwise counted, and the next attempt's wait set.
   * One locked read-modify-write, so concurrent attempts cannot all slip through together.
   */
  async attempt(key: string, policy: SlowdownPolicy): Promise<RateLimitVerdict> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO rate_limit_counters (key, window_start, hits) VALUES ($1, now(), 0)
         ON CONFLICT (key) DO NOTHING`,
        [key],
      );
      const [row] = await manager.query<{ hits: number; ended: boolean; wait: number }[]>(
        `SELECT hits, window_start <= now() - make_interval(secs => $2) AS ended,
           ceil(greatest(0, extract(epoch FROM retry_at - now())))::int AS wait
         FROM rate_limit_counters WHERE key = $1 FOR UPDATE`,
        [key, policy.windowSeconds],
      );
      if (row.wait > 0) return { allowed: false, hits: row.hits, retryAfterSeconds: row.wait };
      const hits = row.ended ? 1 : row.hits + 1;
      await manager.query(
        `UPDATE rate_limit_counters SET hits = $2,
           window_start = CASE WHEN $3::boolean THEN now() ELSE window_start END,
           retry_at = CASE WHEN $4::int > 0 THEN now() + make_interval(secs => $4::int) END
         WHERE key = $1`,
        [key, hits, row.ended, slowdownDelaySeconds(hits, policy)],
      );
      return { allowed: true, hits, retryAfterSeconds: 0 };
    });
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

  /**
   * Drops a purpose's counters whose window and wait have ended (they would restart at the next
   * hit).
   */
  async deleteStale(purpose: string, windowSeconds: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM rate_limit_counters
       WHERE key LIKE $1 AND window_start < now() - make_interval(secs => $2)
         AND (retry_at IS NULL OR retry_at <= now())`,
      [`${purpose}:%`, windowSeconds],
    );
  }
}
