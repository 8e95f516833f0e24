import { LoggerService } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { JobQueue } from '../../src/common/jobs/job-queue';
import type { JobInfo } from '../../src/common/jobs/job-types';
import { JobsModule } from '../../src/common/jobs/jobs.module';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { truncateAll, workerDatabaseUrl } from '../support/database';

declare module '../../src/common/jobs/job-types' {
  interface JobPayloads {
    'test.echo': { recordId: string };
    'test.flaky': { recordId: string };
    'test.slow': { recordId: string };
  }
}

interface JobRow {
  name: string;
  state: string;
  retry_count: number;
  data: { recordId: string };
  output: Record<string, unknown> | null;
}

/** Collects log lines so a test can check what the job queue wrote (and what it never wrote). */
class CapturedLogs implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown): void {
    this.lines.push(String(message));
  }
  error(message: unknown): void {
    this.lines.push(String(message));
  }
  warn(message: unknown): void {
    this.lines.push(String(message));
  }
}

// Retries with backoff and shutdown waits take seconds; the default 5 s would be too tight.
jest.setTimeout(20_000);

const FAST = { retryDelaySeconds: 1, backoff: true } as const;

let url: string;
let dataSource: DataSource;
let db: Client;
let logs: CapturedLogs;
const contexts: TestingModule[] = [];

beforeAll(async () => {
  url = await workerDatabaseUrl();
  dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  db = new Client({ connectionString: url });
  await db.connect();
});

beforeEach(() => {
  logs = new CapturedLogs();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await truncateAll(url);
});

afterAll(async () => {
  await db?.end();
  await dataSource?.destroy();
});

/** A JobsModule as the app wires it, with handlers registered before bootstrap as modules do. */
async function startJobs(
  options: { runWorkers: boolean; shutdownTimeoutMs?: number },
  register: (queue: JobQueue) => void,
): Promise<{ queue: JobQueue; context: TestingModule }> {
  const context = await Test.createTestingModule({
    imports: [
      JobsModule.forRoot({ connectionString: url, pollingIntervalSeconds: 0.5, ...options }),
    ],
  })
    .setLogger(logs)
    .compile();
  contexts.push(context);
  const queue = context.get(JobQueue);
  register(queue);
  await context.init();
  return { queue, context };
}

