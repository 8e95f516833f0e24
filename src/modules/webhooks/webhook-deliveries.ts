import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { returningRows } from '../../common/database/returning-rows';
import { DomainEvents } from '../../common/events/domain-events';
import { TEST_EVENT, type WebhookEventType } from './webhook-catalogue';

/** A delivery a sender has claimed: leased to it until sent or its lease has run out. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  /** Null for a test event. */
  eventId: string | null;
  type: WebhookEventType | 'webhook.test';
  attempts: number;
  createdAt: Date;
  /** The claim's end, exactly as stored: only the claim that is still current is recorded. */
  lease: string;
}

/** What a batch's attempts to one endpoint came to. */
interface EndpointState {
  ok: boolean;
  gone: boolean;
}

/** How one attempt ended. `dropped`: nothing to send any more (its customer was erased). */
export interface DeliveryResult {
  id: string;
  endpointId: string;
  lease: string;
  outcome: 'delivered' | 'failed' | 'gone' | 'refused' | 'dropped';
  status: number | null;
  bodyStart: string | null;
  latencyMs: number | null;
  error: string | null;
}

/** How long a delivery keeps being retried before it is given up as failed. */
export const RETRY_DAYS = 3;
/** Retries wait twice as long each time, up to this. */
const MAX_RETRY_DELAY_MS = 3_600_000;
/** An endpoint that has failed every attempt this long is disabled and its admins told. */
export const FAILING_HOURS = 24;

/**
 * The delivery rows as a queue: claimed with `SKIP LOCKED` (senders never take the same one),
 * oldest due first; for an endpoint that asked for order, a case's delivery waits until the one
 * before it has succeeded or been given up.
 */
