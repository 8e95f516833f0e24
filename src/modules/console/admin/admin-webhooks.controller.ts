import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../../common/auth/principal';
import { ApiError } from '../../../common/errors/api-error';
import { PRIVATE_PAGE_HEADERS, redirectPrivately } from '../../../common/templates/private-page';
import { dtoProblems, parsed } from '../../../common/validation/parse-dto';
import { WebhookDeliveryFilterDto } from '../../webhooks/dto/webhook-delivery-filter.dto';
import {
  CreateWebhookEndpointDto,
  WebhookEndpointChangeDto,
} from '../../webhooks/dto/webhook-endpoint.dto';
import { WebhookDeliveryLog } from '../../webhooks/webhook-delivery-log';
import {
  toWebhookEndpointDto,
  type WebhookEndpointDto,
  WebhookEndpoints,
} from '../../webhooks/webhook-endpoints.service';
import { webhookDeliveryNotFound } from '../../webhooks/webhooks.errors';
import type { FormError } from './admin-form-fields';
import { type Form, submitted, text } from './admin-forms';
import { AdminPage, type Feedback } from './admin-page';
import {
  NEW_WEBHOOK,
  postedWebhookDraft,
  savedWebhookDraft,
  webhookBody,
  type WebhookDraft,
  webhookErrors,
  webhookFormView,
  WORDS,
} from './webhook-form';
import {
  endpointPageView,
  endpointView,
  type LogQuery,
  logFilterView,
  secretView,
  WEBHOOKS_PATH,
  webhookLogView,
} from './webhook-pages.views';
import type { WebhookDone } from './webhook-words';

/** A malformed id is simply none. */
const ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });
const DELIVERY_ID = /^\d{1,18}$/;
const LOG_PAGE_SIZE = 20;

/** What an endpoint's page shows besides the endpoint: a form as typed, a secret, a question. */
interface Shown extends Feedback {
  draft?: WebhookDraft;
  errors?: FormError[];
  secret?: { value: string; rotated: boolean };
  confirmDelete?: boolean;
  log?: LogQuery;
}

/**
 * Webhook endpoints for admins (issue 17): the list with the form to add one, and each
 * endpoint's page: its settings, enable and disable, a rotated secret, delete after a question,
 * a test event, and the delivery log with redelivery, which htmx refreshes in place (204 while
 * nothing changed). Everything works without JavaScript. A secret is shown once, on the page that
 * answers the form that made it. Saves go through the API's DTOs and service; what they refuse
 * is said next to its field, the form keeping what was typed.
 */
@ApiExcludeController()
@Allow('admin')
@Controller('console/admin/webhooks')
export class AdminWebhooksController {
  constructor(
    private readonly page: AdminPage,
    private readonly endpoints: WebhookEndpoints,
    private readonly deliveries: WebhookDeliveryLog,
  ) {}

  @Get()
  async list(
    @CurrentPrincipal() user: UserPrincipal,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.renderList(reply, user, HttpStatus.OK, NEW_WEBHOOK, { notice: doneWords(done) });
  }

