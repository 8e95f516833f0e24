import type { Logger } from '@nestjs/common';
import { Client, type PoolClient } from 'pg';

/** The channel a trigger on `pgboss.job` notifies, with the queue's name, when jobs are written. */
export const JOBS_CHANNEL = 'candor_jobs';

/**
 * Installs (once per database) the statement-level trigger that tells listeners which queues got
 * jobs. It fires in the writing transaction and PostgreSQL delivers the notification on commit, so
 * a job written inside a business transaction wakes the workers exactly when it becomes visible.
 * pg-boss owns its schema and creates it at start, after our migrations: the trigger is added
 * here, after it, and under an advisory lock against a concurrent start.
 */
export async function installJobsTrigger(client: PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('candor.jobs-trigger'))`);
    const { rows } = await client.query(
      `SELECT 1 FROM pg_trigger WHERE tgname = 'candor_notify_jobs' AND tgrelid = 'pgboss.job'::regclass`,
    );
    if (rows.length === 0) {
      await client.query(`
        CREATE OR REPLACE FUNCTION pgboss.candor_notify_jobs() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('${JOBS_CHANNEL}', queued.name)
          FROM (SELECT DISTINCT name FROM new_jobs) AS queued;
          RETURN NULL;
        END $$`);
      await client.query(`
        CREATE TRIGGER candor_notify_jobs AFTER INSERT ON pgboss.job
        REFERENCING NEW TABLE AS new_jobs
        FOR EACH STATEMENT EXECUTE FUNCTION pgboss.candor_notify_jobs()`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Reconnect delay after a lost listening connection: from half a second, doubling, to this. */
const MAX_RECONNECT_MS = 5000;

/**
 * One connection that LISTENs for new jobs and wakes the workers of their queue, so a job is
 * fetched as soon as its transaction commits instead of at the next poll. Polling stays as the
 * fallback: a notification missed while the connection was down costs one polling interval.
 */
export class JobNotifications {
  private client?: Client;
  private stopped = false;
  private reconnectMs = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly connectionString: string,
    /** Called with a queue's name, or `undefined` after a reconnect (anything may be waiting). */
    private readonly wake: (queue?: string) => void,
    private readonly logger: Logger,
  ) {}

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.connectionString,
      connectionTimeoutMillis: 5000,
      application_name: 'candor-jobs-listen',
    });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost || this.stopped) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      if (this.reconnectMs === 0) {
        this.logger.warn(
          `job notifications lost (${error?.message ?? 'connection ended'}); polling until they are back`,
        );
      }
      this.reconnectMs = Math.min(MAX_RECONNECT_MS, Math.max(500, this.reconnectMs * 2));
      this.timer = setTimeout(() => void this.connect(), this.reconnectMs);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => this.wake(message.payload || undefined));
    try {
      await client.connect();
      await client.query(`LISTEN ${JOBS_CHANNEL}`);
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    if (this.reconnectMs > 0) this.logger.log('job notifications are back');
    this.reconnectMs = 0;
    this.wake(); // whatever was written while nobody listened
  }
}