async function jobRow(id: string): Promise<JobRow | undefined> {
  const { rows } = await db.query<JobRow>(
    'SELECT name, state, retry_count, data, output FROM pgboss.job WHERE id = $1',
    [id],
  );
  return rows[0];
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms`);
    await sleep(100);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('JobQueue', () => {
  describe("jobInsertSql (a job written inside a caller's statement)", () => {
    it('makes the same job as enqueue, and a worker runs it', async () => {
      const handled: string[] = [];
      const { queue } = await startJobs({ runWorkers: true }, (q) =>
        q.register(
          'test.echo',
          (payload) => {
            handled.push(payload.recordId);
            return Promise.resolve({ status: 'success' });
          },
          { retryLimit: 7, retryDelaySeconds: 3, expireInSeconds: 42 },
        ),
      );
      const columns = `name, dead_letter, expire_in, retry_limit, retry_delay, retry_backoff, policy,
        keep_until - created_on AS kept`;
      const viaEnqueue = await queue.enqueue('test.echo', { recordId: 'enqueued' });
      const sql = queue.jobInsertSql('test.echo', {
        data: "jsonb_build_object('recordId', source.id)",
        from: 'source',
        where: "source.id <> 'skipped'",
      });
      await db.query(
        `WITH source AS (SELECT unnest(ARRAY['written', 'skipped']) AS id), job AS (${sql})
         SELECT 1`,
      );
      const { rows } = await db.query(
        `SELECT ${columns}, data FROM pgboss.job WHERE name = 'test.echo' ORDER BY data->>'recordId'`,
      );
      expect(rows.map((row) => row.data)).toEqual([
        { recordId: 'enqueued' },
        { recordId: 'written' },
      ]);
      const [enqueued, written] = rows.map(({ data: _data, kept, ...rest }) => ({
        ...rest,
        keptDays: Math.round(Number(kept.days ?? 0)),
      }));
      expect(written).toEqual(enqueued);
      expect(enqueued).toMatchObject({
        retry_limit: 7,
        retry_delay: 3,
        dead_letter: 'test.echo.dead',
      });
      expect(viaEnqueue).toEqual(expect.any(String));
      await waitFor(() => Promise.resolve(handled.length === 2 ? true : undefined));
      expect(handled.sort()).toEqual(['enqueued', 'written']);
    });
  });

  describe('enqueue inside a TypeORM transaction', () => {
    it('drops a job whose transaction rolls back, and runs one whose transaction commits', async () => {
      const handled: Array<{ recordId: string; job: JobInfo }> = [];
      const { queue } = await startJobs({ runWorkers: true }, (q) =>
        q.register('test.echo', (payload, job) => {
          handled.push({ recordId: payload.recordId, job });
          return Promise.resolve({ status: 'success' });
        }),
      );

      const enqueued: Array<string | null> = [];
      await expect(
        dataSource.transaction(async (manager) => {
          const id = await queue.enqueue('test.echo', { recordId: 'rolled-back' }, { manager });
          enqueued.push(id);
          // Not visible outside the transaction: the insert ran on the transaction's connection.
          expect(await jobRow(id as string)).toBeUndefined();
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(enqueued).toEqual([expect.any(String)]);
      expect(await jobRow(enqueued[0] as string)).toBeUndefined();

      const committedId = await dataSource.transaction((manager) =>
        queue.enqueue('test.echo', { recordId: 'secret-record-7f3a' }, { manager }),
      );
      expect(committedId).toEqual(expect.any(String));

      const done = await waitFor(async () => {
        const row = await jobRow(committedId as string);
        return row?.state === 'completed' ? row : undefined;
      });
      expect(done).toMatchObject({ name: 'test.echo', output: { status: 'success' } });
      expect(handled).toEqual([
        { recordId: 'secret-record-7f3a', job: { id: committedId, retryCount: 0 } },
      ]);
      // Outcomes are logged by name and id, never with the payload.
      expect(logs.lines).toContain(`test.echo ${committedId} success`);
      expect(logs.lines.join('\n')).not.toContain('secret-record-7f3a');
    });

    it('refuses an EntityManager that is not in a transaction', async () => {
      const { queue } = await startJobs({ runWorkers: false }, (q) =>
        q.register('test.echo', () => Promise.resolve({ status: 'success' })),
      );
      await expect(
        queue.enqueue('test.echo', { recordId: 'x' }, { manager: dataSource.manager }),
      ).rejects.toThrow(/open transaction/);
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'test.echo'`,
      );
      expect(rows[0].n).toBe(0);
    });
  });

  it('retries a failing job with exponential backoff, then moves it to the dead letter queue', async () => {
    const attempts: Array<{ at: number; retryCount: number }> = [];
    const { queue } = await startJobs({ runWorkers: true }, (q) =>
      q.register(
        'test.flaky',
        (_payload, job) => {
          attempts.push({ at: Date.now(), retryCount: job.retryCount });
          return Promise.reject(new Error('upstream unavailable'));
        },
        { ...FAST, retryLimit: 2 },
      ),
    );

    const id = (await queue.enqueue('test.flaky', { recordId: 'r-1' })) as string;
    const dead = await waitFor(async () => {
      const { rows } = await db.query<JobRow>(
        `SELECT name, state, retry_count, data, output FROM pgboss.job WHERE name = 'test.flaky.dead'`,
      );
      return rows[0];
    }, 15_000);

    expect(dead).toMatchObject({ state: 'created', data: { recordId: 'r-1' } });
    expect(await jobRow(id)).toMatchObject({ state: 'failed', retry_count: 2 });
    expect(attempts.map((a) => a.retryCount)).toEqual([0, 1, 2]);
    // Backoff doubles the 1 s base delay (with jitter up to 2x): 1–2 s, then 2–4 s.
    const firstGap = attempts[1].at - attempts[0].at;
    const secondGap = attempts[2].at - attempts[1].at;
    expect(firstGap).toBeGreaterThanOrEqual(900);
    expect(secondGap).toBeGreaterThanOrEqual(1900);
    expect(await queue.queueSize('test.flaky.dead')).toBe(1);
    expect(logs.lines).toContain(
      `test.flaky ${id} failed (attempt 3 of 3), moved to test.flaky.dead: Error: upstream unavailable`,
    );
  });

  it('in a batch, fails only the job that threw and completes the others with their outcome', async () => {
    const { queue } = await startJobs({ runWorkers: true }, (q) =>
      q.register(
        'test.flaky',
        (payload) =>
          payload.recordId === 'bad'
            ? Promise.reject(new Error('bad record'))
            : Promise.resolve({ status: 'skipped', reason: 'already-done' }),
        { ...FAST, retryLimit: 1, batchSize: 3 },
      ),
    );
    // Queued in one transaction so the worker fetches them together.
    const [good1, bad, good2] = await dataSource.transaction(async (manager) => [
      (await queue.enqueue('test.flaky', { recordId: 'good-1' }, { manager })) as string,
      (await queue.enqueue('test.flaky', { recordId: 'bad' }, { manager })) as string,
      (await queue.enqueue('test.flaky', { recordId: 'good-2' }, { manager })) as string,
    ]);

    await waitFor(async () => ((await jobRow(bad))?.state === 'retry' ? true : undefined));
    const skipped = { state: 'completed', output: { status: 'skipped', reason: 'already-done' } };
    expect(await jobRow(good1)).toMatchObject(skipped);
    expect(await jobRow(good2)).toMatchObject(skipped);
    expect(await jobRow(bad)).toMatchObject({ state: 'retry', output: { message: 'bad record' } });
    expect(logs.lines).toContain(`test.flaky ${good1} skipped (already-done)`);
  });

  it('past its time limit, a batch completes the jobs it reported done and fails only the others', async () => {
    const late = deferred();
    const { queue } = await startJobs({ runWorkers: true }, (q) =>
      q.registerBatch(
        'test.slow',
        async (jobs, report) => {
          for (const job of jobs) {
            if (job.payload.recordId === 'done') report(job.id, { status: 'success' });
          }
          await late.promise;
          return jobs.map(() => ({ status: 'skipped', reason: 'late' }));
        },
        // The retry waits out the test, so the late answer meets the job as the limit left it.
        { retryDelaySeconds: 60, expireInSeconds: 1, batchSize: 2 },
      ),
    );
    const [done, slow] = await dataSource.transaction(async (manager) => [
      (await queue.enqueue('test.slow', { recordId: 'done' }, { manager })) as string,
      (await queue.enqueue('test.slow', { recordId: 'slow' }, { manager })) as string,
    ]);

    await waitFor(async () => ((await jobRow(slow))?.state === 'retry' ? true : undefined));
    expect(await jobRow(done)).toMatchObject({ state: 'completed', output: { status: 'success' } });
    expect(await jobRow(slow)).toMatchObject({
      state: 'retry',
      output: { message: 'test.slow ran past its time limit' },
    });
    late.resolve();
    await sleep(200);
    expect(await jobRow(slow)).toMatchObject({ state: 'retry' });
  });

  it('runs nothing in a process without workers (ROLE=api), though it can enqueue', async () => {
    let calls = 0;
    const { queue } = await startJobs({ runWorkers: false }, (q) =>
      q.register('test.echo', () => {
        calls += 1;
        return Promise.resolve({ status: 'success' });
      }),
    );

    const id = (await queue.enqueue('test.echo', { recordId: 'r-2' })) as string;
    await sleep(1500); // three polling intervals

    expect(calls).toBe(0);
    expect(await jobRow(id)).toMatchObject({ state: 'created' });
    expect(await queue.queueSize('test.echo')).toBe(1);
    await expect(queue.health()).resolves.toBeUndefined();
  });

  describe('graceful shutdown', () => {
    it('lets a running job finish before stopping', async () => {
      const started = deferred();
      let finished = false;
      const { queue, context } = await startJobs(
        { runWorkers: true, shutdownTimeoutMs: 10_000 },
        (q) =>
          q.register('test.slow', async () => {
            started.resolve();
            await sleep(1500);
            finished = true;
            return { status: 'success' };
          }),
      );
      const id = (await queue.enqueue('test.slow', { recordId: 'r-3' })) as string;
      await started.promise;

      await context.close();

      expect(finished).toBe(true);
      expect(await jobRow(id)).toMatchObject({ state: 'completed', output: { status: 'success' } });
      await expect(queue.health()).rejects.toThrow(/closed/);
    });

    it('releases a job still running at the timeout, and it is retried later', async () => {
      const started = deferred();
      const release = deferred();
      const { queue, context } = await startJobs(
        { runWorkers: true, shutdownTimeoutMs: 1000 },
        (q) =>
          q.register(
            'test.slow',
            async () => {
              started.resolve();
              await release.promise;
              return { status: 'success' };
            },
            FAST,
          ),
      );
      const id = (await queue.enqueue('test.slow', { recordId: 'r-4' })) as string;
      await started.promise;

      const stopping = Date.now();
      await context.close();
      expect(Date.now() - stopping).toBeLessThan(3000);
      expect(await jobRow(id)).toMatchObject({ state: 'retry', retry_count: 0 });
      expect(
        logs.lines.some((line) => line.includes('released for retry') && line.includes(id)),
      ).toBe(true);
      // The abandoned handler finishing late must not complete the released job.
      release.resolve();
      await sleep(100);
      expect(await jobRow(id)).toMatchObject({ state: 'retry' });

      const retried: JobInfo[] = [];
      await startJobs({ runWorkers: true }, (q) =>
        q.register(
          'test.slow',
          (_payload, job) => {
            retried.push(job);
            return Promise.resolve({ status: 'success' });
          },
          FAST,
        ),
      );
      const done = await waitFor(async () => {
        const row = await jobRow(id);
        return row?.state === 'completed' ? row : undefined;
      });
      expect(done.retry_count).toBe(1);
      expect(retried).toEqual([{ id, retryCount: 1 }]);
    });
  });
});
