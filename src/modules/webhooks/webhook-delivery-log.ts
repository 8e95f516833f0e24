import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { returningRows } from '../../common/database/returning-rows';
import {
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  type Page,
  type PageQuery,
  pageOf,
} from '../../common/pagination/page-query';
import { TEST_EVENT } from './webhook-catalogue';
import { notOurCursor, webhookDeliveryNotFound, webhookEndpointDisabled } from './webhooks.errors';

/** One delivery as the log shows it: its event, how it went and what the receiver answered. */
export interface WebhookDeliveryDto {
  id: string;
  /** The message id (`webhook-id`), the same on every attempt. */
  messageId: string;
  type: string;
  status: 'pending' | 'delivered' | 'failed' | 'dropped';
  attempts: number;
  /** When it is tried next; null once it is delivered or given up. */
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  responseStatus: number | null;
  /** The first KiB of the receiver's answer. */
  responseBody: string | null;
  latencyMs: number | null;
  error: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

interface DeliveryRow {
  id: string;
  event_id: string | null;
  type: string;
  status: WebhookDeliveryDto['status'];
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  response_status: number | null;
  response_body: string | null;
  latency_ms: number | null;
  error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

const COLUMNS = `id, event_id, type, status, attempts, next_attempt_at, last_attempt_at,
  response_status, response_body, latency_ms, error, delivered_at, created_at`;

function toDeliveryDto(row: DeliveryRow): WebhookDeliveryDto {
  return {
    id: row.id,
    messageId: row.event_id ? `evt_${row.event_id}` : `evt_test_${row.id}`,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    // A disabled endpoint's pending deliveries wait without a time ('infinity').
    nextAttemptAt:
      row.status === 'pending' && row.next_attempt_at instanceof Date
        ? row.next_attempt_at.toISOString()
        : null,
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    responseStatus: row.response_status,
    responseBody: row.response_body,
    latencyMs: row.latency_ms,
    error: row.error,
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** An endpoint's delivery log, newest first, and what an admin does with it by hand. */
@Injectable()
export class WebhookDeliveryLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(
    endpointId: string,
    page: PageQuery & { status?: string },
  ): Promise<Page<WebhookDeliveryDto>> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const [before] = page.cursor ? decodeCursor(page.cursor, 1) : [null];
    if (before !== null && !/^\d{1,18}$/.test(before)) throw notOurCursor('cursor');
    const rows = await this.dataSource.query<DeliveryRow[]>(
      `SELECT ${COLUMNS} FROM webhook_deliveries
       WHERE endpoint_id = $1 AND ($2::bigint IS NULL OR id < $2)
         AND ($3::text IS NULL OR status = $3)
       ORDER BY id DESC LIMIT $4`,
      [endpointId, before, page.status ?? null, limit + 1],
    );
    return pageOf(rows, limit, toDeliveryDto, (row) => [row.id]);
  }

  /**
   * Sends it again now, whatever became of it: pending again with a fresh 3-day window. The
   * message is the same (`webhook-id` too), built anew from the rows.
   */
  async redeliver(endpointId: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    const [endpoint] = await this.dataSource.query<{ enabled: boolean }[]>(
      'SELECT enabled FROM webhook_endpoints WHERE id = $1',
      [endpointId],
    );
    // A disabled endpoint sends nothing (but a test event): 409 rather than a 202 never kept.
    if (endpoint && !endpoint.enabled) throw webhookEndpointDisabled();
    const [row] = await returningRows<DeliveryRow>(
      this.dataSource.manager,
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(),
         retry_from = now(), locked_until = NULL
       WHERE endpoint_id = $1 AND id = $2
       RETURNING ${COLUMNS}`,
      [endpointId, deliveryId],
    );
    if (!row) throw webhookDeliveryNotFound();
    return toDeliveryDto(row);
  }

  /** Queues a `webhook.test` delivery to the endpoint (enabled or not: it is a check). */
  async sendTest(endpointId: string): Promise<WebhookDeliveryDto> {
    const [row] = await this.dataSource.query<DeliveryRow[]>(
      `INSERT INTO webhook_deliveries (endpoint_id, type) VALUES ($1, '${TEST_EVENT}')
       RETURNING ${COLUMNS}`,
      [endpointId],
    );
    return toDeliveryDto(row);
  }
}
