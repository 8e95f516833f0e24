import type { Logger } from '@nestjs/common';
import type { Registration } from './job-registration';
import type { BatchJob, JobOutcome, JobResultReport } from './job-types';
import type { RunningJob } from './job-worker';

/** Runs fetched batches through their handlers and logs each job's outcome (ids, never payloads). */
export class JobBatchRunner {
  /** Jobs released at shutdown while still running: finishing late, they run again. */
  readonly released = new Set<string>();

  constructor(
    private readonly logger: Logger,
    /** Whether a job recurs (queued at every start): its successes are logged at debug level. */
    private readonly recurs: (name: string) => boolean,
  ) {}

  /**
   * Runs a fetched batch through its handler, telling `finished` each job's result once (as the
   * handler reports it, or else from its answer) and logging it.
   */
  async run(
    { name, handler }: Registration,
    fetched: RunningJob[],
    finished: JobResultReport,
  ): Promise<void> {
    const untold = new Map(fetched.map((job) => [job.id, job]));
    const report: JobResultReport = (id, result) => {
      const job = untold.get(id);
      if (!job) return; // not of this batch, or told already
      untold.delete(id);
      this.logOutcome(name, job, result);
      this.released.delete(job.id);
      finished(id, result);
    };
    const jobs: BatchJob<never>[] = fetched.map((job) => ({
      id: job.id,
      retryCount: job.retryCount,
      payload: job.data as never,
    }));
    let results: (JobOutcome | Error)[];
    try {
      results = await handler(jobs, report);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      results = jobs.map(() => failure);
    }
    for (const [index, job] of fetched.entries()) {
      report(job.id, results[index] ?? new Error(`${name} answered no result for this job`));
    }
  }

  /** Logs a job's outcome by name and id: never the payload. */
  private logOutcome(name: string, job: RunningJob, result: JobOutcome | Error): void {
    const label = `${name} ${job.id}`;
    if (result instanceof Error) {
      const attempt = `attempt ${job.retryCount + 1} of ${job.retryLimit + 1}`;
      const cause = `${result.name}: ${result.message}`;
      if (job.retryCount >= job.retryLimit) {
        this.logger.error(`${label} failed (${attempt}), moved to ${name}.dead: ${cause}`);
      } else {
        this.logger.warn(`${label} failed (${attempt}), will retry: ${cause}`);
      }
    } else if (this.released.has(job.id)) {
      this.logger.warn(`${label} finished after shutdown released it; it will run again`);
    } else {
      const reason = result.reason ? ` (${result.reason})` : '';
      // A job that recurs every minute would fill the log with its successes.
      if (this.recurs(name)) this.logger.debug(`${label} ${result.status}${reason}`);
      else this.logger.log(`${label} ${result.status}${reason}`);
    }
  }
}
