import type { EntityManager } from 'typeorm';
import type { DomainEvent } from './domain-event-types';

/**
 * The `domain_events` table: every published event, in the order of its id, written in the
 * transaction that made the change (so an event exists if and only if its change committed).
 * It is what outside subscribers (webhooks, notifications) read; it is pruned after
 * `DOMAIN_EVENT_RETENTION_DAYS`.
 */

/** Where the rows of a set-wise publication come from, for `domainEventsSql`. */
export interface DomainEventSource {
  /** The event's name: a quoted literal (`'case.claimed'`) or an SQL expression of `from`. */
  type: string;
  /** An SQL expression of `from` building the payload (`jsonb_build_object(...)`), ids only. */
  payload: string;
  /** A table or CTE name. */
  from: string;
  where?: string;
}

/**
 * SQL that logs one event per row of each source, for the data-modifying CTE of the statement
 * that makes the change: a hot path publishes without a round trip of its own. It only logs: an
 * event that modules of this app subscribe to (`DomainEvents.declare`) is published with
 * `DomainEvents.publishSql` or `publish`, which also queue its delivery.
 */
export function domainEventsSql(sources: DomainEventSource[]): string {
  const selects = sources.map(
    ({ type, payload, from, where = 'true' }) =>
      `SELECT ${type}, ${payload} FROM ${from} WHERE ${where}`,
  );
  return `INSERT INTO domain_events (type, payload) ${selects.join(' UNION ALL ')}`;
}

/** Logs events in the caller's transaction, in one statement. */
export async function logDomainEvents(
  manager: EntityManager,
  events: readonly DomainEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await manager.query(
    `INSERT INTO domain_events (type, payload)
     SELECT * FROM unnest($1::text[], $2::jsonb[])`,
    [events.map((event) => event.type), events.map((event) => JSON.stringify(event.payload))],
  );
}

/**
 * Deletes the events whose payload names the customer (`customerId`), for their erasure: no row
 * is left that links them to what they did, such as an answer that stays, made anonymous.
 */
export async function forgetCustomerEvents(
  manager: EntityManager,
  customerId: string,
): Promise<void> {
  await manager.query(
    `DELETE FROM domain_events WHERE payload ? 'customerId' AND payload ->> 'customerId' = $1`,
    [customerId],
  );
}

/**
 * Deletes the delivered events' jobs whose payload names the customer (`customerId`: a
 * `response.received` delivered to the topics), waiting, done or archived, for their erasure as
 * `forgetCustomerEvents` does the log: a job kept for a while after it ran must not name them.
 * One still running finds its answer's words gone.
 */
export async function forgetCustomerJobs(
  manager: EntityManager,
  customerId: string,
): Promise<void> {
  for (const table of ['pgboss.job', 'pgboss.archive']) {
    await manager.query(
      `DELETE FROM ${table} WHERE data ? 'customerId' AND data ->> 'customerId' = $1`,
      [customerId],
    );
  }
}

/** One logged event, as a reader of the log gets it. */
export interface LoggedDomainEvent {
  id: string;
  type: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

/** The logged events with these ids (those still kept), in id order. */
export async function loggedDomainEvents(
  manager: EntityManager,
  ids: string[],
): Promise<LoggedDomainEvent[]> {
  if (ids.length === 0) return [];
  return manager.query<LoggedDomainEvent[]>(
    `SELECT id, type, occurred_at AS "occurredAt", payload FROM domain_events
     WHERE id = ANY($1::bigint[]) ORDER BY id`,
    [ids],
  );
}

/** Where a reader of the log stands: after the event `id` of the transaction `tx`. */
export interface LogPosition {
  tx: string;
  id: string;
}

/**
 * The events after `after` (from the oldest kept when absent) matching `where` (an SQL condition
 * on `type` and `payload`), oldest first, at most `limit`. They are in the order of their
 * transactions: identity values are taken in one order and committed in another, so paging by id
 * could pass an event whose transaction commits later. Only events whose transaction is older
 * than every one still running are read, and nothing can be written before those any more.
 */
export async function domainEventsAfter(
  manager: EntityManager,
  { after, where, limit }: { after?: LogPosition; where: string; limit: number },
): Promise<(LoggedDomainEvent & LogPosition)[]> {
  return manager.query<(LoggedDomainEvent & LogPosition)[]>(
    `SELECT id, type, occurred_at AS "occurredAt", payload, tx::text AS tx FROM domain_events
     WHERE (${where}) AND tx < pg_snapshot_xmin(pg_current_snapshot())
       AND ($1::xid8 IS NULL OR (tx, id) > ($1::xid8, $2::bigint))
     ORDER BY tx, id LIMIT $3`,
    [after?.tx ?? null, after?.id ?? null, limit],
  );
}
