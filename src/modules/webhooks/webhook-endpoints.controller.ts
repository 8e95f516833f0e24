import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { Principal } from '../../common/auth/principal';
import { type Page, PageQuery } from '../../common/pagination/page-query';
import { CreateWebhookEndpointDto, WebhookEndpointChangeDto } from './dto/webhook-endpoint.dto';
import { WebhookDeliveryFilterDto } from './dto/webhook-delivery-filter.dto';
import {
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookEndpointWithSecretView,
} from './dto/webhook-views.dto';
import { type WebhookDeliveryDto, WebhookDeliveryLog } from './webhook-delivery-log';
import {
  toWebhookEndpointDto,
  type WebhookEndpointDto,
  WebhookEndpoints,
} from './webhook-endpoints.service';
import { webhookDeliveryNotFound } from './webhooks.errors';

/** A malformed id is simply none. */
const ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });
const DELIVERY_ID = /^\d{1,18}$/;

/** Webhook endpoints and their delivery logs (docs/api.md "Webhooks"): admins and integrations. */
@ApiTags('Webhooks')
@Allow('admin', 'integration')
@Controller('api/v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly log: WebhookDeliveryLog,
  ) {}

  @Get()
  @Documented('List the webhook endpoints, newest first', { 200: { page: WebhookEndpointView } })
  list(@Query() page: PageQuery): Promise<Page<WebhookEndpointDto>> {
    return this.endpoints.list(page);
  }

  /** The signing secret is in this answer only. */
  @Post()
  @Documented('Add a webhook endpoint: its signing secret is in this answer only', {
    201: WebhookEndpointWithSecretView,
  })
  create(
    @Body() body: CreateWebhookEndpointDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ endpoint: WebhookEndpointDto; secret: string }> {
    return this.endpoints.create(body, principal.kind === 'user' ? principal.userId : null);
  }

  @Get(':id')
  @Documented('Get a webhook endpoint', { 200: WebhookEndpointView }, 'webhook_endpoint_not_found')
  async get(@Param('id', ID) id: string): Promise<WebhookEndpointDto> {
    return toWebhookEndpointDto(await this.endpoints.find(id));
  }

  @Patch(':id')
  @Documented(
    'Change a webhook endpoint (enabling it again clears why it was disabled)',
    { 200: WebhookEndpointView },
    'webhook_endpoint_not_found',
  )
  update(
    @Param('id', ID) id: string,
    @Body() body: WebhookEndpointChangeDto,
  ): Promise<WebhookEndpointDto> {
    return this.endpoints.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Documented(
    'Delete a webhook endpoint, its log and its pending deliveries',
    { 204: null },
    'webhook_endpoint_not_found',
  )
  async remove(@Param('id', ID) id: string): Promise<void> {
    await this.endpoints.remove(id);
  }

  /** A new secret (in this answer only); the old one signs beside it for 24 hours. */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @Documented(
    'Rotate the signing secret: the old one signs beside the new one for 24 hours',
    { 200: WebhookEndpointWithSecretView },
    'webhook_endpoint_not_found',
  )
  rotate(@Param('id', ID) id: string): Promise<{ endpoint: WebhookEndpointDto; secret: string }> {
    return this.endpoints.rotateSecret(id);
  }

  /** Queues a `webhook.test` event to it; the log shows how it went. */
  @Post(':id/test')
  @HttpCode(202)
  @Documented(
    'Send a test event to the endpoint',
    { 202: WebhookDeliveryView },
    'webhook_endpoint_not_found',
  )
  async test(@Param('id', ID) id: string): Promise<WebhookDeliveryDto> {
    await this.endpoints.find(id);
    return this.log.sendTest(id);
  }

  @Get(':id/deliveries')
  @Documented(
    "The endpoint's delivery log, newest first",
    { 200: { page: WebhookDeliveryView } },
    'webhook_endpoint_not_found',
  )
  async deliveries(
    @Param('id', ID) id: string,
    @Query() filter: WebhookDeliveryFilterDto,
  ): Promise<Page<WebhookDeliveryDto>> {
    await this.endpoints.find(id);
    return this.log.list(id, filter);
  }

  /** Sends it again now, with the same `webhook-id`. */
  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @Documented(
    'Send a delivery again now, with the same message id',
    { 202: WebhookDeliveryView },
    'webhook_endpoint_not_found',
    'webhook_delivery_not_found',
    'webhook_endpoint_disabled',
  )
  async redeliver(
    @Param('id', ID) id: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<WebhookDeliveryDto> {
    await this.endpoints.find(id);
    if (!DELIVERY_ID.test(deliveryId)) throw webhookDeliveryNotFound();
    return this.log.redeliver(id, deliveryId);
  }
}
