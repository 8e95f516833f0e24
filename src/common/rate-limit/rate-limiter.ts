import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

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
  constructor(private readonly dataSource: DataSource) {}

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

  /** Drops a purpose's counters whose window has ended (they would restart at the next hit). */
  async deleteStale(purpose: string, windowSeconds: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM rate_limit_counters
       WHERE starts_with(key, $1) AND window_start < now() - make_interval(secs => $2)`,
      [`${purpose}:`, windowSeconds],
    );
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM rate_limit_counters WHERE key = $1', [key]);
  }
}

/** Keys carry a hash of the subject, never an email address or IP in clear. */
export function rateLimitKey(purpose: string, subject: string): string {
  return `${purpose}:${createHash('sha256').update(subject).digest('base64url').slice(0, 32)}`;
}
