import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import type { Pool } from 'pg';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { isDatabaseUnavailable } from '../../database/database-availability';
import type {
  BatchJob,
  BatchJobHandler,
  DeadLetterName,
  EnqueueOptions,
  JobHandler,
  JobInsertSource,
  JobName,
  JobOutcome,
  JobPayloads,
  JobPolicy,
  JobResultReport,
  JobToEnqueue,
} from './job-types';
import { JOBS_OPTIONS, type JobsModuleOptions } from './jobs-options';
import { JobNotifications, installJobsTrigger } from './job-notifications';
import { JobBatchRunner } from './job-batch-runner';
import { queueOf, sameQueue, withDefaults, type Registration } from './job-registration';
import { JobWorker, type BatchSettlement, type RunningJob } from './job-worker';
import { groupByName, jobsPool, transactionDb, type SettleMany } from './pg-boss-db';

/**
 * idle → started (pg-boss running) → ready (queues exist, workers polling) → draining (workers
 * stopped, enqueue still works while HTTP requests finish) → closed (pool ended).
 */
type QueueState = 'idle' | 'started' | 'ready' | 'draining' | 'closed';

/**
 * The only door to pg-boss. Feature modules `register` their jobs (in every role, so the queues
 * exist wherever jobs are enqueued) and `enqueue` ids, ideally inside the transaction that wrote
 * the rows. Delivery is at least once: a job released at shutdown or expired runs again, so
 * handlers must be idempotent.
 */
