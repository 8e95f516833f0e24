import { Controller, Get, Inject, Param, Post, Res, UseInterceptors } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Allow } from '../../common/auth/allow.decorator';
import { ACCEPTS_MULTIPART_FORM } from '../../common/http/body-parsers';
import { FailedLinkLookups, LinkLookupLimit } from '../../common/rate-limit/failed-link-lookups';
import type { PageContexts, PageName } from '../../common/templates/page-contexts';
import { PageRenderer } from '../../common/templates/page-renderer';
import { sendPrivatePage } from '../../common/templates/private-page';
import { COMPANY_CONFIG, type CompanyConfig } from '../../config/config-sections';
import { Customer } from '../customers/customer.entity';
import { Outbox } from '../email/outbox';
import { SuppressionsService } from '../suppressions/suppressions.service';
import { Invitation } from './invitation.entity';
import { InvitationsService } from './invitations.service';
import { recordInvitationEvent } from './invitation-timeline';

/**
 * `/u/{token}`: unsubscribe. GET (and the HEAD Fastify derives from it) only shows a confirmation,
 * since mail scanners follow links;
 * POST unsubscribes, idempotently and without a cookie, which is also RFC 8058's one-click POST
 * (`List-Unsubscribe=One-Click`) that mail clients send, URL-encoded or as multipart/form-data
 * (RFC 8058 allows both); the body's content does not matter.
 */
@ApiExcludeController()
@Allow('public')
@Controller('u')
@UseInterceptors(LinkLookupLimit)
export class UnsubscribeController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly invitations: InvitationsService,
    private readonly suppressions: SuppressionsService,
    private readonly outbox: Outbox,
    private readonly linkLookups: FailedLinkLookups,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COMPANY_CONFIG) private readonly config: CompanyConfig,
  ) {}

  @Get(':token')
  async confirm(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const found = await this.find(token);
    if (!found) return this.notFound(reply);
    this.page(reply, 200, 'unsubscribe', { token, company: this.config.companyName });
  }

  @Post(':token')
  @RouteConfig(ACCEPTS_MULTIPART_FORM)
  async unsubscribe(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const found = await this.find(token);
    if (!found) return this.notFound(reply);
    await this.dataSource.transaction(async (manager) => {
      await this.suppressions.suppress(found.customer.email, 'unsubscribed', manager);
      await this.outbox.cancelQueuedEmails(manager, { customerId: found.customer.id });
      await recordInvitationEvent(manager, found.invitation.id, 'unsubscribed');
    });
    this.page(reply, 200, 'unsubscribed', { company: this.config.companyName });
  }

  private find(token: string): Promise<{ invitation: Invitation; customer: Customer } | null> {
    return this.invitations.findByLink(token);
  }

  /** 404, or 429 for an address that looked up too many unknown links. */
  private notFound(reply: FastifyReply): Promise<void> {
    return this.linkLookups.sendUnknownLinkPage(reply);
  }

  private page<P extends PageName>(
    reply: FastifyReply,
    status: number,
    page: P,
    context: PageContexts[P],
  ): void {
    sendPrivatePage(reply, status, this.pages.render(page, context));
  }
}
