import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobQueue } from '../jobs/job-queue';
import type { JobName, JobOutcome, JobPayloads } from '../jobs/job-types';

/**
 * Events one worker delivers at once. Each delivery holds a database connection for its
 * transactions, so more than the pool's ten would only queue for connections.
 */
const EVENT_BATCH_SIZE = 10;

type Subscriber<E extends JobName> = {
  name: string;
  handle: (payload: JobPayloads[E]) => Promise<void>;
};

/**
 * Things that happened, told to whichever modules care, durably: `publish` enqueues the event as
 * a pg-boss job in the publisher's transaction (so it exists if and only if the change commits),
 * and a worker hands it to every subscriber. The publisher `declare`s its events (their payload
 * types go into `JobPayloads`, ids only); other modules `subscribe` without the publisher knowing
 * them. Delivery is at least once and a failing subscriber retries the event for all of them, so
 * subscribers must be idempotent.
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger(DomainEvents.name);
  private readonly subscribers = new Map<string, Subscriber<never>[]>();

  constructor(private readonly jobs: JobQueue) {}

  /**
   * Call from the publisher's `onModuleInit`: registers the event's queue and its delivery. Events
   * are fetched in batches (a burst of answers becomes cases and thank-you emails together, not
   * one poll apiece) and delivered concurrently; each event succeeds or fails on its own.
   */
  declare<E extends JobName>(event: E): void {
    this.jobs.registerBatch(
      event,
      (jobs) => Promise.all(jobs.map((job) => this.deliver(event, job.payload).catch(asError))),
      {
        retryLimit: 10,
        retryDelaySeconds: 5,
        backoff: true,
        batchSize: EVENT_BATCH_SIZE,
        workers: 2,
      },
    );
  }

  /** Call from the subscriber's `onModuleInit` (in any order with the publisher's `declare`). */
  subscribe<E extends JobName>(
    event: E,
    subscriber: string,
    handle: (payload: JobPayloads[E]) => Promise<void>,
  ): void {
    const subscribers = this.subscribers.get(event) ?? [];
    subscribers.push({ name: subscriber, handle });
    this.subscribers.set(event, subscribers);
  }

  async publish<E extends JobName>(
    manager: EntityManager,
    event: E,
    payload: JobPayloads[E],
  ): Promise<void> {
    await this.jobs.enqueue(event, payload, { manager });
  }

  private async deliver<E extends JobName>(event: E, payload: JobPayloads[E]): Promise<JobOutcome> {
    const subscribers = this.subscribers.get(event) ?? [];
    if (subscribers.length === 0) return { status: 'skipped', reason: 'no_subscribers' };
    // Subscribers are independent modules: they run side by side, and the event fails (to be
    // delivered to all of them again) only once every one of them has finished.
    const results = await Promise.allSettled(
      subscribers.map(async (subscriber) => {
        await subscriber.handle(payload as never);
        this.logger.debug?.(`${event} delivered to ${subscriber.name}`);
      }),
    );
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw asError(failed.reason);
    return { status: 'success' };
  }
}

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));
