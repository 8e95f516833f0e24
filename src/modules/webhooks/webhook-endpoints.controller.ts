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
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { Principal } from '../../common/auth/principal';
import { type Page, PageQuery } from '../../common/pagination/page-query';
import { CreateWebhookEndpointDto, WebhookEndpointChangeDto } from './dto/webhook-endpoint.dto';
import { WebhookDeliveryFilterDto } from './dto/webhook-delivery-filter.dto';
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
@ApiBearerAuth()
@ApiCookieAuth()
@Allow('admin', 'integration')
@Controller('api/v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly log: WebhookDeliveryLog,
  ) {}

  @Get()
  list(@Query() page: PageQuery): Promise<Page<WebhookEndpointDto>> {
    return this.endpoints.list(page);
  }

  /** The signing secret is in this answer only. */
  @Post()
  create(
    @Body() body: CreateWebhookEndpointDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ endpoint: WebhookEndpointDto; secret: string }> {
    return this.endpoints.create(body, principal.kind === 'user' ? principal.userId : null);
  }

  @Get(':id')
  async get(@Param('id', ID) id: string): Promise<WebhookEndpointDto> {
    return toWebhookEndpointDto(await this.endpoints.find(id));
  }

  @Patch(':id')
  update(
    @Param('id', ID) id: string,
    @Body() body: WebhookEndpointChangeDto,
  ): Promise<WebhookEndpointDto> {
    return this.endpoints.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', ID) id: string): Promise<void> {
    await this.endpoints.remove(id);
  }

  /** A new secret (in this answer only); the old one signs beside it for 24 hours. */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  rotate(@Param('id', ID) id: string): Promise<{ endpoint: WebhookEndpointDto; secret: string }> {
    return this.endpoints.rotateSecret(id);
  }

  /** Queues a `webhook.test` event to it; the log shows how it went. */
  @Post(':id/test')
  @HttpCode(202)
  async test(@Param('id', ID) id: string): Promise<WebhookDeliveryDto> {
    await this.endpoints.find(id);
    return this.log.sendTest(id);
  }

  @Get(':id/deliveries')
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
  async redeliver(
    @Param('id', ID) id: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<WebhookDeliveryDto> {
    await this.endpoints.find(id);
    if (!DELIVERY_ID.test(deliveryId)) throw webhookDeliveryNotFound();
    return this.log.redeliver(id, deliveryId);
  }
}
