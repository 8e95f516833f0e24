import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchSettlement, JobWorker, JobWorkerPorts, RunningJob } from './job-worker';

const outage = Object.assign(new Error('Connection terminated unexpectedly'), { outage: true });
const job = (id: string, expireInSeconds = 60) =>
  ({ id, expireInSeconds }) as unknown as RunningJob;
const quietLogger = { log() {}, warn() {}, error() {} } as unknown as Logger;

/** Ports whose fetch hands out `batches` in turn (then nothing) and that record what ran. */
function ports(batches: RunningJob[][], overrides: Partial<JobWorkerPorts> = {}) {
  const ran: string[] = [];
  const settled: BatchSettlement[] = [];
  const base: JobWorkerPorts = {
    fetch: () => Promise.resolve(batches.shift() ?? []),
    run: (jobs) => {
      ran.push(...jobs.map((j) => j.id));
      return Promise.resolve({
        completed: [{ outcome: { status: 'success' }, ids: jobs.map((j) => j.id) }],
        failed: [],
      });
    },
    settle: (settlement) => {
      settled.push(settlement);
      return Promise.resolve();
    },
    isOutage: (error) => (error as { outage?: boolean }).outage === true,
    logger: quietLogger,
  };
  return { ran, settled, ports: { ...base, ...overrides } };
}

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe('JobWorker', () => {
  it('runs and settles each fetched batch', async () => {
    const t = ports([[job('a'), job('b')], [job('c')]]);
    const worker = new JobWorker('test', 10, 2, t.ports);
    worker.start();
    await until(() => t.settled.length === 2);
    expect(await worker.stop(1000)).toEqual([]);
    expect(t.ran).toEqual(['a', 'b', 'c']);
  });

  it('backs off while the database is unreachable and resumes by itself', async () => {
    let failures = 2;
    const t = ports([[job('a')]]);
    const fetch = t.ports.fetch;
    t.ports.fetch = async () => {
      if (failures-- > 0) throw outage;
      return fetch();
    };
    const worker = new JobWorker('test', 10, 1, t.ports);
    worker.start();
    await until(() => t.ran.length === 1);
    await worker.stop(1000);
    expect(failures).toBeLessThan(0);
  });

  it('writes a settlement again until the database answers', async () => {
    let failures = 2;
    const t = ports([[job('a')]]);
    const settle = t.ports.settle;
    t.ports.settle = async (settlement) => {
      if (failures-- > 0) throw outage;
      return settle(settlement);
    };
    const worker = new JobWorker('test', 10, 1, t.ports);
    worker.start();
    await until(() => t.settled.length === 1);
    await worker.stop(1000);
    expect(t.ran).toEqual(['a']);
  });

  it('never runs jobs a fetch brings back after stopping began, and hands them back', async () => {
    let answerFetch!: (jobs: RunningJob[]) => void;
    const t = ports([], {
      fetch: () => new Promise<RunningJob[]>((resolve) => (answerFetch = resolve)),
    });
    const worker = new JobWorker('test', 10, 1, t.ports);
    worker.start();
    await until(() => answerFetch !== undefined);
    const stopped = worker.stop(1000);
    answerFetch([job('late')]);
    expect((await stopped).map((j) => j.id)).toEqual(['late']);
    expect(t.ran).toEqual([]);
  });

  it('stops within its timeout while a fetch hangs', async () => {
    const t = ports([], { fetch: () => new Promise<RunningJob[]>(() => undefined) });
    const worker = new JobWorker('test', 10, 1, t.ports);
    worker.start();
    const started = Date.now();
    expect(await worker.stop(100)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('hands back the batch still running at the timeout', async () => {
    // Expires soon after the test, so no timer outlives it.
    const t = ports([[job('slow', 0.3)]], {
      run: () => new Promise<BatchSettlement>(() => undefined),
    });
    const worker = new JobWorker('test', 10, 1, t.ports);
    worker.start();
    await sleep(50);
    expect((await worker.stop(100)).map((j) => j.id)).toEqual(['slow']);
  });
});
