import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobQueue } from '../jobs/job-queue';
import type {
  BatchJob,
  JobName,
  JobOutcome,
  JobPayloads,
  JobResultReport,
} from '../jobs/job-types';
import { domainEventsSql, logDomainEvents, type DomainEventSource } from './domain-event-log';
import type { DomainEventPayloads, DomainEventType } from './domain-event-types';

/**
 * Events one worker delivers at once. Each delivery holds a database connection for its
 * transactions, so more than the pool's ten would only queue for connections.
 */
const EVENT_BATCH_SIZE = 10;

/** A subscriber takes events one at a time (`handleOne`) or in batches (`handleMany`). */
type Subscriber<E extends JobName> =
  | { name: string; handleOne: (payload: JobPayloads[E]) => Promise<void>; handleMany?: never }
  | { name: string; handleMany: (payloads: JobPayloads[E][]) => Promise<void>; handleOne?: never };

/** A set-wise publication of one event, for `publishSql`. */
export interface EventSource<E extends DomainEventType> extends Omit<DomainEventSource, 'type'> {
  event: E;
}

/**
 * Things that happened, told to whichever modules care, durably. `publish` logs the event in
 * `domain_events` in the publisher's transaction (so it exists if and only if the change
 * commits). An event that modules of this app subscribe to is `declare`d by its publisher: it is
 * then also queued as a pg-boss job in that transaction (its payload type goes into `JobPayloads`
 * too), and a worker hands it to every subscriber, without the publisher knowing them. Delivery
 * is at least once and a failing subscriber retries the event for all of them, so subscribers
 * must be idempotent.
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger(DomainEvents.name);
  private readonly subscribers = new Map<string, Subscriber<never>[]>();
  private readonly delivered = new Set<string>();

  constructor(private readonly jobs: JobQueue) {}

  /**
   * Call from the publisher's `onModuleInit`: registers the event's queue and its delivery. Events
   * are fetched in batches (a burst of answers becomes cases and thank-you emails together, not
   * one poll apiece) and delivered concurrently; each event succeeds or fails on its own.
   */
  declare<E extends JobName & DomainEventType>(event: E): void {
    this.delivered.add(event);
    this.jobs.registerBatch(event, (jobs, report) => this.deliver(event, jobs, report), {
      retryLimit: 10,
      retryDelaySeconds: 5,
      backoff: true,
      batchSize: EVENT_BATCH_SIZE,
      workers: 2,
    });
  }

  /** Call from the subscriber's `onModuleInit` (in any order with the publisher's `declare`). */
  subscribe<E extends JobName>(
    event: E,
    subscriber: string,
    handle: (payload: JobPayloads[E]) => Promise<void>,
  ): void {
    this.add(event, { name: subscriber, handleOne: handle });
  }

  /**
   * Like `subscribe`, for a subscriber that handles a batch of events set-wise (one transaction
   * for them all). A batch that fails is handed over again one event at a time, so only the
   * events that fail alone are retried.
   */
  subscribeBatch<E extends JobName>(
    event: E,
    subscriber: string,
    handle: (payloads: JobPayloads[E][]) => Promise<void>,
  ): void {
    this.add(event, { name: subscriber, handleMany: handle });
  }

  /** Publishes one event in the caller's transaction. */
  async publish<E extends DomainEventType>(
    manager: EntityManager,
    event: E,
    payload: DomainEventPayloads[E],
  ): Promise<void> {
    await logDomainEvents(manager, [{ type: event, payload } as never]);
    if (this.delivered.has(event)) {
      await this.jobs.enqueue(event as JobName, payload as never, { manager });
    }
  }

  /**
   * CTEs publishing one event per row of `source`, for the statement that makes the change:
   * `<name>` logs it and, for a declared event, `<name>_delivery` queues its job.
   */
  publishSql<E extends DomainEventType>(name: string, source: EventSource<E>): string {
    const { event, ...rows } = source;
    const logged = `${name} AS (${domainEventsSql([{ type: `'${event}'`, ...rows }])})`;
    if (!this.delivered.has(event)) return logged;
    const job = this.jobs.jobInsertSql(event as JobName, {
      data: rows.payload,
      from: rows.from,
      where: rows.where,
    });
    return `${logged},\n  ${name}_delivery AS (${job})`;
  }

  private add(event: JobName, subscriber: Subscriber<never>): void {
    this.subscribers.set(event, [...(this.subscribers.get(event) ?? []), subscriber]);
  }

  /**
   * Hands a batch of events to every subscriber. Subscribers are independent modules: they run
   * side by side, and an event fails (to be delivered to all of them again) once every one of
   * them has finished with it, if any failed it.
   */
  private async deliver<E extends JobName>(
    event: E,
    jobs: BatchJob<E>[],
    report: JobResultReport,
  ): Promise<(JobOutcome | Error)[]> {
    const subscribers = this.subscribers.get(event) ?? [];
    if (subscribers.length === 0)
      return jobs.map(() => ({ status: 'skipped', reason: 'no_subscribers' }));
    const payloads = jobs.map((job) => job.payload as never);
    const failures = new Map<number, Error>();
    const failed = (index: number) => (error: unknown) => {
      if (!failures.has(index)) failures.set(index, asError(error));
    };
    await Promise.all(
      subscribers.map(async ({ name, handleOne, handleMany }) => {
        if (handleMany) {
          const whole = await handleMany(payloads).then(
            () => true,
            () => false,
          );
          if (!whole) {
            await Promise.all(payloads.map((p, i) => handleMany([p]).catch(failed(i))));
          }
        } else {
          await Promise.all(payloads.map((p, i) => handleOne(p).catch(failed(i))));
        }
        this.logger.debug?.(`${jobs.length} ${event} delivered to ${name}`);
      }),
    );
    return jobs.map((job, i) => {
      const result = failures.get(i) ?? { status: 'success' as const };
      report(job.id, result);
      return result;
    });
  }
}

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));
