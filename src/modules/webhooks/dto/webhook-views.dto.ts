import { ApiProperty } from '@nestjs/swagger';
import type { SameShape } from '../../../common/api-docs/same-shape';
import type { EventFeedPage } from '../event-feed';
import type { WebhookMessage } from '../payloads/webhook-message';
import { WEBHOOK_EVENT_TYPES } from '../webhook-catalogue';
import type { WebhookDeliveryDto } from '../webhook-delivery-log';
import { WEBHOOK_KINDS, type WebhookKind } from '../webhook-endpoint.entity';
import type { WebhookEndpointDto } from '../webhook-endpoints.service';

const TIME = { type: String, format: 'date-time', nullable: true } as const;

/** An endpoint as the API shows it: never its secret, nor a header's value. */
export class WebhookEndpointView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: WEBHOOK_KINDS })
  kind: WebhookKind;

  @ApiProperty({ example: 'https://crm.example.com/candor/webhooks' })
  url: string;

  @ApiProperty({ example: 'Cases into the CRM' })
  description: string;

  @ApiProperty({
    type: [String],
    enum: WEBHOOK_EVENT_TYPES,
    nullable: true,
    description: 'The events it takes; null for all of them, present and future',
  })
  eventTypes: string[] | null;

  @ApiProperty()
  includeAnonymous: boolean;

  @ApiProperty({
    description: "A case's events go one after another, each once the one before succeeded",
  })
  ordered: boolean;

  @ApiProperty({ type: [String], description: 'The static headers it is sent (names only)' })
  headerNames: string[];

  @ApiProperty()
  enabled: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['gone', 'failing', 'admin'],
    description: 'gone: it answered 410; failing: every attempt failed for 24 h; admin: by hand',
  })
  disabledReason: string | null;

  @ApiProperty(TIME)
  disabledAt: string | null;

  @ApiProperty({ ...TIME, description: 'Since when every attempt has failed' })
  failingSince: string | null;

  @ApiProperty({
    ...TIME,
    description: 'Until when the secret before the last rotation signs beside the new one',
  })
  previousSecretValidUntil: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

/** A new endpoint or a rotated secret: the secret is in this answer only. */
export class WebhookEndpointWithSecretView {
  @ApiProperty({ type: WebhookEndpointView })
  endpoint: WebhookEndpointView;

  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The signing secret (Standard Webhooks), shown this once',
  })
  secret: string;
}

/** One delivery of the log. */
export class WebhookDeliveryView {
  @ApiProperty({ example: '42' })
  id: string;

  @ApiProperty({ example: 'evt_1234', description: 'The webhook-id, the same on every attempt' })
  messageId: string;

  @ApiProperty({ example: 'case.opened' })
  type: string;

  @ApiProperty({ enum: ['pending', 'delivered', 'failed', 'dropped'] })
  status: 'pending' | 'delivered' | 'failed' | 'dropped';

  @ApiProperty()
  attempts: number;

  @ApiProperty({ ...TIME, description: 'When it is tried next; null once done' })
  nextAttemptAt: string | null;

  @ApiProperty(TIME)
  lastAttemptAt: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 200 })
  responseStatus: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The first KiB of the receiver's answer",
  })
  responseBody: string | null;

  @ApiProperty({ type: Number, nullable: true })
  latencyMs: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'timed out after 10 s' })
  error: string | null;

  @ApiProperty(TIME)
  deliveredAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

/** A message, as a webhook sends it and the feed gives it. */
export class WebhookMessageView {
  @ApiProperty({ example: 'evt_1234' })
  id: string;

  @ApiProperty({ example: 'case.opened', enum: WEBHOOK_EVENT_TYPES })
  type: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The event's data (docs/integrations.md lists each type's)",
  })
  data: Record<string, unknown>;
}

export class EventFeedPageView {
  @ApiProperty({ type: [WebhookMessageView] })
  items: WebhookMessageView[];

  @ApiProperty({
    description: 'Where to ask from next time (`?after=`), given on the last page too',
  })
  nextCursor: string;

  @ApiProperty({ description: 'More events were there already: ask again at once' })
  hasMore: boolean;
}

/** The classes document what the webhooks' code returns: a change to either fails here. */
export const WEBHOOK_VIEWS_MATCH: [
  SameShape<WebhookEndpointView, WebhookEndpointDto>,
  SameShape<WebhookDeliveryView, WebhookDeliveryDto>,
  SameShape<WebhookMessageView, WebhookMessage>,
  SameShape<EventFeedPageView, EventFeedPage>,
] = [true, true, true, true];
