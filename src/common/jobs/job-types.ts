import type { EntityManager } from 'typeorm';

/**
 * Every job name and its payload. Empty here: each feature module adds its own jobs by
 * declaration merging, next to the handler that owns them:
 *
 * ```ts
 * declare module '../../common/jobs/job-types' {
 *   interface JobPayloads {
 *     'email.send': { emailId: string };
 *   }
 * }
 * ```
 *
 * Payloads hold ids only. They are stored as plain JSON in `pgboss.job` (and copied to the dead
 * letter queue) long after the business rows may have been erased, so personal data never goes
 * into a payload: the handler loads what it needs by id, and sees the current state when it runs.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface JobPayloads {}

export type JobName = Extract<keyof JobPayloads, string>;

/**
 * Where a job lands once its retries are spent. Nothing consumes it: it waits there for inspection
 * until pg-boss's retention (14 days) expires it, then its archive keeps it another 7 days.
 */
export type DeadLetterName<N extends JobName = JobName> = `${N}.dead`;

/**
 * What a handler reports when it returns. Handlers throw to fail: the job is retried with backoff
 * and, once `retryLimit` is spent, moved to its dead letter queue. `skipped` is a success that did
 * nothing (the row is gone, the address is suppressed, the work was already done); `reason` is a
 * short code such as `suppressed`, logged and stored, so it never carries personal data.
 */
export interface JobOutcome {
  status: 'success' | 'skipped';
  reason?: string;
}

/** What a handler learns about the job besides its payload. `retryCount` is 0 on the first run. */
export interface JobInfo {
  id: string;
  retryCount: number;
}

export type JobHandler<N extends JobName> = (
  payload: JobPayloads[N],
  job: JobInfo,
) => Promise<JobOutcome>;

/** One fetched job of a batch handler's. */
export interface BatchJob<N extends JobName> extends JobInfo {
  payload: JobPayloads[N];
}

/**
 * Tells the worker one job's result (an outcome, or the Error that fails it) before the whole
 * batch is done. A batch that runs past its time limit then completes the jobs told so far and
 * fails only the others; what is told after the limit is not written. A job's first result counts.
 */
export type JobResultReport = (jobId: string, result: JobOutcome | Error) => void;

/**
 * A handler that takes a whole fetched batch, for jobs cheaper to do set-wise (one query for all
 * rows). It answers one result per job, in the jobs' order: an outcome, or the Error that fails
 * that job alone (retried like a throw from a `JobHandler`). A handler whose jobs finish one by
 * one (sends, deliveries) should also `report` each result as it is known; the answer counts for
 * the jobs it did not report.
 */
export type BatchJobHandler<N extends JobName> = (
  jobs: BatchJob<N>[],
  report: JobResultReport,
) => Promise<(JobOutcome | Error)[]>;

/** Per-queue policy, fixed when the queue is registered. */
export interface JobPolicy {
  /** Retries after the first attempt before the job is dead-lettered. Default 5. */
  retryLimit?: number;
  /** Base delay before a retry; doubled each retry (with jitter) when `backoff`. Default 10. */
  retryDelaySeconds?: number;
  /** Exponential backoff between retries. Default true. */
  backoff?: boolean;
  /** A run that takes longer fails (and is retried). Default 300. */
  expireInSeconds?: number;
  /** Jobs fetched and run concurrently by this process's worker for the queue. Default 1. */
  batchSize?: number;
  /**
   * Workers (polling loops) this process runs for the queue. A worker whose fetch came back full
   * fetches again at once; otherwise it waits out the polling interval. Default 1.
   */
  workers?: number;
  /** Seconds between fetches, overriding the module's default (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /**
   * pg-boss queue policy. `singletonKey` only deduplicates on `short` (one queued job per key),
   * `singleton` (one active per key) or `stately` (one queued and one active per key); on the
   * default `standard` queue it is stored but ignored.
   */
  queuePolicy?: 'standard' | 'short' | 'singleton' | 'stately';
  /**
   * For a job that runs again and again (it queues its own next run): one with an empty payload
   * is queued whenever a process with workers starts, so the cycle survives a lost run. Pair with
   * a `stately` queue so that starts do not pile runs up.
   */
  queueAtStart?: boolean;
}

export interface EnqueueOptions {
  /**
   * The EntityManager of an open TypeORM transaction: the job is inserted in that transaction, so
   * it exists if and only if the business rows commit.
   */
  manager?: EntityManager;
  /** Not before this time; a number is a delay in seconds. */
  startAfter?: Date | number;
  /** See `JobPolicy.queuePolicy`: a duplicate resolves to `null` instead of a job id. */
  singletonKey?: string;
}

/** One job of `enqueueMany`. */
export type JobToEnqueue = {
  /** `startAfter`: a time, or a delay in seconds counted by the database's clock. */
  [N in JobName]: { name: N; payload: JobPayloads[N]; startAfter?: Date | number };
}[JobName];

/** Where `JobQueue.jobInsertSql` takes its rows from; every part is SQL written by the caller. */
export interface JobInsertSource {
  /** The payload, e.g. `jsonb_build_object('responseId', answer.id)`. */
  data: string;
  /** A table or CTE name. */
  from: string;
  where?: string;
  /** When the job may start, e.g. `now() + interval '1 day'`; default now. */
  startAfter?: string;
}
