import type { EntityManager } from 'typeorm';
import { loggedDomainEvents } from '../../../common/events/domain-event-log';
import type { WebhookEventType } from '../webhook-catalogue';
import { casePayloads } from './case-payloads';
import { customerPayloads } from './customer-payloads';
import { responsePayloads } from './response-payloads';
import {
  messageId,
  type WebhookData,
  type WebhookEventRow,
  type WebhookMessage,
} from './webhook-message';

/** An event to build, by its log id and public type (a delivery's `event_id` and `type`). */
export interface EventToBuild {
  eventId: string;
  type: WebhookEventType;
}

/**
 * The messages of these events, built now from the rows (one query per kind of event): the case
 * as it now is, the answer's score and comment, the customer's ids. An event whose data is gone
 * (its customer erased, its event pruned) maps to null, and is not sent.
 */
export async function buildWebhookMessages(
  manager: EntityManager,
  events: EventToBuild[],
): Promise<Map<string, WebhookMessage | null>> {
  const publicType = new Map(events.map((event) => [event.eventId, event.type]));
  const logged = await loggedDomainEvents(manager, [...publicType.keys()]);
  const rows: WebhookEventRow[] = logged.map((event) => ({
    eventId: event.id,
    type: publicType.get(event.id)!,
    domainType: event.type,
    occurredAt: event.occurredAt,
    payload: event.payload,
  }));
  const of = (prefix: string) => rows.filter((row) => row.type.startsWith(prefix));
  const [cases, responses, customers] = await Promise.all([
    build(manager, of('case.'), casePayloads),
    build(manager, of('response.'), responsePayloads),
    build(
      manager,
      rows.filter((row) => !row.type.startsWith('case.') && !row.type.startsWith('response.')),
      customerPayloads,
    ),
  ]);
  const messages = new Map<string, WebhookMessage | null>(
    events.map((event) => [event.eventId, null]),
  );
  for (const row of rows) {
    const data = cases.get(row.eventId) ?? responses.get(row.eventId) ?? customers.get(row.eventId);
    if (!data) continue;
    messages.set(row.eventId, {
      id: messageId(row.eventId),
      type: row.type,
      occurredAt: occurredAtOf(row),
      data,
    });
  }
  return messages;
}

async function build(
  manager: EntityManager,
  rows: WebhookEventRow[],
  payloads: (manager: EntityManager, rows: WebhookEventRow[]) => Promise<WebhookData>,
): Promise<WebhookData> {
  return rows.length === 0 ? new Map() : payloads(manager, rows);
}

/**
 * When it happened; for an anonymous answer only its month: a lone one is released a day and a
 * minute after it was given, so the exact release would date the visit.
 */
function occurredAtOf(row: WebhookEventRow): string {
  if (row.payload.identified !== false) return row.occurredAt.toISOString();
  const at = row.occurredAt;
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)).toISOString();
}
