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
    run: (jobs, finished) => {
      ran.push(...jobs.map((j) => j.id));
      for (const { id } of jobs) finished(id, { status: 'success' });
      return Promise.resolve();
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

  it('hands back the jobs still running at the timeout, and settles those already finished', async () => {
    const t = ports([[job('done'), job('slow')]], {
      run: (_jobs, finished) => {
        finished('done', { status: 'success' });
        return new Promise<void>(() => undefined);
      },
    });
    const worker = new JobWorker('test', 10, 2, t.ports);
    worker.start();
    await sleep(50);
    expect((await worker.stop(100)).map((j) => j.id)).toEqual(['slow']);
    expect(t.settled).toEqual([
      { completed: [{ outcome: { status: 'success' }, ids: ['done'] }], failed: [] },
    ]);
  });

  describe('a batch past its time limit', () => {
    /** A batch of four whose handler finishes `a` and `b` in time and `c` and `d` only late. */
    async function lateBatch() {
      let finishLate!: () => void;
      const late = new Promise<void>((resolve) => (finishLate = resolve));
      const refused = new Error('451 try again later');
      const t = ports([[job('a', 0.2), job('b', 0.2), job('c', 0.2), job('d', 0.2)]], {
        run: async (_jobs, finished) => {
          finished('a', { status: 'success' });
          finished('b', refused);
          await late;
          finished('c', { status: 'skipped', reason: 'late' });
          finished('a', refused); // a second word on a job already told is ignored
        },
      });
      const worker = new JobWorker('test', 10, 4, t.ports);
      worker.start();
      await until(() => t.settled.length === 1);
      return { t, worker, refused, finishLate };
    }

    it('settles the jobs finished by then with their results and fails only the others', async () => {
      const { t, worker, refused, finishLate } = await lateBatch();
      const [settlement] = t.settled;
      expect(settlement.completed).toEqual([{ outcome: { status: 'success' }, ids: ['a'] }]);
      expect(settlement.failed).toEqual([
        { error: refused, ids: ['b'] },
        {
          error: expect.objectContaining({ message: 'test ran past its time limit' }),
          ids: ['c', 'd'],
        },
      ]);
      finishLate();
      await worker.stop(1000);
    });

    it('writes nothing the batch answers after its limit', async () => {
      const { t, worker, finishLate } = await lateBatch();
      finishLate();
      await sleep(50);
      await worker.stop(1000);
      expect(t.settled).toHaveLength(1);
    });
  });
});
