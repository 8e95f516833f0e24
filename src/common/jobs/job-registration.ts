import type PgBoss from 'pg-boss';
import type { BatchJob, JobOutcome, JobPolicy, JobResultReport } from './job-types';

/** A registered job: its name, its handler and its policy with every default filled in. */
export interface Registration {
  name: string;
  // Type-erased: the registry holds every job's handler; `register` checked the pairing.
  handler: (jobs: BatchJob<never>[], report: JobResultReport) => Promise<(JobOutcome | Error)[]>;
  policy: Required<JobPolicy>;
}

/** A job's policy with the defaults for what it leaves out. */
export function withDefaults(
  policy: JobPolicy,
  defaultPollingIntervalSeconds: number,
): Required<JobPolicy> {
  return {
    retryLimit: policy.retryLimit ?? 5,
    retryDelaySeconds: policy.retryDelaySeconds ?? 10,
    backoff: policy.backoff ?? true,
    expireInSeconds: policy.expireInSeconds ?? 300,
    batchSize: policy.batchSize ?? 1,
    workers: policy.workers ?? 1,
    pollingIntervalSeconds: policy.pollingIntervalSeconds ?? defaultPollingIntervalSeconds,
    queuePolicy: policy.queuePolicy ?? 'standard',
    queueAtStart: policy.queueAtStart ?? false,
  };
}

/** The pg-boss queue a registration needs, its `${name}.dead` dead letter included. */
export function queueOf({ name, policy }: Registration, maxRunSeconds?: number): PgBoss.Queue {
  return {
    name,
    policy: policy.queuePolicy,
    retryLimit: policy.retryLimit,
    retryDelay: policy.retryDelaySeconds,
    retryBackoff: policy.backoff,
    // Copied into each job at enqueue: how long a killed worker's job stays lost (and how long
    // any run may last before maintenance fails it for a retry).
    expireInSeconds: Math.min(policy.expireInSeconds, maxRunSeconds ?? policy.expireInSeconds),
    deadLetter: `${name}.dead`,
  };
}

/** Whether the stored queue already has the policy this process registers. */
export function sameQueue(stored: PgBoss.QueueResult, wanted: PgBoss.Queue): boolean {
  return (
    stored.policy === wanted.policy &&
    stored.retryLimit === wanted.retryLimit &&
    stored.retryDelay === wanted.retryDelay &&
    stored.retryBackoff === wanted.retryBackoff &&
    stored.expireInSeconds === wanted.expireInSeconds &&
    stored.deadLetter === wanted.deadLetter
  );
}