  @Post()
  async create(
    @Body() form: Form | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const draft = postedWebhookDraft(form);
    const refused = (errors: FormError[], status: number) =>
      this.renderList(reply, user, status, draft, { errors });
    const { body, errors } = webhookBody(draft, null);
    const problems = dtoProblems(CreateWebhookEndpointDto, body);
    if (errors.length + problems.length > 0) {
      return refused([...errors, ...webhookErrors(problems, draft)], HttpStatus.BAD_REQUEST);
    }
    try {
      const made = await this.endpoints.create(parsed(CreateWebhookEndpointDto, body), user.userId);
      await this.renderEndpoint(reply, user, HttpStatus.CREATED, made.endpoint, {
        secret: { value: made.secret, rotated: false },
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      await refused(refusalErrors(error, draft), error.status);
    }
  }

  @Get(':id')
  async endpointPage(
    @Param('id', ID) id: string,
    @CurrentPrincipal() user: UserPrincipal,
    @Query() query: Form,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const endpoint = await this.find(id);
    await this.renderEndpoint(reply, user, HttpStatus.OK, endpoint, {
      notice: doneWords(query.done),
      log: logQuery(query),
    });
  }

  @Post(':id')
  async update(
    @Param('id', ID) id: string,
    @Body() form: Form | undefined,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const saved = await this.endpoints.find(id);
    const draft = postedWebhookDraft(form, saved.kind);
    const refused = (errors: FormError[], status: number) =>
      this.renderEndpoint(reply, user, status, toWebhookEndpointDto(saved), { draft, errors });
    const { body, errors } = webhookBody(draft, saved.headers);
    const problems = dtoProblems(WebhookEndpointChangeDto, body);
    if (errors.length + problems.length > 0) {
      return refused([...errors, ...webhookErrors(problems, draft)], HttpStatus.BAD_REQUEST);
    }
    try {
      await this.endpoints.update(id, parsed(WebhookEndpointChangeDto, body));
      done(reply, id, 'saved');
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === HttpStatus.NOT_FOUND) throw error;
      await refused(refusalErrors(error, draft), error.status);
    }
  }

  @Post(':id/enable')
  async enable(
    @Param('id', ID) id: string,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.switchTo(true, id, user, reply);
  }

  @Post(':id/disable')
  async disable(
    @Param('id', ID) id: string,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.switchTo(false, id, user, reply);
  }

  /** The new secret, shown on the page this answers and never again. */
  @Post(':id/rotate')
  async rotate(
    @Param('id', ID) id: string,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const rotated = await this.endpoints.rotateSecret(id);
    await this.renderEndpoint(reply, user, HttpStatus.OK, rotated.endpoint, {
      secret: { value: rotated.secret, rotated: true },
    });
  }

  @Post(':id/test')
  async sendTest(@Param('id', ID) id: string, @Res() reply: FastifyReply): Promise<void> {
    await this.endpoints.find(id);
    await this.deliveries.sendTest(id);
    done(reply, id, 'test');
  }

  /** The question before a delete: the endpoint's page asking it. */
  @Get(':id/delete')
  async confirmDelete(
    @Param('id', ID) id: string,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const endpoint = await this.find(id);
    await this.renderEndpoint(reply, user, HttpStatus.OK, endpoint, { confirmDelete: true });
  }

  /** Deletes once the question was answered yes; without the answer, asks it. */
  @Post(':id/delete')
  async remove(
    @Param('id', ID) id: string,
    @Body() form: Form | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (text(form?.confirm) !== 'yes') {
      await this.endpoints.find(id);
      return redirectPrivately(reply, `${WEBHOOKS_PATH}/${id}/delete`);
    }
    await this.endpoints.remove(id);
    redirectPrivately(reply, `${WEBHOOKS_PATH}?done=deleted`);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  async redeliver(
    @Param('id', ID) id: string,
    @Param('deliveryId') deliveryId: string,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.endpoints.find(id);
    if (!DELIVERY_ID.test(deliveryId)) throw webhookDeliveryNotFound();
    // A disabled endpoint's page says why nothing can be sent again (409), in its own words.
    await submitted(
      async () => {
        await this.deliveries.redeliver(id, deliveryId);
        done(reply, id, 'redelivered');
      },
      async (error) =>
        this.renderEndpoint(reply, user, error.status, await this.find(id), {
          error: error.message,
        }),
    );
  }

  /** The log alone, for the page's refresh: 204 when it shows what the page already has. */
  @Get(':id/log')
  async log(
    @Param('id', ID) id: string,
    @CurrentPrincipal() user: UserPrincipal,
    @Query() query: Form,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.endpoints.find(id);
    const { view, fingerprint } = await this.logPage(id, logQuery(query), user);
    if (query.since === fingerprint) {
      void reply.status(204).headers(PRIVATE_PAGE_HEADERS).send();
      return;
    }
    this.page.send(reply, HttpStatus.OK, 'console-admin-webhook-log', view);
  }

  private async find(id: string): Promise<WebhookEndpointDto> {
    return toWebhookEndpointDto(await this.endpoints.find(id));
  }

  private async switchTo(
    enabled: boolean,
    id: string,
    user: UserPrincipal,
    reply: FastifyReply,
  ): Promise<void> {
    await submitted(
      async () => {
        await this.endpoints.update(id, { enabled });
        done(reply, id, enabled ? 'enabled' : 'disabled');
      },
      async (error) =>
        this.renderEndpoint(reply, user, error.status, await this.find(id), {
          error: error.message,
        }),
    );
  }

  private async logPage(id: string, query: LogQuery, user: UserPrincipal) {
    const filter = parsed(WebhookDeliveryFilterDto, query);
    const page = await this.deliveries.list(id, { ...filter, limit: LOG_PAGE_SIZE });
    return webhookLogView(id, query, page, user.csrfToken, new Date());
  }

  private async renderList(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    draft: WebhookDraft,
    shown: Shown,
  ): Promise<void> {
    const { items } = await this.endpoints.list({ limit: 200 });
    const now = new Date();
    this.page.send(reply, status, 'console-admin-webhooks', {
      ...this.page.frame(user, shown),
      words: WORDS,
      endpoints: items.map((endpoint) => endpointView(endpoint, now)),
      form: webhookFormView(draft, {
        csrfToken: user.csrfToken,
        action: WEBHOOKS_PATH,
        isNew: true,
        errors: shown.errors ?? [],
      }),
    });
  }

  private async renderEndpoint(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    endpoint: WebhookEndpointDto,
    shown: Shown,
  ): Promise<void> {
    const now = new Date();
    const query = shown.log ?? {};
    const { view: log } = await this.logPage(endpoint.id, query, user);
    this.page.send(reply, status, 'console-admin-webhook', {
      ...this.page.frame(user, shown),
      words: WORDS,
      endpoint: endpointPageView(endpoint, now),
      secret: shown.secret
        ? secretView(endpoint, shown.secret.value, shown.secret.rotated, now)
        : null,
      confirmDelete: shown.confirmDelete ?? false,
      filter: logFilterView(endpoint.id, query.status),
      log,
      form: webhookFormView(shown.draft ?? savedWebhookDraft(endpoint), {
        csrfToken: user.csrfToken,
        action: `${WEBHOOKS_PATH}/${endpoint.id}`,
        isNew: false,
        errors: shown.errors ?? [],
      }),
    });
  }
}

/** The log's filter and page as asked (checked by the API's DTO when read). */
function logQuery(query: Form): LogQuery {
  const asked: LogQuery = {};
  if (text(query.status) !== '') asked.status = text(query.status);
  if (text(query.cursor) !== '') asked.cursor = text(query.cursor);
  return asked;
}

/** The sentence for `?done=…`, or null for none (or one the pages do not know). */
function doneWords(value: unknown): string | null {
  return typeof value === 'string' && Object.hasOwn(WORDS.done, value)
    ? WORDS.done[value as WebhookDone]
    : null;
}

/** A 303 back to the endpoint's page, which then says what was done. */
function done(reply: FastifyReply, id: string, what: WebhookDone): void {
  redirectPrivately(reply, `${WEBHOOKS_PATH}/${id}?done=${what}`);
}

/** A refusal on the form's fields; one without details in the summary alone. */
function refusalErrors(error: ApiError, draft: WebhookDraft): FormError[] {
  return error.details?.length
    ? webhookErrors(error.details, draft)
    : [{ field: '', message: error.message }];
}
