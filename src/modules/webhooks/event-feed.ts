import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { domainEventsAfter, type LogPosition } from '../../common/events/domain-event-log';
import type { WebhookMessage } from './payloads/webhook-message';
import { buildWebhookMessages } from './payloads/webhook-messages';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook-catalogue';
import { notOurCursor } from './webhooks.errors';

/** A page of the feed. `nextCursor` is where to ask from next time, even after the last page. */
export interface EventFeedPage {
  items: WebhookMessage[];
  nextCursor: string;
  /** Whether more events were there already: ask again at once. */
  hasMore: boolean;
}

export interface EventFeedQuery {
  after?: string;
  limit: number;
  types?: WebhookEventType[];
  includeAnonymous: boolean;
}

/**
 * `GET /api/v1/events`: the webhooks' messages, pulled (for a receiver that was down, or one that
 * prefers to ask). The same public types and filters as the deliveries (the database's
 * `webhook_public_type`), kept as long as the event log keeps its events (30 days). An event
 * whose data is gone (an erased customer's) is passed over.
 */
@Injectable()
export class EventFeed {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(query: EventFeedQuery): Promise<EventFeedPage> {
    const after = query.after ? positionOf(query.after) : undefined;
    const types = query.types?.length ? query.types : WEBHOOK_EVENT_TYPES;
    const events = await domainEventsAfter(this.dataSource.manager, {
      after,
      limit: query.limit + 1,
      where: `webhook_public_type(type) IN (${types.map((type) => `'${type}'`).join(', ')})
        AND (type <> 'case.escalated' OR payload ->> 'step' LIKE '%overdue')
        ${query.includeAnonymous ? '' : `AND payload ->> 'identified' IS DISTINCT FROM 'false'`}`,
    });
    const page = events.slice(0, query.limit);
    const publicType = await this.publicTypes(page.map((event) => event.type));
    const messages = await buildWebhookMessages(
      this.dataSource.manager,
      page.map((event) => ({ eventId: event.id, type: publicType.get(event.type)! })),
    );
    const last = page.at(-1);
    return {
      items: page.flatMap((event) => messages.get(event.id) ?? []),
      nextCursor: last ? cursorOf(last) : (query.after ?? ''),
      hasMore: events.length > query.limit,
    };
  }

  private async publicTypes(types: string[]): Promise<Map<string, WebhookEventType>> {
    const distinct = [...new Set(types)];
    if (distinct.length === 0) return new Map();
    const rows = await this.dataSource.query<{ type: string; public: WebhookEventType }[]>(
      `SELECT t AS type, webhook_public_type(t) AS public FROM unnest($1::text[]) AS t`,
      [distinct],
    );
    return new Map(rows.map((row) => [row.type, row.public]));
  }
}

/** A cursor is the position `<tx>.<id>`, opaque to clients. */
function cursorOf(position: LogPosition): string {
  return Buffer.from(`${position.tx}.${position.id}`).toString('base64url');
}

function positionOf(cursor: string): LogPosition {
  // Digits that fit a xid8 and a bigint: anything else is not a cursor this API gave.
  const match = /^(\d{1,19})\.(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw notOurCursor('after');
  return { tx: match[1], id: match[2] };
}
