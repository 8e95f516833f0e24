import type { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import type { JobOutcome } from './job-types';

export type RunningJob = PgBoss.JobWithMetadata<object>;

/** How a fetched batch ended: the jobs to complete (grouped by outcome) and those to fail. */
export interface BatchSettlement {
  completed: { outcome: JobOutcome; ids: string[] }[];
  failed: { error: Error; ids: string[] }[];
}

export interface JobWorkerPorts {
  /** Claims up to `batchSize` due jobs; throws when the database cannot be reached. */
  fetch(): Promise<RunningJob[]>;
  /** Runs a batch through its handler (never throws: failures are in the settlement). */
  run(jobs: RunningJob[]): Promise<BatchSettlement>;
  /** Writes a batch's settlement; throws when the database cannot be reached. */
  settle(settlement: BatchSettlement): Promise<void>;
  /** Whether `error` means the database is unreachable (back off) rather than a bug. */
  isOutage(error: unknown): boolean;
  logger: Logger;
}

/** Backoff while the database is unreachable: from half a second, doubling, to this. */
const MAX_BACKOFF_MS = 5000;

/**
 * One polling loop over one queue, in place of pg-boss's `work()`, whose loop settles a batch with
 * `complete()`/`fail()` calls it never awaits (a database lost at that moment rejected unhandled
 * and ended the process) and fails a batch at its time limit while the handler is still at work.
 * Here every database call is awaited; a lost database makes the loop back off and resume by
 * itself; a batch's settlement is retried until the database answers or the jobs' own expiry has
 * passed (pg-boss's maintenance then retries them: handlers are idempotent).
 */
export class JobWorker {
  private stopping = false;
  private loop?: Promise<void>;
  private current?: { jobs: RunningJob[]; done: Promise<void> };
  private wakeUp?: () => void;
  private notified = false;
  private outageSince?: number;
  /** Jobs a fetch brought back after stopping began: not run, handed back by `stop()`. */
  private readonly fetchedWhileStopping: RunningJob[] = [];

  constructor(
    readonly name: string,
    private readonly pollingIntervalMs: number,
    private readonly batchSize: number,
    private readonly ports: JobWorkerPorts,
  ) {}

  start(): void {
    this.loop ??= this.work();
  }

  /** Fetch again now instead of after the polling interval (new jobs were written). */
  notify(): void {
    this.notified = true;
    this.wakeUp?.();
  }

  /**
   * Stops fetching and waits up to `timeoutMs` for the batch in hand (or the fetch under way);
   * answers the jobs not finished then, and any fetched after stopping began, which are never run
   * (the caller releases them for retry).
   */
  async stop(timeoutMs: number): Promise<RunningJob[]> {
    this.stopping = true;
    this.wakeUp?.();
    const ended = await within(
      (this.loop ?? Promise.resolve()).then(() => true),
      timeoutMs,
    );
    const unfinished = ended ? [] : (this.current?.jobs ?? []);
    return [...unfinished, ...this.fetchedWhileStopping.splice(0)];
  }

  private async work(): Promise<void> {
    let backoffMs = 0;
    while (!this.stopping) {
      this.notified = false;
      let fetched = 0;
      try {
        const jobs = await this.ports.fetch();
        fetched = jobs.length;
        if (this.outageSince !== undefined) this.recovered();
        backoffMs = 0;
        if (this.stopping) this.fetchedWhileStopping.push(...jobs);
        else if (jobs.length) await this.runAndSettle(jobs);
      } catch (error) {
        if (!this.ports.isOutage(error)) {
          this.ports.logger.error(`${this.name} worker: ${describe(error)}`);
        } else if (this.outageSince === undefined) {
          this.outageSince = Date.now();
          this.ports.logger.warn(
            `${this.name} worker paused: the database is unreachable (${describe(error)}); ` +
              'it retries by itself',
          );
        }
        backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(500, backoffMs * 2));
      }
      // A full batch means more are likely waiting: fetch again now.
      const full = fetched === this.batchSize && this.batchSize > 1;
      const wait = backoffMs || (full || this.notified ? 0 : this.pollingIntervalMs);
      if (wait > 0 && !this.stopping) await this.pause(wait);
    }
  }

  private async runAndSettle(jobs: RunningJob[]): Promise<void> {
    let finish!: () => void;
    this.current = { jobs, done: new Promise<void>((resolve) => (finish = resolve)) };
    try {
      const expiresAt = expiry(jobs);
      const running = this.ports.run(jobs);
      const settlement = await within(running, expiresAt - Date.now());
      if (settlement) return await this.settle(settlement, expiresAt);
      // Past its limit, a job is failed for a retry: the handler that is still at work must
      // stop on its own (a sender re-checks its time before each send).
      const error = new Error(`${this.name} ran past its time limit`);
      this.ports.logger.warn(`${this.name}: ${jobs.length} job(s) ran past their time limit`);
      void running.then(() =>
        this.ports.logger.warn(
          `${this.name}: a batch finished after its time limit; it runs again`,
        ),
      );
      await this.settle(
        { completed: [], failed: [{ error, ids: jobs.map((j) => j.id) }] },
        Infinity,
      );
    } finally {
      this.current = undefined;
      finish();
    }
  }

  /** Retries the settlement through an outage, until the jobs' expiry makes it moot. */
  private async settle(settlement: BatchSettlement, expiresAt: number): Promise<void> {
    const count = [...settlement.completed, ...settlement.failed].reduce(
      (sum, group) => sum + group.ids.length,
      0,
    );
    let backoffMs = 250;
    for (;;) {
      try {
        await this.ports.settle(settlement);
        return;
      } catch (error) {
        if (!this.ports.isOutage(error) || Date.now() > expiresAt || this.stopping) {
          this.ports.logger.warn(
            `${this.name}: could not record the outcome of ${count} job(s) ` +
              `(${describe(error)}); they will run again once they expire`,
          );
          return;
        }
        await sleep(backoffMs);
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
      }
    }
  }

  private recovered(): void {
    const seconds = ((Date.now() - (this.outageSince ?? Date.now())) / 1000).toFixed(1);
    this.outageSince = undefined;
    this.ports.logger.log(
      `${this.name} worker resumed: the database answers again after ${seconds} s`,
    );
  }

  private async pause(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = undefined;
  }
}

/** What `promise` resolves to, or undefined once `ms` have passed first (the timer is cleared). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** When the batch's time is up, counted from its fetch: its shortest job limit. */
function expiry(jobs: RunningJob[]): number {
  // EXTRACT(epoch …) comes back as a numeric, which node-postgres hands over as a string.
  return Date.now() + Math.min(...jobs.map((job) => Number(job.expireInSeconds))) * 1000;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
