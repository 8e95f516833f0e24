import {
  Controller,
  Get,
  HttpStatus,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { localeFor } from '../../common/i18n/locale';
import { longDate } from '../../common/i18n/long-date';
import { FailedLinkLookups, LinkLookupLimit } from '../../common/rate-limit/failed-link-lookups';
import type { PageContexts, PageName } from '../../common/templates/page-contexts';
import { PageRenderer } from '../../common/templates/page-renderer';
import {
  PRIVATE_PAGE_HEADERS,
  redirectPrivately,
  sendPrivatePage,
} from '../../common/templates/private-page';
import { COMPANY_CONFIG, type CompanyConfig } from '../../config/config-sections';
import { CONSENT_PURPOSES, type ConsentPurpose } from '../consent/consent-text.entity';
import { ConsentService } from '../consent/consent.service';
import type { Customer } from '../customers/customer.entity';
import type { Invitation } from '../invitations/invitation.entity';
import { InvitationsService } from '../invitations/invitations.service';
import { CustomerDataService } from './customer-data.service';
import type { PrivacyCenterView } from './privacy-pages';
import { PRIVACY_TEXTS } from './privacy-texts';
import { linkPath } from '../../common/links/survey-links';

/**
 * `/p/{token}`: the privacy center, linked from every email and thank-you page. It shows the
 * customer's current consents and lets them withdraw one (a single click, as easy as giving it),
 * download everything held about them, or be erased. GET never changes anything.
 */
@ApiExcludeController()
@Allow('public')
@Controller('p')
@UseInterceptors(LinkLookupLimit)
export class PrivacyCenterController {
  constructor(
    private readonly data: CustomerDataService,
    private readonly invitations: InvitationsService,
    private readonly consent: ConsentService,
    private readonly pages: PageRenderer,
    private readonly linkLookups: FailedLinkLookups,
    @Inject(COMPANY_CONFIG) private readonly config: CompanyConfig,
  ) {}

  @Get(':token')
  async show(
    @Param('token') token: string,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const found = await this.find(token);
    if (!found) return this.notFound(reply);
    await this.center(reply, HttpStatus.OK, token, found, done === 'withdrawn', null);
  }

  @Post(':token/withdraw')
  async withdraw(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const found = await this.find(token);
    if (!found) return this.notFound(reply);
    const purpose = (request.body as Record<string, unknown> | undefined)?.purpose;
    const withdrawn =
      isPurpose(purpose) &&
      (await this.data.withdraw(found.customer.id, purpose, 'privacy_center', found.invitation.id));
    const page = linkPath('privacy', token);
    redirectPrivately(reply, withdrawn ? `${page}?done=withdrawn` : page);
  }

  /** Everything held about the customer, as a JSON file (POST: link scanners never fetch it). */
  @Post(':token/data')
  async download(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const found = await this.find(token);
    if (!found) return this.notFound(reply);
    const data = await this.data.exportData(found.customer.id);
    void reply
      .status(HttpStatus.OK)
      .headers(PRIVATE_PAGE_HEADERS)
      .header('content-disposition', 'attachment; filename="my-data.json"')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  }

  @Post(':token/erase')
  async erase(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const found = await this.find(token);
    if (!found) return this.notFound(reply);
    const locale = localeFor(found.customer.locale);
    if ((request.body as Record<string, unknown> | undefined)?.confirm !== 'yes') {
      const message = PRIVACY_TEXTS[locale].eraseConfirmMissing;
      return this.center(reply, HttpStatus.BAD_REQUEST, token, found, false, message);
    }
    await this.data.erase(found.customer.id);
    this.page(reply, HttpStatus.OK, 'privacy-erased', {
      lang: locale,
      t: PRIVACY_TEXTS[locale],
      company: this.config.companyName,
    });
  }

  private async center(
    reply: FastifyReply,
    status: number,
    token: string,
    { customer }: { customer: Customer },
    withdrawn: boolean,
    eraseError: string | null,
  ): Promise<void> {
    const locale = localeFor(customer.locale);
    const t = PRIVACY_TEXTS[locale];
    const consents = await this.consent.currentConsents(customer.id);
    const view: PrivacyCenterView = {
      lang: locale,
      t,
      company: this.config.companyName,
      notice: withdrawn ? t.withdrawnNotice : null,
      consents: consents.map((consent) => ({
        purpose: consent.purpose,
        label: t.purpose[consent.purpose],
        status:
          consent.action === 'granted'
            ? t.given(longDate(locale, consent.occurredAt), consent.textVersion)
            : t.withdrawn(longDate(locale, consent.occurredAt)),
        withdrawAction:
          consent.action === 'granted' ? linkPath('privacy', token, 'withdraw') : null,
      })),
      downloadUrl: linkPath('privacy', token, 'data'),
      eraseAction: linkPath('privacy', token, 'erase'),
      eraseError,
    };
    this.page(reply, status, 'privacy-center', view);
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
    view: PageContexts[P],
  ): void {
    sendPrivatePage(reply, status, this.pages.render(page, view));
  }
}

const isPurpose = (value: unknown): value is ConsentPurpose =>
  typeof value === 'string' && (CONSENT_PURPOSES as readonly string[]).includes(value);
