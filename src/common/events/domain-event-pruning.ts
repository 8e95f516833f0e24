import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JobQueue } from '../jobs/job-queue';
import type { JobOutcome } from '../jobs/job-types';

declare module '../jobs/job-types' {
  interface JobPayloads {
    /** No payload: deletes the events past their retention, then schedules its next run. */
    'domain-events.prune': Record<string, never>;
  }
}

/** How long the log keeps an event: subscribers that fell behind catch up within this. */
export const DOMAIN_EVENT_RETENTION_DAYS = 30;
const PRUNE_EVERY_SECONDS = 3600;
/** Rows deleted per statement, so a backlog never holds one long lock or transaction. */
const PRUNE_CHUNK = 10_000;

@Injectable()
export class DomainEventPruning implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      'domain-events.prune',
      async (): Promise<JobOutcome> => {
        try {
          const pruned = await this.prune();
          return pruned > 0 ? { status: 'success' } : { status: 'skipped', reason: 'none_due' };
        } finally {
          await this.jobs.enqueue('domain-events.prune', {}, { startAfter: PRUNE_EVERY_SECONDS });
        }
      },
      // One waiting and one running at most: every start and every run asks for the next.
      { queuePolicy: 'stately', retryLimit: 0, queueAtStart: true },
    );
  }

  /** Deletes the events older than the retention; answers how many. */
  async prune(): Promise<number> {
    let total = 0;
    for (;;) {
      const [{ n }] = await this.dataSource.query<{ n: number }[]>(
        `WITH gone AS (
           DELETE FROM domain_events WHERE id IN (
             SELECT id FROM domain_events
             WHERE occurred_at < now() - make_interval(days => ${DOMAIN_EVENT_RETENTION_DAYS})
             ORDER BY occurred_at LIMIT ${PRUNE_CHUNK})
           RETURNING 1
         )
         SELECT count(*)::int AS n FROM gone`,
      );
      total += n;
      if (n < PRUNE_CHUNK) return total;
    }
  }
}
