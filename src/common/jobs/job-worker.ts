import type { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import type { JobOutcome, JobResultReport } from './job-types';

export type RunningJob = PgBoss.JobWithMetadata<object>;

/** How a fetched batch ended: the jobs to complete (grouped by outcome) and those to fail. */
export interface BatchSettlement {
  completed: { outcome: JobOutcome; ids: string[] }[];
  failed: { error: Error; ids: string[] }[];
}

export interface JobWorkerPorts {
  /** Claims up to `batchSize` due jobs; throws when the database cannot be reached. */
  fetch(): Promise<RunningJob[]>;
  /**
   * Runs a batch through its handler, telling `finished` each job's result (an outcome, or the
   * Error that fails it) as soon as it is known, and resolves once every job's is told. Never
   * throws; a job it resolves without telling fails.
   */
  run(jobs: RunningJob[], finished: JobResultReport): Promise<void>;
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
  private current?: Batch;
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
   * Stops fetching and waits up to `timeoutMs` for the batch in hand (or the fetch under way).
   * Of a batch still running then, the jobs already finished are settled with their results;
   * answers those not finished, and any fetched after stopping began, which are never run (the
   * caller releases them for retry).
   */
  async stop(timeoutMs: number): Promise<RunningJob[]> {
    this.stopping = true;
    this.wakeUp?.();
    const ended = await within(
      (this.loop ?? Promise.resolve()).then(() => true),
      timeoutMs,
    );
    let unfinished: RunningJob[] = [];
    if (!ended && this.current?.open) {
      const cut = this.current.close();
      unfinished = cut.unfinished;
      await this.settle(cut.settlement, 0);
    }
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
    const batch = new Batch(jobs);
    this.current = batch;
    try {
      const expiresAt = expiry(jobs);
      const running = this.ports
        .run(jobs, (id, result) => batch.report(id, result))
        .catch((error: unknown) => batch.reportRest(asError(error)));
      const ended = await within(
        Promise.race([running.then(() => true), batch.closed.then(() => false)]),
        expiresAt - Date.now(),
      );
      // Stopping took the batch meanwhile: it settled what had finished and handed back the rest.
      if (!batch.open) return;
      const { settlement, unfinished } = batch.close();
      if (ended) {
        const error = new Error(`${this.name} answered no result for this job`);
        return await this.settle(withFailed(settlement, unfinished, error), expiresAt);
      }
      // Past its limit, a job not finished is failed for a retry: the handler that is still at
      // work must stop on its own (a sender re-checks its time before each send). The jobs that
      // finished in time keep their results; whatever the rest answer later is not written, for
      // their retries may be running by then.
      const error = new Error(`${this.name} ran past its time limit`);
      this.ports.logger.warn(
        `${this.name}: ${unfinished.length} of ${jobs.length} job(s) ran past their time limit`,
      );
      void running.then(() =>
        this.ports.logger.warn(
          `${this.name}: a batch finished after its time limit; its late results are not ` +
            'recorded (those jobs run again)',
        ),
      );
      await this.settle(withFailed(settlement, unfinished, error), Infinity);
    } finally {
      this.current = undefined;
    }
  }

  /** Retries the settlement through an outage, until the jobs' expiry makes it moot. */
  private async settle(settlement: BatchSettlement, expiresAt: number): Promise<void> {
    const count = [...settlement.completed, ...settlement.failed].reduce(
      (sum, group) => sum + group.ids.length,
      0,
    );
    if (count === 0) return;
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

/**
 * A batch in hand: each job's result as the handler tells it, until `close` freezes them (at the
 * time limit or at a stop), after which whatever the handler tells is ignored.
 */
class Batch {
  private readonly results = new Map<string, JobOutcome | Error>();
  private readonly ids: Set<string>;
  private markClosed!: () => void;
  /** Resolves when the batch is closed. */
  readonly closed = new Promise<void>((resolve) => (this.markClosed = resolve));
  open = true;

  constructor(readonly jobs: RunningJob[]) {
    this.ids = new Set(jobs.map((job) => job.id));
  }

  /** Keeps a job's first result, while the batch is open. */
  report(id: string, result: JobOutcome | Error): void {
    if (this.open && this.ids.has(id) && !this.results.has(id)) this.results.set(id, result);
  }

  /** Gives `error` to every job without a result yet. */
  reportRest(error: Error): void {
    for (const id of this.ids) this.report(id, error);
  }

  /** Freezes the results: the settlement of the jobs that have one, and the jobs that have not. */
  close(): { settlement: BatchSettlement; unfinished: RunningJob[] } {
    this.open = false;
    this.markClosed();
    const completed = new Map<string, BatchSettlement['completed'][number]>();
    const failed: BatchSettlement['failed'] = [];
    const unfinished: RunningJob[] = [];
    for (const job of this.jobs) {
      const result = this.results.get(job.id);
      if (!result) {
        unfinished.push(job);
      } else if (result instanceof Error) {
        failed.push({ error: result, ids: [job.id] });
      } else {
        const key = JSON.stringify(result);
        const group = completed.get(key) ?? { outcome: result, ids: [] };
        group.ids.push(job.id);
        completed.set(key, group);
      }
    }
    return { settlement: { completed: [...completed.values()], failed }, unfinished };
  }
}

function withFailed(
  settlement: BatchSettlement,
  jobs: RunningJob[],
  error: Error,
): BatchSettlement {
  if (jobs.length === 0) return settlement;
  return { ...settlement, failed: [...settlement.failed, { error, ids: jobs.map((j) => j.id) }] };
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

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
