import { Pool } from 'pg';
import type PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { DatabaseClient } from '../../database/database-client';
import type { RunningJob } from './job-worker';
import type { JobsModuleOptions } from './jobs-options';

/**
 * pg-boss's `complete` and `fail` take many ids with one output; its typings offer ids or output,
 * not both.
 */
export interface SettleMany {
  complete(name: string, ids: string[], output: object): Promise<unknown>;
  fail(name: string, ids: string[], output: object): Promise<unknown>;
}

/** Job ids by job name. */
export function groupByName(jobs: RunningJob[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const job of jobs) groups.set(job.name, [...(groups.get(job.name) ?? []), job.id]);
  return groups;
}

/** Runs pg-boss's insert on the transaction's own connection, so it commits or rolls back with it. */
export function transactionDb(manager: EntityManager): PgBoss.Db {
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

/**
 * The job queue's own pool rather than pg-boss's: pg-boss would end its pool when the workers
 * stop, but requests still being served after that (the HTTP server closes later) must be able to
 * enqueue.
 */
export function jobsPool(options: JobsModuleOptions): Pool {
  return new Pool({
    connectionString: options.connectionString,
    // Fetches and settlements are short statements: a few connections serve every worker loop,
    // and several processes on one server stay well inside its max_connections.
    max: options.runWorkers ? 6 : 4,
    // A database that does not answer at all (a dropped network) fails a job fetch, not hangs it.
    connectionTimeoutMillis: 5000,
    application_name: 'candor-jobs',
    // Its socket's errors are known for the database's (a lost database, not any ECONNRESET).
    Client: DatabaseClient,
  });
}
