/** Injection token for `JobsModuleOptions`. */
export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

export interface JobsModuleOptions {
  /** The application's own PostgreSQL: jobs live in its `pgboss` schema, beside the business rows. */
  connectionString: string;
  /** False for `ROLE=api`: queues are created and jobs enqueued, but nothing is fetched or run. */
  runWorkers: boolean;
  /** How often an idle worker polls its queue. Default 2; pg-boss allows no less than 0.5. */
  pollingIntervalSeconds?: number;
  /** How long shutdown waits for running jobs before releasing them for retry. Default 20000. */
  shutdownTimeoutMs?: number;
}
