import type { JobQueue } from '../jobs/job-queue';
import type { BatchJob, BatchJobHandler, JobOutcome } from '../jobs/job-types';
import { DomainEvents } from './domain-events';

declare module '../jobs/job-types' {
  interface JobPayloads {
    'test.happened': { id: string };
  }
}

/** DomainEvents over a queue that only keeps the registered delivery, to call it directly. */
function eventsWithDelivery() {
  let delivery: BatchJobHandler<'test.happened'> | undefined;
  const queue = {
    registerBatch: (_name: string, handler: BatchJobHandler<'test.happened'>) => {
      delivery = handler;
    },
  } as unknown as JobQueue;
  const events = new DomainEvents(queue);
  // Not in the catalogue (a test event): only delivery is under test here.
  events.declare('test.happened' as never);
  const reported = new Map<string, JobOutcome | Error>();
  const deliver = (ids: string[]) =>
    delivery!(
      ids.map((id) => ({ id: `job-${id}`, payload: { id } }) as BatchJob<'test.happened'>),
      (jobId, result) => reported.set(jobId, result),
    );
  return { events, deliver, reported };
}

describe('DomainEvents delivery', () => {
  it('hands a batch subscriber the whole batch at once, and a plain one each event', async () => {
    const { events, deliver } = eventsWithDelivery();
    const batches: string[][] = [];
    const singles: string[] = [];
    events.subscribeBatch('test.happened', 'batch', (payloads) => {
      batches.push(payloads.map((p) => p.id));
      return Promise.resolve();
    });
    events.subscribe('test.happened', 'single', ({ id }) => {
      singles.push(id);
      return Promise.resolve();
    });

    const results = await deliver(['a', 'b', 'c']);

    expect(batches).toEqual([['a', 'b', 'c']]);
    expect(singles.sort()).toEqual(['a', 'b', 'c']);
    expect(results).toEqual([{ status: 'success' }, { status: 'success' }, { status: 'success' }]);
  });

  it('retries a failed batch one event at a time, so only the event that fails alone fails', async () => {
    const { events, deliver, reported } = eventsWithDelivery();
    const calls: string[][] = [];
    events.subscribeBatch('test.happened', 'batch', (payloads) => {
      calls.push(payloads.map((p) => p.id));
      const bad = payloads.some((p) => p.id === 'bad');
      return bad ? Promise.reject(new Error('bad event')) : Promise.resolve();
    });

    const results = await deliver(['a', 'bad', 'c']);

    expect(calls[0]).toEqual(['a', 'bad', 'c']);
    expect(calls.slice(1).sort()).toEqual([['a'], ['bad'], ['c']]);
    expect(results[0]).toEqual({ status: 'success' });
    expect(results[1]).toEqual(new Error('bad event'));
    expect(results[2]).toEqual({ status: 'success' });
    expect(reported.get('job-bad')).toEqual(new Error('bad event'));
    expect(reported.get('job-a')).toEqual({ status: 'success' });
  });

  it('fails an event that any one subscriber failed, after all of them have had it', async () => {
    const { events, deliver } = eventsWithDelivery();
    const handled: string[] = [];
    events.subscribe('test.happened', 'failing', ({ id }) =>
      id === 'b' ? Promise.reject(new Error('no b')) : Promise.resolve(),
    );
    events.subscribeBatch('test.happened', 'batch', async (payloads) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      handled.push(...payloads.map((p) => p.id));
    });

    const results = await deliver(['a', 'b']);

    expect(handled).toEqual(['a', 'b']);
    expect(results).toEqual([{ status: 'success' }, new Error('no b')]);
  });

  it('skips events nobody subscribed to', async () => {
    const { deliver } = eventsWithDelivery();

    expect(await deliver(['a'])).toEqual([{ status: 'skipped', reason: 'no_subscribers' }]);
  });
});
