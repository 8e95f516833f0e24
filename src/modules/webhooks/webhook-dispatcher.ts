import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, In } from 'typeorm';
import type { DomainEventPayloads } from '../../common/events/domain-event-types';
import { DomainEvents } from '../../common/events/domain-events';
import { JobQueue } from '../../common/jobs/job-queue';
import {
  PUBLIC_URL_CONFIG,
  type PublicUrlConfig,
  WEBHOOKS_CONFIG,
  type WebhooksConfig,
} from '../../config/config-sections';
import { DIGEST_HEADLINE, digestHeadlineMessages } from './chat/chat-digest';
import { postWebhook, type WebhookHttpResult } from './delivery/webhook-http';
import { parseWebhookAllowance } from './delivery/webhook-allowance';
import { buildWebhookMessages } from './payloads/webhook-messages';
import type { WebhookMessage } from './payloads/webhook-message';
import { type ClaimedDelivery, type DeliveryResult, WebhookDeliveries } from './webhook-deliveries';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { webhookRequest } from './webhook-request';

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    /** No payload: sends the due deliveries for a while, then queues its next run. */
    'webhooks.deliver': Record<string, never>;
    /** Delivered to the notifications, which email the admins. */
    'webhook.disabled': DomainEventPayloads['webhook.disabled'];
  }
}

declare module '../../common/events/domain-event-types' {
  interface DomainEventPayloads {
    /** An endpoint was disabled by what it answered: 410, or a day of failures. */
    'webhook.disabled': { endpointId: string; reason: 'gone' | 'failing' };
  }
}

/** Deliveries one claim takes; sent concurrently (fewer, larger batches cost the database less). */
const BATCH = 100;
/** Batches being sent at once: at most 400 requests in flight. */
const BATCHES_IN_FLIGHT = 4;
/** The wait after a claim found nothing due. */
const IDLE_MS = 200;

/**
 * Sends the webhook deliveries, as pg-boss jobs: one run at a time claims what is due, builds the
 * messages from the rows, signs and posts them, and records the outcomes; then the next run
 * follows. A worker killed mid-run leaves its claims leased: they are sent again once the lease
 * ends (at least once; receivers dedupe by `webhook-id`), and pg-boss expires the run.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly allowPrivateHosts: string[];
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly deliveries: WebhookDeliveries,
    private readonly events: DomainEvents,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
    @Inject(PUBLIC_URL_CONFIG) private readonly publicUrl: PublicUrlConfig,
  ) {
    this.allowPrivateHosts = parseWebhookAllowance(config.allowPrivate);
  }

  onModuleInit(): void {
    this.events.declare('webhook.disabled');
    this.jobs.register(
      'webhooks.deliver',
      async () => {
        // The next run waits from now on (a stately queue: one running, one waiting), so that a
        // worker dying or stopping with this one leaves it for the others once this one expires.
        await this.jobs.enqueue('webhooks.deliver', {});
        await this.run(Date.now() + this.config.runSeconds * 1000);
        return { status: 'success' };
      },
      { queuePolicy: 'stately', retryLimit: 0, queueAtStart: true, expireInSeconds: 120 },
    );
  }

  onModuleDestroy(): void {
    this.stopping = true;
  }

  /**
   * Sends until `until` (or shutdown): claims a batch whenever fewer than `BATCHES_IN_FLIGHT` are
   * being sent, so a slow receiver holds up the batches it is in, not the sending.
   */
  private async run(until: number): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (!this.stopping && Date.now() < until) {
      if (inFlight.size >= BATCHES_IN_FLIGHT) {
        await Promise.race(inFlight);
        continue;
      }
      const claimed = await this.deliveries
        .claim(BATCH, this.config.leaseSeconds)
        .catch((error: Error) => this.failed(error, []));
      if (claimed.length === 0) {
        await Promise.race([sleep(IDLE_MS), ...inFlight]);
        continue;
      }
      const sending: Promise<void> = this.send(claimed)
        .catch((error: Error) => this.failed(error, undefined))
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
    await Promise.all(inFlight);
  }

  private failed<T>(error: Error, answer: T): T {
    this.logger.error(`webhook delivery failed: ${error.message}`, error.stack);
    return answer;
  }

  /** Sends a claimed batch and records how each attempt went. */
  private async send(claimed: ClaimedDelivery[]): Promise<void> {
    const endpoints = await this.dataSource.getRepository(WebhookEndpoint).findBy({
      id: In([...new Set(claimed.map((delivery) => delivery.endpointId))]),
    });
    const endpointById = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
    const messages = await this.messagesOf(claimed);
    const results = await Promise.all(
      claimed.map((delivery) =>
        this.attempt(delivery, endpointById.get(delivery.endpointId), messages),
      ),
    );
    const disabled = await this.deliveries.record(results, this.config.retryBaseMs);
    for (const { id, reason } of disabled) {
      this.logger.warn(`webhook endpoint ${id} disabled (${reason})`);
    }
  }

  private async messagesOf(claimed: ClaimedDelivery[]) {
    const isHeadline = (delivery: ClaimedDelivery) => (delivery.type as string) === DIGEST_HEADLINE;
    const events = claimed
      .filter((d) => d.eventId !== null && d.type !== 'webhook.test' && !isHeadline(d))
      .map((delivery) => ({ eventId: delivery.eventId!, type: delivery.type as never }));
    const messages = await buildWebhookMessages(this.dataSource.manager, events);
    const headlines = claimed.filter(isHeadline).map((delivery) => delivery.eventId!);
    for (const [id, message] of await digestHeadlineMessages(this.dataSource.manager, headlines)) {
      messages.set(id, message);
    }
    return messages;
  }

  private async attempt(
    delivery: ClaimedDelivery,
    endpoint: WebhookEndpoint | undefined,
    messages: Map<string, WebhookMessage | null>,
  ): Promise<DeliveryResult> {
    // Deleted since the claim: its deliveries went with it.
    if (!endpoint) return { ...resultOf(delivery), outcome: 'dropped', error: 'endpoint deleted' };
    const message =
      delivery.type === 'webhook.test' ? testMessage(delivery) : messages.get(delivery.eventId!);
    const request = message ? webhookRequest(endpoint, message, new Date(), this.publicUrl) : null;
    if (!request) {
      return {
        ...resultOf(delivery),
        outcome: 'dropped',
        error: message ? 'not told to this kind of endpoint' : 'its data is gone (erased)',
      };
    }
    const sent = await postWebhook(request, { allowPrivateHosts: this.allowPrivateHosts });
    return { ...resultOf(delivery), ...fromHttp(sent) };
  }
}

function resultOf(delivery: ClaimedDelivery): DeliveryResult {
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    lease: delivery.lease,
    outcome: 'failed',
    status: null,
    bodyStart: null,
    latencyMs: null,
    error: null,
  };
}

function fromHttp(sent: WebhookHttpResult): Partial<DeliveryResult> {
  return {
    outcome: sent.outcome,
    status: sent.status,
    bodyStart: sent.bodyStart,
    latencyMs: Math.round(sent.latencyMs),
    error: sent.error ?? null,
  };
}

/** The "send test event" button's message: no event behind it, and nobody's data. */
function testMessage(delivery: ClaimedDelivery): WebhookMessage {
  return {
    id: `evt_test_${delivery.id}`,
    type: 'webhook.test',
    occurredAt: delivery.createdAt.toISOString(),
    data: { endpointId: delivery.endpointId, message: 'A test event from Candor.' },
  };
}
