import type { DataSource, EntityManager } from 'typeorm';
import type { JobQueue } from '../../common/jobs/job-queue';
import type { JobOutcome, JobPolicy } from '../../common/jobs/job-types';
import { DEFAULT_CALENDAR } from '../cases/business-hours';
import type { CaseSettingsService } from '../cases/rules/case-settings.service';
import type { UsersService } from '../users/users.service';
import type { NewNotification, Notifier } from './notifier';
import { UnassignedDigest } from './unassigned-digest';

/**
 * The digest's run, with its collaborators faked: the chain of runs survives whatever a run
 * meets, one team's failure costs no other team its digest, and the day is the database's.
 */
describe('the morning digest run', () => {
  // Wednesday 9 December 2026, 08:30 in Helsinki (the calendar opens at 08:00, UTC+2).
  const databaseNow = new Date('2026-12-09T06:30:00Z');
  const agents = [
    { id: 'a1', email: 'a1@example.com', team: { id: 'team-a', name: 'A' } },
    { id: 'b1', email: 'b1@example.com', team: { id: 'team-b', name: 'B' } },
    { id: 'b2', email: 'b2@example.com', team: { id: 'team-b', name: 'B' } },
  ].map((agent) => ({ ...agent, name: agent.id, role: 'agent' as const, disabled: false }));

  let calls: string[];
  let told: NewNotification[];
  let enqueued: { startAfter?: Date | number }[];
  let handler: () => Promise<JobOutcome>;
  let policy: JobPolicy;
  let failFor: Set<string>;
  let listUsers: jest.Mock;

  /** Fakes the worker's clock alone (its timers and promises run as usual). */
  const workerClockAt = (now: Date) =>
    jest.useFakeTimers({
      now,
      doNotFake: [
        'nextTick',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
      ],
    });

  beforeEach(() => {
    workerClockAt(databaseNow);
    calls = [];
    told = [];
    enqueued = [];
    failFor = new Set();
    listUsers = jest.fn(() => {
      calls.push('listUsers');
      return Promise.resolve(agents);
    });
    const jobs = {
      register: (_name: string, run: () => Promise<JobOutcome>, given: JobPolicy) => {
        handler = run;
        policy = given;
      },
      enqueue: (_name: string, _payload: object, options: { startAfter?: Date | number }) => {
        calls.push('enqueue');
        enqueued.push(options);
        return Promise.resolve('job');
      },
    };
    const manager = { query: () => Promise.resolve([{ n: 3 }]) } as unknown as EntityManager;
    const dataSource = {
      query: () => Promise.resolve([{ now: databaseNow }]),
      transaction: <T>(work: (m: EntityManager) => Promise<T>) => work(manager),
    };
    const notifier = {
      notify: (_manager: EntityManager, notice: NewNotification) => {
        if (failFor.has(notice.userId)) return Promise.reject(new Error('connection reset'));
        told.push(notice);
        return Promise.resolve(true);
      },
    };
    const digest = new UnassignedDigest(
      jobs as unknown as JobQueue,
      { listUsers } as unknown as UsersService,
      { current: () => Promise.resolve({ calendar: DEFAULT_CALENDAR }) } as CaseSettingsService,
      notifier as unknown as Notifier,
      dataSource as unknown as DataSource,
    );
    jest.spyOn(digest['logger'], 'error').mockImplementation(() => undefined);
    digest.onModuleInit();
  });

  afterEach(() => jest.useRealTimers());

  it("queues the next morning's run before it does anything that could fail or crash", async () => {
    listUsers.mockImplementationOnce(() => {
      calls.push('listUsers');
      return Promise.reject(new Error('database gone'));
    });
    await expect(handler()).rejects.toThrow('database gone');
    expect(calls).toEqual(['enqueue', 'listUsers']);
    expect(enqueued[0].startAfter).toEqual(new Date('2026-12-10T06:00:00Z'));
    // The failed run is retried (today's digests are still owed), not dropped.
    expect(policy.retryLimit).toBeGreaterThan(0);
  });

  it("tells every later team when one team's digest fails, then fails for a retry", async () => {
    failFor.add('a1');
    await expect(handler()).rejects.toThrow(/1 of 2 teams/);
    expect(told.map((notice) => notice.userId).sort()).toEqual(['b1', 'b2']);
    expect(told[0].dedupeKey).toMatch(/^unassigned_digest:b\d:2026-12-09$/);
  });

  it("takes today and the next run from the database's clock, not the worker's", async () => {
    // The worker's clock is 40 minutes behind: 07:50 in Helsinki, before the opening.
    workerClockAt(new Date('2026-12-09T05:50:00Z'));
    await expect(handler()).resolves.toEqual({ status: 'success' });
    expect(told).toHaveLength(3);
    expect(told[0].dedupeKey).toMatch(/:2026-12-09$/);
    // Tomorrow's opening, not today's (which has passed by the database's clock: a loop).
    expect(enqueued).toEqual([{ startAfter: new Date('2026-12-10T06:00:00Z') }]);
  });
});
