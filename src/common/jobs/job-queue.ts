import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { Pool } from 'pg';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import type {
  DeadLetterName,
  EnqueueOptions,
  JobHandler,
  JobInfo,
  JobName,
  JobOutcome,
  JobPayloads,
  JobPolicy,
} from './job-types';
import { JOBS_OPTIONS, type JobsModuleOptions } from './jobs-options';

type RunningJob = PgBoss.JobWithMetadata<object>;

interface Registration {
  name: string;
  // Type-erased: the registry holds every job's handler; `register` checked the pairing.
  handler: (payload: never, job: JobInfo) => Promise<JobOutcome>;
  policy: Required<JobPolicy>;
}

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
  private readonly running = new Set<string>();
  private readonly released = new Set<string>();
  private readonly pool: Pool;
  private readonly boss: PgBoss;
  private state: QueueState = 'idle';

  constructor(@Inject(JOBS_OPTIONS) private readonly options: JobsModuleOptions) {
    // Our own pool rather than pg-boss's: pg-boss would end its pool when the workers stop, but
    // requests still being served after that (the HTTP server closes later) must be able to enqueue.
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.runWorkers ? 10 : 4,
      application_name: 'candor-jobs',
    });
    this.pool.on('error', (error) => this.logger.error(`job database pool: ${error.message}`));
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => this.executeSql(text, values) } as PgBoss.Db,
      // Maintenance (expiring stuck jobs, archiving) belongs to worker processes; no cron jobs yet.
      supervise: options.runWorkers,
      schedule: false,
    });
    this.boss.on('error', (error) => this.logger.error(`pg-boss: ${error.message}`, error.stack));
  }

  /**
   * Declares a job: its queue (with `${name}.dead` for jobs that spend their retries) is created
   * at application bootstrap, and a worker runs it there if this process runs workers. Call it from
   * a constructor or `onModuleInit`.
   */
  register<N extends JobName>(job: N, handler: JobHandler<N>, policy: JobPolicy = {}): void {
    const name: string = job;
    if (this.state !== 'idle' && this.state !== 'started') {
      throw new Error(`register('${name}') must run before application bootstrap.`);
    }
    if (this.registrations.has(name)) throw new Error(`Job '${name}' is registered twice.`);
    this.registrations.set(name, {
      name,
      handler,
      policy: {
        retryLimit: policy.retryLimit ?? 5,
        retryDelaySeconds: policy.retryDelaySeconds ?? 10,
        backoff: policy.backoff ?? true,
        expireInSeconds: policy.expireInSeconds ?? 300,
        batchSize: policy.batchSize ?? 1,
        workers: policy.workers ?? 1,
        pollingIntervalSeconds:
          policy.pollingIntervalSeconds ?? this.options.pollingIntervalSeconds ?? 2,
        queuePolicy: policy.queuePolicy ?? 'standard',
      },
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
    const registration = this.registrations.get(name);
    if (!registration) {
      throw new Error(`Job '${name}' is not registered: register it before enqueueing it.`);
    }
    if (this.state !== 'ready' && this.state !== 'draining') {
      throw new Error(`Cannot enqueue '${name}': the job queue is ${this.state}.`);
    }
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
    this.state = 'started';
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const { name, policy } of this.registrations.values()) {
      const deadLetter = `${name}.dead`;
      await this.boss.createQueue(deadLetter, { name: deadLetter });
      const queue: PgBoss.Queue = {
        name,
        policy: policy.queuePolicy,
        retryLimit: policy.retryLimit,
        retryDelay: policy.retryDelaySeconds,
        retryBackoff: policy.backoff,
        expireInSeconds: policy.expireInSeconds,
        deadLetter,
      };
      await this.boss.createQueue(name, queue);
      await this.boss.updateQueue(name, queue); // createQueue leaves an existing queue unchanged
    }
    this.state = 'ready';
    if (!this.options.runWorkers) return;
    for (const registration of this.registrations.values()) {
      for (let i = 0; i < registration.policy.workers; i++) {
        await this.boss.work<object>(
          registration.name,
          {
            batchSize: registration.policy.batchSize,
            pollingIntervalSeconds: registration.policy.pollingIntervalSeconds,
            includeMetadata: true,
          },
          (jobs) => this.runBatch(registration, jobs),
        );
      }
    }
  }

  /**
   * Stops fetching and waits for running jobs, while the database is still open for them. pg-boss
   * fails the jobs still running at the timeout, which puts them back in the queue for a retry
   * after the queue's retry delay (or dead-letters them if that was their last attempt).
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.state === 'idle' || this.state === 'draining' || this.state === 'closed') return;
    this.state = 'draining';
    const timeout = this.options.shutdownTimeoutMs ?? 20_000;
    await this.boss.stop({ graceful: true, wait: true, timeout });
    for (const id of this.running) this.released.add(id);
    if (this.released.size) {
      this.logger.warn(
        `${this.released.size} job(s) still running after ${timeout} ms were released for retry: ` +
          [...this.released].join(', '),
      );
    }
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

  /**
   * pg-boss settles a fetched batch as a whole: it completes every job if this resolves and fails
   * every job still active if it throws. So in a batch the successes are completed here first, and
   * the throw then fails only the jobs that failed.
   */
  private async runBatch(
    registration: Registration,
    jobs: RunningJob[],
  ): Promise<JobOutcome | void> {
    const results = await Promise.all(jobs.map((job) => this.runJob(registration, job)));
    if (jobs.length === 1) {
      const [result] = results;
      if (result.status === 'rejected') throw result.reason;
      return result.value; // stored as the job's output
    }
    const failures: unknown[] = [];
    for (const [index, result] of results.entries()) {
      if (result.status === 'rejected') failures.push(result.reason);
      else await this.boss.complete(registration.name, jobs[index].id, result.value);
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length) throw new AggregateError(failures, `${failures.length} jobs failed`);
  }

  /** Runs one job and logs its outcome by name and id: never the payload. */
  private async runJob(
    { name, handler }: Registration,
    job: RunningJob,
  ): Promise<PromiseSettledResult<JobOutcome>> {
    const label = `${name} ${job.id}`;
    this.running.add(job.id);
    try {
      const outcome = await handler(job.data as never, { id: job.id, retryCount: job.retryCount });
      if (this.released.has(job.id)) {
        this.logger.warn(`${label} finished after shutdown released it; it will run again`);
      } else {
        const reason = outcome.reason ? ` (${outcome.reason})` : '';
        this.logger.log(`${label} ${outcome.status}${reason}`);
      }
      return { status: 'fulfilled', value: outcome };
    } catch (error) {
      const attempt = `attempt ${job.retryCount + 1} of ${job.retryLimit + 1}`;
      const cause = error instanceof Error ? `${error.name}: ${error.message}` : 'non-Error thrown';
      if (job.retryCount >= job.retryLimit) {
        this.logger.error(`${label} failed (${attempt}), moved to ${name}.dead: ${cause}`);
      } else {
        this.logger.warn(`${label} failed (${attempt}), will retry: ${cause}`);
      }
      return { status: 'rejected', reason: error };
    } finally {
      this.running.delete(job.id);
      this.released.delete(job.id);
    }
  }
}

/** Runs pg-boss's insert on the transaction's own connection, so it commits or rolls back with it. */
function transactionDb(manager: EntityManager): PgBoss.Db {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    throw new Error(
      'enqueue({ manager }) needs the EntityManager of an open transaction ' +
        '(dataSource.transaction(manager => ...)); this one is not in a transaction.',
    );
  }
  // EntityManager.query() reshapes UPDATE/DELETE results; the structured result keeps the rows.
  return {
    executeSql: async (text, values) => ({
      rows: (await runner.query(text, values, true)).records,
    }),
  };
}
