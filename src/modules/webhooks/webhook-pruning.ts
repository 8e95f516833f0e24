import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DOMAIN_EVENT_RETENTION_DAYS } from '../../common/events/domain-event-pruning';
import { JobQueue } from '../../common/jobs/job-queue';
import { registerRecurring } from '../../common/jobs/recurring-job';
import { TEST_EVENT } from './webhook-catalogue';

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    /** No payload: deletes the test deliveries past the log's retention. */
    'webhooks.prune': Record<string, never>;
  }
}

/**
 * An event's deliveries go with the event when the log prunes it (a cascade); a test event has
 * none behind it, so its deliveries are pruned here, after the same time.
 */
@Injectable()
export class WebhookPruning implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    registerRecurring(this.jobs, 'webhooks.prune', 3600, () => this.prune());
  }

  async prune(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM webhook_deliveries WHERE event_id IS NULL AND type = '${TEST_EVENT}'
         AND created_at < now() - make_interval(days => ${DOMAIN_EVENT_RETENTION_DAYS})`,
    );
  }
}
