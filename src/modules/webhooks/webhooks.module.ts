import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookDeliveryLog } from './webhook-delivery-log';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEndpoints } from './webhook-endpoints.service';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { EventFeed } from './event-feed';
import { WebhookPruning } from './webhook-pruning';
import { EventsController } from './events.controller';

/**
 * Webhooks (docs/integrations.md): endpoints, and the deliveries a trigger writes with every
 * public event, sent signed by the dispatcher's jobs.
 */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEndpoint])],
  controllers: [WebhookEndpointsController, EventsController],
  providers: [
    WebhookEndpoints,
    WebhookDeliveries,
    WebhookDeliveryLog,
    WebhookDispatcher,
    EventFeed,
    WebhookPruning,
  ],
  exports: [WebhookEndpoints, WebhookDeliveryLog],
})
export class WebhooksModule {}