@Injectable()
export class JobQueue
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(JobQueue.name);
  private readonly registrations = new Map<string, Registration>();
  private readonly workers: JobWorker[] = [];
  private notifications?: JobNotifications;
  private readonly batches = new JobBatchRunner(
    this.logger,
    (name) => this.registrations.get(name)?.policy.queueAtStart ?? false,
  );
  private readonly pool: Pool;
  private readonly boss: PgBoss;
  private state: QueueState = 'idle';

  constructor(@Inject(JOBS_OPTIONS) private readonly options: JobsModuleOptions) {
    this.pool = jobsPool(options);
    this.pool.on('error', (error) => {
      // An idle connection ended by the server: the pool drops it; a new one is opened on demand.
      if (!this.options.availability?.noteFailure(error)) {
        this.logger.error(`job database pool: ${error.message}`);
      }
    });
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => this.executeSql(text, values) } as PgBoss.Db,
      // Maintenance (expiring stuck jobs, archiving) belongs to worker processes; no cron jobs yet.
      supervise: options.runWorkers,
      ...(options.maintenanceIntervalSeconds !== undefined && {
        maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
      }),
      schedule: false,
    });
    this.boss.on('error', (error) => {
      if (this.options.availability?.noteFailure(error)) {
        this.logger.warn(`pg-boss maintenance: the database is unreachable (${error.message})`);
      } else {
        this.logger.error(`pg-boss: ${error.message}`, error.stack);
      }
    });
  }

  /**
   * Declares a job: its queue (with `${name}.dead` for jobs that spend their retries) is created
   * at application bootstrap, and a worker runs it there if this process runs workers. Call it from
   * a constructor or `onModuleInit`.
   */
  register<N extends JobName>(job: N, handler: JobHandler<N>, policy: JobPolicy = {}): void {
    const one = async (item: BatchJob<N>, report: JobResultReport) => {
      let result: JobOutcome | Error;
      try {
        result = await handler(item.payload, { id: item.id, retryCount: item.retryCount });
      } catch (error) {
        result = error instanceof Error ? error : new Error(String(error));
      }
      report(item.id, result);
      return result;
    };
    this.registerBatch(job, (jobs, report) => Promise.all(jobs.map((j) => one(j, report))), policy);
  }

  /** Like `register`, with a handler that takes each fetched batch whole (see `BatchJobHandler`). */
  registerBatch<N extends JobName>(
    job: N,
    handler: BatchJobHandler<N>,
    policy: JobPolicy = {},
  ): void {
    const name: string = job;
    if (this.state !== 'idle' && this.state !== 'started') {
      throw new Error(`register('${name}') must run before application bootstrap.`);
    }
    if (this.registrations.has(name)) throw new Error(`Job '${name}' is registered twice.`);
    this.registrations.set(name, {
      name,
      handler,
      policy: withDefaults(policy, this.options.pollingIntervalSeconds ?? 2),
    });
  }

  /**
   * Queues a job and returns its id, or null when `singletonKey` (or a `short` queue) found a
   * duplicate. With `manager`, the insert runs in that TypeORM transaction and is rolled back
   * with it.
   */
  async enqueue<N extends JobName>(
    job: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<string | null> {
    const name: string = job;
    const registration = this.writable(name);
    const sendOptions: PgBoss.SendOptions = {};
    if (options.startAfter !== undefined) sendOptions.startAfter = options.startAfter;
    if (options.singletonKey !== undefined) sendOptions.singletonKey = options.singletonKey;
    if (options.manager) sendOptions.db = transactionDb(options.manager);

    const id = await this.boss.send(name, payload as object, sendOptions);
    // pg-boss answers null, not an error, when the queue row is missing.
    if (id === null && registration.policy.queuePolicy === 'standard') {
      throw new Error(`Job '${name}' was not inserted: its queue does not exist.`);
    }
    return id;
  }

  /**
   * Queues many jobs, of any registered names, in one statement inside `manager`'s transaction
   * (the set-based twin of `enqueue`; no singleton keys).
   */
  async enqueueMany(jobs: JobToEnqueue[], manager: EntityManager): Promise<void> {
    if (jobs.length === 0) return;
    for (const { name } of jobs) this.writable(name);
    // Unlike send(), insert() reports nothing back; the names were checked above, and their
    // queues exist since bootstrap (state 'ready'), so every job joins its queue's row.
    await this.boss.insert(
      jobs.map(({ name, payload, startAfter }) => ({
        name,
        data: payload,
        // pg-boss reads a string without a trailing Z as an interval added to the database's now().
        startAfter: typeof startAfter === 'number' ? `${startAfter} seconds` : startAfter,
      })),
      { db: transactionDb(manager) },
    );
  }

  /**
   * SQL that queues `job` once per row of `from` (a table or CTE name, optionally filtered by
   * `where`), with the payload `data` (an SQL expression, ids only), for a caller's
   * data-modifying CTE: the job is written in the very statement that writes its rows, saving the
   * round trips of a transaction on a hot path. The job gets what `enqueue` would give it: its
   * queue's retry, expiry, retention, dead letter and policy (a test holds the two equal).
   */
  jobInsertSql(job: JobName, source: JobInsertSource): string {
    const name: string = this.writable(job).name;
    return queuedJobsSql(`'${name}'`, source);
  }

  /**
   * Deletes, in `manager`'s transaction, the `job` jobs not yet running whose payload field
   * `field` is one of `values` (rows erased, so those jobs would only find nothing). Running
   * jobs finish.
   */
  async discardWaiting(
    manager: EntityManager,
    job: JobName,
    field: string,
    values: string[],
  ): Promise<void> {
    if (values.length === 0) return;
    await manager.query(
      `DELETE FROM pgboss.job WHERE name = $1 AND state < 'active' AND data->>$2 = ANY($3::text[])`,
      [job, field, values],
    );
  }

  /**
   * The registration of a job about to be written, once its queue exists (from bootstrap on;
   * before, pg-boss would drop the job silently). Job names are code constants, so they may be
   * written into SQL; the pattern holds them to that.
   */
  private writable(name: string): Registration {
    const registration = this.registrations.get(name);
    if (!registration || !/^[\w.-]+$/.test(name)) {
      throw new Error(`Job '${name}' is not registered: register it before enqueueing it.`);
    }
    if (this.state !== 'ready' && this.state !== 'draining') {
      throw new Error(`Cannot enqueue '${name}': the job queue is ${this.state}.`);
    }
    return registration;
  }

  /** Jobs waiting to run (created or retrying) in a queue or its dead letter queue. */
  async queueSize<N extends JobName>(name: N | DeadLetterName<N>): Promise<number> {
    return this.boss.getQueueSize(name);
  }

  /** Throws unless the queue is serving and its database answers. */
  async health(): Promise<void> {
    if (this.state !== 'ready') throw new Error(`The job queue is ${this.state}.`);
    await this.pool.query('SELECT 1');
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start(); // installs or migrates the pgboss schema, under an advisory lock
    const client = await this.pool.connect();
    try {
      await installJobsTrigger(client);
    } finally {
      client.release();
    }
    this.state = 'started';
  }

  async onApplicationBootstrap(): Promise<void> {
    // One read of every queue, then writes only for what is missing or changed: a start of an
    // unchanged deployment costs one round trip here instead of three per job.
    const existing = new Map((await this.boss.getQueues()).map((queue) => [queue.name, queue]));
    for (const registration of this.registrations.values()) {
      const queue = queueOf(registration, this.options.maxRunSeconds);
      const deadLetter = `${queue.name}.dead`;
      if (!existing.has(deadLetter)) await this.boss.createQueue(deadLetter, { name: deadLetter });
      const current = existing.get(queue.name);
      if (!current) await this.boss.createQueue(queue.name, queue);
      else if (!sameQueue(current, queue)) await this.boss.updateQueue(queue.name, queue);
    }
    this.state = 'ready';
    if (!this.options.runWorkers) return;
    for (const registration of this.registrations.values()) {
      const { name, policy } = registration;
      for (let i = 0; i < policy.workers; i++) {
        const worker = new JobWorker(name, policy.pollingIntervalSeconds * 1000, policy.batchSize, {
          fetch: () => this.fetch(name, policy.batchSize),
          run: (jobs, finished) => this.batches.run(registration, jobs, finished),
          settle: (settlement) => this.settle(name, settlement),
          isOutage: (error) => this.noteOutage(error),
          logger: this.logger,
        });
        this.workers.push(worker);
        worker.start();
      }
    }
    this.notifications = new JobNotifications(
      this.options.connectionString,
      (queue) => {
        for (const worker of this.workers) if (!queue || worker.name === queue) worker.notify();
      },
      this.logger,
    );
    this.notifications.start();
    for (const { name, policy } of this.registrations.values()) {
      if (policy.queueAtStart) await this.boss.send(name, {});
    }
  }

  /**
   * Stops fetching and waits for running jobs, while the database is still open for them. The
   * jobs still running at the timeout are failed, which puts them back in the queue for a retry
   * after the queue's retry delay (or dead-letters them if that was their last attempt).
   */
  /** Whether the process is shutting down: handlers start no new work with outside effects. */
  get draining(): boolean {
    return this.state === 'draining' || this.state === 'closed';
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.state === 'idle' || this.state === 'draining' || this.state === 'closed') return;
    this.state = 'draining';
    const timeout = this.options.shutdownTimeoutMs ?? 20_000;
    await this.notifications?.stop();
    const unfinished = (await Promise.all(this.workers.map((w) => w.stop(timeout)))).flat();
    for (const job of unfinished) this.batches.released.add(job.id);
    if (unfinished.length) {
      this.logger.warn(
        `${unfinished.length} job(s) still running after ${timeout} ms were released for retry: ` +
          unfinished.map((job) => job.id).join(', '),
      );
      const error = new Error('released at shutdown');
      for (const [name, jobs] of groupByName(unfinished)) {
        await (this.boss as unknown as SettleMany)
          .fail(name, jobs, error)
          .catch((e: unknown) =>
            this.logger.warn(`${name}: could not release jobs (${String(e)}); they will expire`),
          );
      }
    }
    // Stops maintenance; no pg-boss workers run (JobWorker replaces them).
    await this.boss.stop({ graceful: false, close: false }).catch((error: unknown) => {
      this.logger.warn(`pg-boss did not stop cleanly: ${String(error)}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.beforeApplicationShutdown();
    if (this.state === 'closed') return;
    this.state = 'closed';
    await this.pool.end();
  }

  /**
   * pg-boss's own pool wrapper resolves to nothing once closed, and pg-boss relies on it: a handler
   * that outlives shutdown still ends in an un-awaited complete(). Keeping that contract makes such
   * late calls no-ops instead of unhandled rejections.
   */
  private async executeSql(
    text: string,
    values: unknown[],
  ): Promise<{ rows: unknown[] } | undefined> {
    if (this.state === 'closed') return undefined;
    return this.pool.query(text, values);
  }

  /** Claims due jobs of `name`; throws what the database said, where pg-boss's fetch would hide it. */
  private async fetch(name: string, batchSize: number): Promise<RunningJob[]> {
    let failure: unknown;
    const db = {
      executeSql: async (text: string, values: unknown[]) => {
        try {
          return await this.executeSql(text, values);
        } catch (error) {
          failure = error;
          throw error;
        }
      },
    };
    const jobs = (await this.boss.fetch(name, {
      batchSize,
      includeMetadata: true,
      db: db as PgBoss.Db,
    })) as RunningJob[] | null;
    // pg-boss swallows a fetch's unique violations (a stately queue's second job in the same
    // state), and so do we; only an outage is the worker's to back off from.
    if (failure && isDatabaseUnavailable(failure)) throw failure as Error;
    return jobs ?? [];
  }

  /** Notes a database outage for readiness; answers whether `error` was one. */
  private noteOutage(error: unknown): boolean {
    return this.options.availability?.noteFailure(error) ?? isDatabaseUnavailable(error);
  }

  /**
   * Completes the successes (one statement per distinct outcome, stored as the jobs' output) and
   * fails the failures (each with its error, for its retry or dead letter). Only active jobs
   * change, so settling twice, or after expiry moved a job on, does nothing.
   */
  private async settle(name: string, { completed, failed }: BatchSettlement): Promise<void> {
    const boss = this.boss as unknown as SettleMany;
    for (const { outcome, ids } of completed) await boss.complete(name, ids, outcome);
    for (const { error, ids } of failed) await boss.fail(name, ids, error);
  }
}

/**
 * The SQL of `JobQueue.jobInsertSql`, with the queue named by an SQL expression over the rows
 * (`queue`): for SQL built before queues are registered (module constants), which queues a job
 * only where the queue exists (a row of `pgboss.queue`), with that queue's settings.
 */
export function queuedJobsSql(
  queue: string,
  { data, from, where = 'true', startAfter = 'now()' }: JobInsertSource,
): string {
  return `INSERT INTO pgboss.job (name, data, start_after, dead_letter, expire_in, keep_until,
      retry_limit, retry_delay, retry_backoff, policy)
    SELECT q.name, ${data}, ${startAfter}, q.dead_letter,
      COALESCE(q.expire_seconds * interval '1s', interval '15 minutes'),
      ${startAfter} + CAST(COALESCE((q.retention_minutes * 60)::text, '14 days') AS interval),
      COALESCE(q.retry_limit, 2),
      CASE WHEN COALESCE(q.retry_backoff, false) THEN GREATEST(COALESCE(q.retry_delay, 0), 1)
           ELSE COALESCE(q.retry_delay, 0) END,
      COALESCE(q.retry_backoff, false), q.policy
    FROM ${from} JOIN pgboss.queue q ON q.name = ${queue} WHERE (${where})`;
}