@Injectable()
export class WebhookDeliveries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Claims up to `limit` due deliveries for `leaseSeconds`: longer than an attempt can take
   * (10 s), so a lease only runs out when its sender died; the delivery is then tried again (at
   * least once; the receiver dedupes by `webhook-id`).
   */
  async claim(limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    return returningRows<ClaimedDelivery>(
      this.dataSource.manager,
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d
         JOIN webhook_endpoints e ON e.id = d.endpoint_id
           AND (e.enabled OR d.type = '${TEST_EVENT}')
         WHERE d.status = 'pending' AND d.next_attempt_at <= now()
           AND (d.locked_until IS NULL OR d.locked_until < now())
           AND (NOT e.ordered OR d.order_key IS NULL OR NOT EXISTS (
             SELECT 1 FROM webhook_deliveries p
             WHERE p.endpoint_id = d.endpoint_id AND p.order_key = d.order_key
               AND p.status = 'pending' AND p.id < d.id))
         ORDER BY d.next_attempt_at, d.id
         LIMIT $1
         FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE webhook_deliveries d SET locked_until = now() + make_interval(secs => $2),
         attempts = d.attempts + 1, last_attempt_at = now()
       FROM due WHERE d.id = due.id
       RETURNING d.id, d.endpoint_id AS "endpointId", d.event_id AS "eventId", d.type,
         d.attempts, d.created_at AS "createdAt", d.locked_until::text AS lease`,
      [limit, leaseSeconds],
    );
  }

  /**
   * Records a batch of attempts in one statement. A failure waits `retryBaseMs` × 2^(attempt-1)
   * (at most an hour, ±20 % so that a receiver back up is not hit by all at once) and is given up
   * after `RETRY_DAYS`. Answers the endpoints that were disabled by it (answered 410, or failing
   * for `FAILING_HOURS` straight), each published as `webhook.disabled` in the same transaction.
   */
  async record(
    results: DeliveryResult[],
    retryBaseMs: number,
  ): Promise<{ id: string; reason: 'gone' | 'failing' }[]> {
    if (results.length === 0) return [];
    const changing = await this.changingEndpoints(results);
    return this.dataSource.transaction(async (manager) => {
      // The endpoints whose state changes first, as deleting one does (then its deliveries):
      // never a deadlock with it. A healthy endpoint's row is left alone, so batches and the
      // publishers' key-share locks on it never queue behind each other.
      if (changing.length > 0) {
        await manager.query(
          `SELECT 1 FROM webhook_endpoints WHERE id = ANY($1::uuid[]) ORDER BY id
           FOR NO KEY UPDATE`,
          [changing.map(([id]) => id)],
        );
      }
      await manager.query(
        `UPDATE webhook_deliveries d SET
           status = CASE
             WHEN r.outcome IN ('delivered', 'dropped') THEN r.outcome
             WHEN r.outcome = 'gone' OR d.retry_from < now() - interval '${RETRY_DAYS} days'
               THEN 'failed'
             ELSE 'pending' END,
           next_attempt_at = CASE WHEN r.outcome IN ('failed', 'refused')
             THEN now() + make_interval(secs => LEAST($7::float8 * 2 ^ (d.attempts - 1),
               ${MAX_RETRY_DELAY_MS}) / 1000.0 * (0.8 + random() * 0.4))
             ELSE d.next_attempt_at END,
           locked_until = NULL, response_status = r.status, response_body = r.body,
           latency_ms = r.latency, error = r.error,
           delivered_at = CASE WHEN r.outcome = 'delivered' THEN now() END
         FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::int[], $6::text[],
           $8::timestamptz[]) AS r(id, outcome, status, body, latency, error, lease)
         -- A claim that ran out (its delivery taken again) or was cleared by a redelivery lost it.
         WHERE d.id = r.id AND d.locked_until = r.lease`,
        [
          results.map((r) => r.id),
          results.map((r) => r.outcome),
          results.map((r) => r.status),
          results.map((r) => r.bodyStart),
          results.map((r) => r.latencyMs),
          results.map((r) => r.error),
          retryBaseMs,
          results.map((r) => r.lease),
        ],
      );
      const disabled = await this.updateEndpoints(manager, changing);
      await parkDeliveries(
        manager,
        disabled.map(({ id }) => id),
      );
      for (const { id, reason } of disabled) {
        await this.events.publish(manager, 'webhook.disabled', { endpointId: id, reason });
      }
      return disabled;
    });
  }

  /**
   * The endpoints a batch changes: one that failed or answered 410, and one that succeeded after
   * failing (read without a lock: a streak another batch starts meanwhile ends at the next one).
   */
  private async changingEndpoints(results: DeliveryResult[]): Promise<[string, EndpointState][]> {
    const byEndpoint = new Map<string, EndpointState>();
    for (const result of results) {
      if (result.outcome === 'dropped') continue;
      const state = byEndpoint.get(result.endpointId) ?? { ok: false, gone: false };
      if (result.outcome === 'delivered') state.ok = true;
      if (result.outcome === 'gone') state.gone = true;
      byEndpoint.set(result.endpointId, state);
    }
    const failing = new Set(
      (
        await this.dataSource.query<{ id: string }[]>(
          `SELECT id FROM webhook_endpoints
           WHERE id = ANY($1::uuid[]) AND failing_since IS NOT NULL`,
          [[...byEndpoint.keys()]],
        )
      ).map((row) => row.id),
    );
    return [...byEndpoint].filter(([id, state]) => !state.ok || state.gone || failing.has(id));
  }

  /** A success clears an endpoint's failing streak; a 410 or a day of failures disables it. */
  private async updateEndpoints(manager: EntityManager, tried: [string, EndpointState][]) {
    if (tried.length === 0) return [];
    const rows = await returningRows<{
      id: string;
      justDisabled: boolean;
      reason: 'gone' | 'failing';
    }>(
      manager,
      `WITH tried AS (
         SELECT e.id, s.ok, s.gone, e.enabled AND (s.gone OR (NOT s.ok
             AND COALESCE(e.failing_since < now() - interval '${FAILING_HOURS} hours', false)))
             AS disable
         FROM unnest($1::uuid[], $2::bool[], $3::bool[]) AS s(id, ok, gone)
         JOIN webhook_endpoints e ON e.id = s.id
       )
       UPDATE webhook_endpoints e SET
         failing_since = CASE WHEN t.ok THEN NULL ELSE COALESCE(e.failing_since, now()) END,
         enabled = e.enabled AND NOT t.disable,
         disabled_reason = CASE WHEN NOT t.disable THEN e.disabled_reason
           WHEN t.gone THEN 'gone' ELSE 'failing' END,
         disabled_at = CASE WHEN t.disable THEN now() ELSE e.disabled_at END
       FROM tried t WHERE e.id = t.id
       RETURNING e.id, t.disable AS "justDisabled", e.disabled_reason AS reason`,
      [tried.map(([id]) => id), tried.map(([, s]) => s.ok), tried.map(([, s]) => s.gone)],
    );
    return rows.filter((row) => row.justDisabled).map(({ id, reason }) => ({ id, reason }));
  }
}

/**
 * A disabled endpoint's pending deliveries wait without a time (they would otherwise stand at the
 * head of every claim's scan); enabling it again makes them due (`resumeDeliveries`). A test
 * event is sent to a disabled endpoint all the same.
 */
export async function parkDeliveries(manager: EntityManager, endpointIds: string[]) {
  if (endpointIds.length === 0) return;
  await manager.query(
    `UPDATE webhook_deliveries SET next_attempt_at = 'infinity'
     WHERE endpoint_id = ANY($1::uuid[]) AND status = 'pending' AND type <> '${TEST_EVENT}'`,
    [endpointIds],
  );
}

export async function resumeDeliveries(manager: EntityManager, endpointId: string) {
  await manager.query(
    `UPDATE webhook_deliveries SET next_attempt_at = now()
     WHERE endpoint_id = $1 AND status = 'pending' AND next_attempt_at = 'infinity'`,
    [endpointId],
  );
}
