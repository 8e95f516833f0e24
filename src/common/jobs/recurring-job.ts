import { Logger } from '@nestjs/common';
import type { JobQueue } from './job-queue';
import type { JobName, JobPayloads } from './job-types';

/** The jobs that take no payload: those a recurring run can be. */
type PayloadlessJob = {
  [N in JobName]: JobPayloads[N] extends Record<string, never> ? N : never;
}[JobName];

/**
 * A job that runs `run` every `everySeconds`: one waiting and one running at most (a stately
 * queue); every worker start and every run asks for the next, so the cycle survives a lost run.
 * A failed run is logged (its message, no payload) and the next one still comes: retrying it as
 * well would only race the next.
 */
export function registerRecurring(
  jobs: JobQueue,
  job: PayloadlessJob,
  everySeconds: number,
  run: () => Promise<unknown>,
): void {
  const logger = new Logger(job);
  jobs.register(
    job,
    async () => {
      try {
        await run();
        return { status: 'success' };
      } catch (error) {
        logger.error(`${job}: ${(error as Error).message}`, (error as Error).stack);
        return { status: 'skipped', reason: 'failed' };
      } finally {
        await jobs.enqueue(job, {}, { startAfter: everySeconds });
      }
    },
    { queuePolicy: 'stately', retryLimit: 0, queueAtStart: true },
  );
}
