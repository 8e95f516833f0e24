import type { DatabaseAvailability } from '../../database/database-availability';

/** Injection token for `JobsModuleOptions`. */
export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

export interface JobsModuleOptions {
  /** The application's own PostgreSQL: jobs live in its `pgboss` schema, beside the business rows. */
  connectionString: string;
  /** False for `ROLE=api`: queues are created and jobs enqueued, but nothing is fetched or run. */
  runWorkers: boolean;
  /** How often an idle worker polls its queue. Default 2; pg-boss allows no less than 0.5. */
  pollingIntervalSeconds?: number;
  /**
   * How often a worker process runs pg-boss maintenance, which fails jobs that ran past their
   * limit (a killed worker's) so they retry. Default 120, pg-boss's own.
   */
  maintenanceIntervalSeconds?: number;
  /**
   * Caps every queue's `expireInSeconds`, so a killed worker's jobs are retried sooner. It is
   * stored on the queue and copied into each job at enqueue: give every process the same value.
   */
  maxRunSeconds?: number;
  /** Told of every connection failure the job pool and workers meet (readiness reads it). */
  availability?: DatabaseAvailability;
  /** How long shutdown waits for running jobs before releasing them for retry. Default 20000. */
  shutdownTimeoutMs?: number;
}
