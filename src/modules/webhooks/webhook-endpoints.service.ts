import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { isUUID } from 'class-validator';
import type { Page, PageQuery } from '../../common/pagination/page-query';
import { decodeCursor, DEFAULT_PAGE_SIZE, pageOf } from '../../common/pagination/page-query';
import { validationError } from '../../common/validation/validation-error';
import { WEBHOOKS_CONFIG, type WebhooksConfig } from '../../config/config-sections';
import { parseWebhookAllowance } from './delivery/webhook-allowance';
import { checkWebhookUrl } from './delivery/webhook-url';
import type {
  CreateWebhookEndpointDto,
  WebhookEndpointChangeDto,
} from './dto/webhook-endpoint.dto';
import { CHAT_EVENT_TYPES } from './chat/chat-events';
import { WEBHOOK_EVENT_TYPES } from './webhook-catalogue';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { newSigningSecret } from './webhook-signing';
import { notOurCursor, webhookEndpointNotFound } from './webhooks.errors';
import { parkDeliveries, resumeDeliveries } from './webhook-deliveries';
import { staticHeaderProblems } from './webhook-headers';

/** An endpoint as the API and the console show it: never its secret, once created. */
export interface WebhookEndpointDto {
  id: string;
  kind: WebhookEndpoint['kind'];
  url: string;
  description: string;
  /** Null: every event, present and future. */
  eventTypes: string[] | null;
  includeAnonymous: boolean;
  ordered: boolean;
  /** Names only: a value may be a credential. */
  headerNames: string[];
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  failingSince: string | null;
  /** Until when the secret before the last rotation still signs beside the new one. */
  previousSecretValidUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A rotated-out secret keeps signing beside the new one this long, while receivers switch. */
export const ROTATION_OVERLAP_HOURS = 24;

export function toWebhookEndpointDto(endpoint: WebhookEndpoint): WebhookEndpointDto {
  const overlap = endpoint.previousSecretUntil;
  return {
    id: endpoint.id,
    kind: endpoint.kind,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    includeAnonymous: endpoint.includeAnonymous,
    ordered: endpoint.ordered,
    headerNames: Object.keys(endpoint.headers).sort(),
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    failingSince: endpoint.failingSince?.toISOString() ?? null,
    previousSecretValidUntil: overlap && overlap > new Date() ? overlap.toISOString() : null,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

/** The webhook endpoints: created, changed, rotated and deleted by admins and integrations. */
@Injectable()
export class WebhookEndpoints {
  private readonly allowPrivateHosts: string[];

  constructor(
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
  ) {
    this.allowPrivateHosts = parseWebhookAllowance(config.allowPrivate);
  }

  async list(page: PageQuery): Promise<Page<WebhookEndpointDto>> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const query = this.endpoints
      .createQueryBuilder('e')
      .orderBy('e.created_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(limit + 1);
    if (page.cursor) {
      const [createdAt, id] = decodeCursor(page.cursor, 2);
      if (Number.isNaN(Date.parse(createdAt)) || !isUUID(id)) throw notOurCursor('cursor');
      query.where('(e.created_at, e.id) < (:createdAt::timestamptz, :id::uuid)', { createdAt, id });
    }
    const rows = await query.getMany();
    return pageOf(rows, limit, toWebhookEndpointDto, (row) => [
      row.createdAt.toISOString(),
      row.id,
    ]);
  }

  async find(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.findOneBy({ id });
    if (!endpoint) throw webhookEndpointNotFound();
    return endpoint;
  }

  /** Creates it with a new secret, which this answer alone shows. */
  async create(
    body: CreateWebhookEndpointDto,
    createdBy: string | null,
  ): Promise<{ endpoint: WebhookEndpointDto; secret: string }> {
    const kind = body.kind ?? 'standard';
    const draft = this.endpoints.create({
      kind,
      url: body.url.trim(),
      description: body.description?.trim() ?? '',
      eventTypes: body.eventTypes ?? (kind === 'standard' ? null : [...CHAT_EVENT_TYPES]),
      includeAnonymous: body.includeAnonymous ?? false,
      ordered: body.ordered ?? false,
      headers: body.headers ?? {},
      enabled: body.enabled ?? true,
      secret: newSigningSecret(),
      createdBy,
    });
    await this.check(draft);
    const saved = await this.endpoints.save(draft);
    return { endpoint: toWebhookEndpointDto(saved), secret: saved.secret };
  }

  /**
   * Changes it under a lock on its row, so that a change racing the sender's (a 410 disabling
   * it) or a rotation never writes back what the other replaced. Disabling it parks its pending
   * deliveries; enabling it makes them due again.
   */
  update(id: string, change: WebhookEndpointChangeDto): Promise<WebhookEndpointDto> {
    return this.locked(id, async (endpoint, manager) => {
      const wasEnabled = endpoint.enabled;
      const newUrl = this.apply(endpoint, change);
      // A URL is checked when it is given: an endpoint whose host stopped resolving can still be
      // disabled or have its events changed (the sender checks every address anyway).
      await this.check(endpoint, { url: newUrl });
      const saved = await manager.save(bumped(endpoint));
      if (wasEnabled && !saved.enabled) await parkDeliveries(manager, [saved.id]);
      if (!wasEnabled && saved.enabled) await resumeDeliveries(manager, saved.id);
      return toWebhookEndpointDto(saved);
    });
  }

  /** Applies a change to the row; answers whether the URL is a new one. */
  private apply(endpoint: WebhookEndpoint, change: WebhookEndpointChangeDto): boolean {
    const newUrl = change.url !== undefined && change.url.trim() !== endpoint.url;
    if (newUrl) endpoint.url = change.url!.trim();
    if (change.description !== undefined) endpoint.description = change.description.trim();
    if (change.eventTypes !== undefined) endpoint.eventTypes = change.eventTypes;
    if (change.includeAnonymous !== undefined) endpoint.includeAnonymous = change.includeAnonymous;
    if (change.ordered !== undefined) endpoint.ordered = change.ordered;
    if (change.headers !== undefined) endpoint.headers = change.headers;
    if (change.enabled !== undefined && change.enabled !== endpoint.enabled) {
      endpoint.enabled = change.enabled;
      endpoint.disabledReason = change.enabled ? null : 'admin';
      endpoint.disabledAt = change.enabled ? null : new Date();
      endpoint.failingSince = null;
    }
    return newUrl;
  }

  /**
   * A new secret, shown in this answer alone; the one it replaces keeps signing beside it for
   * `ROTATION_OVERLAP_HOURS` (a second rotation within them drops the oldest).
   */
  rotateSecret(id: string): Promise<{ endpoint: WebhookEndpointDto; secret: string }> {
    return this.locked(id, async (endpoint, manager) => {
      endpoint.previousSecret = endpoint.secret;
      endpoint.previousSecretUntil = new Date(Date.now() + ROTATION_OVERLAP_HOURS * 3_600_000);
      endpoint.secret = newSigningSecret();
      const saved = await manager.save(bumped(endpoint));
      return { endpoint: toWebhookEndpointDto(saved), secret: saved.secret };
    });
  }

  /** Runs `work` on the endpoint in a transaction that holds its row; 404 when there is none. */
  private locked<T>(
    id: string,
    work: (endpoint: WebhookEndpoint, manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return this.endpoints.manager.transaction(async (manager) => {
      const endpoint = await manager.findOne(WebhookEndpoint, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!endpoint) throw webhookEndpointNotFound();
      return work(endpoint, manager);
    });
  }

  /** Deletes it with its delivery log; pending deliveries go with it. */
  async remove(id: string): Promise<void> {
    const { affected } = await this.endpoints.delete({ id });
    if (!affected) throw webhookEndpointNotFound();
  }

  /** 400 naming every field that is wrong: a URL it may not reach, events, headers. */
  private async check(endpoint: WebhookEndpoint, { url = true } = {}): Promise<void> {
    const problems: { field: string; message: string }[] = [];
    const urlProblem = url
      ? await checkWebhookUrl(endpoint.url, {
          allowPrivateHosts: this.allowPrivateHosts,
          requireHttps: this.config.requireHttps,
        })
      : null;
    if (urlProblem) problems.push({ field: 'url', message: urlProblem });
    if (endpoint.kind !== 'standard') {
      const unfit = (endpoint.eventTypes ?? WEBHOOK_EVENT_TYPES).filter(
        (type) => !(CHAT_EVENT_TYPES as readonly string[]).includes(type),
      );
      if (unfit.length > 0) {
        problems.push({
          field: 'eventTypes',
          message: `a chat endpoint takes only ${CHAT_EVENT_TYPES.join(', ')}; not ${unfit.join(', ')}`,
        });
      }
    }
    problems.push(...staticHeaderProblems(endpoint.headers));
    if (problems.length > 0) throw validationError(problems);
  }
}

/** The row as changed now: its version and time moved on. */
function bumped(endpoint: WebhookEndpoint): WebhookEndpoint {
  endpoint.version += 1;
  endpoint.updatedAt = new Date();
  return endpoint;
}
